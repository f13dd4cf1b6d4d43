"""The policy's common parts edited as a form, saved as a new revision that keeps the rest of
the text, and the diff between two revisions."""

from __future__ import annotations

from html.parser import HTMLParser

from trustdesk.desk.policies import get_active_policy, list_policy_revisions
from trustdesk.desk.roles import SYSTEM
from trustdesk.policy import policy_from_yaml
from web_support import Web


class _Form(HTMLParser):
    """The fields a browser would send from the form with id `form_id`, as they stand."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and "name" in a:
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select, self._first = a["name"], None
        elif tag == "option" and self._select is not None:
            if self._first is None:
                self._first = a.get("value", "")
                self.fields.setdefault(self._select, self._first)
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(page: str, form_id: str = "policy-form") -> dict[str, str]:
    parser = _Form(form_id)
    parser.feed(page)
    assert parser.fields, f"no form {form_id!r} on the page"
    return parser.fields


def test_the_form_saves_a_new_revision_and_keeps_the_rest_of_the_text(web: Web) -> None:
    ada = web.signed_in("ada")
    before = get_active_policy(web.desk, SYSTEM)
    fields = form_fields(ada.get("/policy").text)
    assert fields["sla.first_response"] == "4h"
    assert fields["never_say-0-text"] == "calm down"
    fields.update(
        {
            "revision": "form-edit-1",
            "sla.first_response": "2h",
            # A new never-say phrase in the blank row, and one check made a block.
            "never_say-5-text": "per my last email",
            "never_say-5-reason": "Reads as blaming the customer.",
            "never_say-5-severity": "block",
            "check-respect.rude": "block",
        }
    )
    fields["facts-0-remove"] = "1"
    saved = ada.post("/policy/form", fields)
    assert saved.status_code == 303, saved.text
    after = get_active_policy(web.desk, SYSTEM)
    assert after.revision == "form-edit-1" and after.source == "desk"
    policy = policy_from_yaml(after.yaml)
    assert policy.sla.first_response.total_seconds() == 2 * 3600
    assert policy.never_say[-1].phrase == "per my last email"
    assert policy.checks["respect.rude"].severity == "block"
    assert all(f.topic != "refund processing" for f in policy.facts)
    assert web.desk.policy.revision == "form-edit-1"
    # What the form does not show stays as written, comments too.
    for line in before.yaml.splitlines():
        if line.startswith("#") or line.startswith("organisation:") or "timezone:" in line:
            assert line in after.yaml


def test_a_mistake_in_the_form_is_shown_with_its_line_and_field(web: Web) -> None:
    ada = web.signed_in("ada")
    fields = form_fields(ada.get("/policy").text)
    fields.update({"revision": "form-broken", "never_say-0-kind": "pattern"})
    fields["never_say-0-text"] = "(unclosed"
    refused = ada.post("/policy/form", fields)
    assert refused.status_code == 422
    assert "Not saved: line" in refused.text and "never_say" in refused.text
    assert 'class="at-fault"' in refused.text
    # The form comes back as it was sent.
    assert form_fields(refused.text)["never_say-0-text"] == "(unclosed"
    assert web.desk.policy.revision != "form-broken"


def test_a_reused_label_is_refused(web: Web) -> None:
    ada = web.signed_in("ada")
    fields = form_fields(ada.get("/policy").text)
    label = fields["revision"]
    fields["sla.first_response"] = "1h"
    refused = ada.post("/policy/form", fields)
    assert refused.status_code == 422 and "already names a different policy" in refused.text
    assert get_active_policy(web.desk, SYSTEM).revision == label


def test_the_diff_shows_what_changed_between_two_revisions(web: Web) -> None:
    ada = web.signed_in("ada")
    fields = form_fields(ada.get("/policy").text)
    fields.update({"revision": "diff-1", "sla.update_interval": "12h"})
    assert ada.post("/policy/form", fields).status_code == 303
    newer, older = list_policy_revisions(web.desk, SYSTEM)[:2]
    page = ada.get("/policy")
    assert f"/policy/diff?from={older.id}&amp;to={newer.id}" in page.text
    shown = ada.get(f"/policy/diff?from={older.id}&to={newer.id}")
    assert shown.status_code == 200
    assert (
        '<span class="diff-add"><span class="sr-only">added: </span>+  update_interval: 12h'
        in shown.text
    )
    assert "removed: </span>-  update_interval: 24h" in shown.text
    twin = ada.get(f"/policy/diff?from={older.id}&to={newer.id}&format=json").json()
    assert twin["newer"]["revision"] == "diff-1" and twin["added"] == 2 and twin["removed"] == 2
    assert ada.get("/policy/diff?from=999999").status_code == 404
    # Anyone who reads the policy may read its changes; only an admin edits.
    lee = web.signed_in("lee")
    assert lee.get(f"/policy/diff?from={older.id}&to={newer.id}").status_code == 200
    assert 'id="policy-form"' not in lee.get("/policy").text
    assert lee.post("/policy/form", {"revision": "x"}).status_code == 403
