// Keyboard navigation for lists (j/k, Enter, "/"), with no inline script (the CSP forbids it).
(function () {
  "use strict";
  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "/") {
      var search = document.querySelector('input[type="search"]');
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      return;
    }
    if (event.key !== "j" && event.key !== "k") return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("[data-row]"));
    if (rows.length === 0) return;
    var at = rows.indexOf(document.activeElement);
    var next = event.key === "j" ? Math.min(at + 1, rows.length - 1) : Math.max(at - 1, 0);
    if (at === -1) next = 0;
    event.preventDefault();
    rows[next].focus();
    rows[next].scrollIntoView({ block: "nearest" });
  });
})();

// A draft reply is kept in this tab's session storage as it is typed, so a session that
// expires mid-sentence (sign in again, come back) or a reload loses nothing. It is dropped
// once the reply is sent or handed to a lead, and never outlives the tab.
(function () {
  "use strict";
  var key = "trustdesk-draft:" + location.pathname;
  function keep() {
    var draft = document.getElementById("draft");
    if (draft) sessionStorage.setItem(key, draft.value);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var draft = document.getElementById("draft");
    if (!draft) return;
    if (/[?&]done=(sent|warned|asked)\b/.test(location.search)) {
      sessionStorage.removeItem(key);
      return;
    }
    var kept = sessionStorage.getItem(key);
    if (!draft.value && kept) {
      draft.value = kept;
      // Check the restored draft at once, as if it had just been typed.
      draft.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });
  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "draft") keep();
  });
  document.addEventListener("htmx:afterSwap", keep);
})();
