"""Signing in and out of the web desk, its cookies, and CSRF protection on every form."""

from __future__ import annotations

from desk_support import new_ticket
from web_support import Web, csrf_of


def test_a_page_needs_sign_in_and_comes_back_after_it(web: Web) -> None:
    browser = web.browser()
    response = browser.get("/tickets?status=open", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/tickets?status=open"
    page = browser.get("/sign-in?next=/tickets?status=open")
    assert 'name="next" value="/tickets?status=open"' in page.text
    done = browser.post(
        "/sign-in",
        {"username": "ann", "password": web.staff.passwords["ann"], "next": "/tickets"},
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/tickets"
    assert browser.get("/tickets").status_code == 200


def test_the_session_cookie_is_http_only_and_same_site(web: Web) -> None:
    browser = web.browser()
    browser.get("/sign-in")
    response = browser.post("/sign-in", {"username": "ann", "password": web.staff.passwords["ann"]})
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("td_session=td_")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in this test


def test_the_session_cookie_is_secure_over_https(web: Web) -> None:
    browser = web.browser()
    browser.client.base_url = "https://desk.test"  # type: ignore[assignment]
    browser.get("/sign-in")
    response = browser.post("/sign-in", {"username": "ann", "password": web.staff.passwords["ann"]})
    assert "Secure" in response.headers["set-cookie"]


def test_a_wrong_password_is_said_on_the_form(web: Web) -> None:
    browser = web.browser()
    browser.get("/sign-in")
    response = browser.post("/sign-in", {"username": "ann", "password": "not-it-at-all"})
    assert response.status_code == 401
    assert "wrong user name or password" in response.text
    assert 'value="ann"' in response.text
    assert "td_session" not in response.headers.get("set-cookie", "")


def test_sign_in_never_sends_anyone_to_another_site(web: Web) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        browser = web.browser()
        browser.get("/sign-in")
        response = browser.post(
            "/sign-in",
            {"username": "ann", "password": web.staff.passwords["ann"], "next": target},
        )
        assert response.headers["location"] == "/"


def test_signing_out_ends_the_session(web: Web) -> None:
    ann = web.signed_in("ann")
    token = ann.client.cookies["td_session"]
    response = ann.post("/sign-out")
    assert response.status_code == 303
    # The old cookie no longer works, even if someone kept a copy of it.
    stolen = web.browser()
    stolen.client.cookies.set("td_session", token)
    assert stolen.get("/tickets", follow_redirects=False).status_code == 303


def test_a_form_without_the_csrf_token_is_refused(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    response = ann.client.post(
        f"/tickets/{ticket.id}/replies",
        data={"text": "Thanks, it is on its way."},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "expired" in response.text
    page = ann.get(f"/tickets/{ticket.id}")
    assert "Thanks, it is on its way." not in page.text


def test_another_sessions_csrf_token_is_refused(web: Web) -> None:
    ticket = new_ticket(web.desk, web.staff.agent)
    ann = web.signed_in("ann")
    lee = web.signed_in("lee")
    assert ann.csrf != lee.csrf
    response = ann.client.post(
        f"/tickets/{ticket.id}/status",
        data={"status": "closed", "csrf_token": lee.csrf},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_sign_in_itself_needs_the_token_from_the_sign_in_page(web: Web) -> None:
    browser = web.browser()
    response = browser.client.post(
        "/sign-in",
        data={"username": "ann", "password": web.staff.passwords["ann"]},
        follow_redirects=False,
    )
    assert response.status_code == 403
    page = browser.get("/sign-in")
    assert csrf_of(page.text)


def test_pages_forbid_inline_script_and_framing(web: Web) -> None:
    response = web.browser().get("/sign-in")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_assets_are_served_by_the_desk_itself(web: Web) -> None:
    browser = web.browser()
    page = browser.get("/sign-in").text
    for asset in ("/static/htmx.min.js", "/static/desk.js", "/static/desk.css"):
        assert asset in page
        assert browser.get(asset).status_code == 200
    assert "http://" not in page.split("<body")[0].replace("http://desk.test", "")
    assert "https://" not in page.split("<body")[0]


def test_unknown_pages_are_a_page_and_unknown_api_paths_json(web: Web) -> None:
    browser = web.signed_in("ann")
    page = browser.get("/no-such-page")
    assert page.status_code == 404
    assert "There is no page here." in page.text
    api = browser.get("/v1/no-such-thing")
    assert api.status_code == 404
    assert api.json()["error"]["message"]


def test_guessing_on_the_form_is_refused_with_a_wait(web: Web) -> None:
    browser = web.browser()
    browser.get("/sign-in")
    statuses = [
        browser.post("/sign-in", {"username": "ann", "password": "not-it-at-all"}).status_code
        for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    response = browser.post("/sign-in", {"username": "ann", "password": web.staff.passwords["ann"]})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "30"
    assert "too many failed sign-ins: try again in 30 seconds" in response.text
    assert "td_session" not in response.headers.get("set-cookie", "")
