"""People and teams managed in the page: only by an admin, through the desk's use cases."""

from __future__ import annotations

import pytest

from trustdesk.desk import auth
from trustdesk.desk.roles import SYSTEM
from trustdesk.desk.views import UserView
from trustdesk.errors import ConflictError
from web_support import Web


def _user(web: Web, username: str) -> UserView:
    return next(u for u in auth.list_users(web.desk, SYSTEM) if u.username == username)


def test_an_admin_creates_a_team_and_a_user_who_can_then_sign_in(web: Web) -> None:
    ada = web.signed_in("ada")
    assert ada.get("/people").status_code == 200
    assert ada.post("/people/teams", {"name": "Returns"}).status_code == 303
    created = ada.post(
        "/people/users",
        {
            "username": "rui",
            "display_name": "Rui Costa",
            "role": "lead",
            "team": "Returns",
            "password": "rui-password-1",
        },
    )
    assert created.status_code == 201
    assert "User rui created as lead." in created.text
    rui = _user(web, "rui")
    teams = {t.id: t.name for t in auth.list_teams(web.desk, SYSTEM)}
    assert rui.role == "lead" and teams[rui.team_id or 0] == "Returns"
    web.staff.passwords["rui"] = "rui-password-1"
    assert web.signed_in("rui").get("/tickets").status_code == 200


def test_a_generated_password_is_shown_once_and_works(web: Web) -> None:
    ada = web.signed_in("ada")
    ada.get("/people")
    created = ada.post("/people/users", {"username": "sam", "role": "agent", "team": "Support"})
    assert created.status_code == 201
    password = created.text.split("shown only now: ")[1].split("<")[0].strip()
    assert auth.sign_in(web.desk, username="sam", password=password).user.username == "sam"
    assert password not in ada.get("/people").text


def test_role_team_and_deactivation_change_in_the_page(web: Web) -> None:
    ada = web.signed_in("ada")
    ann_browser = web.signed_in("ann")
    ada.get("/people")
    ann = _user(web, "ann")
    assert ada.post(f"/people/users/{ann.id}/role", {"role": "lead"}).status_code == 303
    assert ada.post(f"/people/users/{ann.id}/team", {"team": "Billing"}).status_code == 303
    changed = _user(web, "ann")
    assert changed.role == "lead" and changed.team_id == _user(web, "oto").team_id
    assert ada.post(f"/people/users/{ann.id}/active", {"active": "false"}).status_code == 303
    assert not _user(web, "ann").active
    # Her open session stops working at once.
    assert ann_browser.get("/tickets", follow_redirects=False).status_code in (303, 401)
    assert "deactivated" in ada.get("/people").text
    assert ada.post(f"/people/users/{ann.id}/active", {"active": "true"}).status_code == 303
    assert _user(web, "ann").active


def test_mistakes_are_shown_in_the_page(web: Web) -> None:
    ada = web.signed_in("ada")
    ada.get("/people")
    short = ada.post("/people/users", {"username": "kim", "role": "agent", "password": "short"})
    assert short.status_code == 422 and "at least 10 characters" in short.text
    assert 'value="kim"' in short.text  # what was typed is kept
    taken = ada.post("/people/users", {"username": "ann", "role": "agent", "password": "x" * 12})
    assert taken.status_code == 409 and "exists already" in taken.text
    bad_role = ada.post("/people/users", {"username": "kim", "role": "owner", "password": "x" * 12})
    assert bad_role.status_code == 422 and "unknown role" in bad_role.text
    ada_id = _user(web, "ada").id
    own = ada.post(f"/people/users/{ada_id}/active", {"active": "false"})
    assert own.status_code == 409 and "ask another admin" in own.text
    assert _user(web, "ada").active


def test_the_last_admin_is_kept(web: Web) -> None:
    auth.create_user(web.desk, SYSTEM, username="bo", password="bo-password-1", role="admin")
    web.staff.passwords["bo"] = "bo-password-1"
    bo = web.signed_in("bo")
    bo.get("/people")
    ada_id = _user(web, "ada").id
    assert bo.post(f"/people/users/{ada_id}/role", {"role": "agent"}).status_code == 303
    assert web.signed_in("ada").get("/people").status_code == 403  # no longer an admin
    with pytest.raises(ConflictError, match="at least one active admin"):
        auth.change_role(web.desk, SYSTEM, user_id=_user(web, "bo").id, role="agent")
    with pytest.raises(ConflictError, match="at least one active admin"):
        auth.set_active(web.desk, SYSTEM, user_id=_user(web, "bo").id, active=False)


def test_only_an_admin_manages_people_and_forms_need_their_token(web: Web) -> None:
    for username in ("lee", "ann", "aud"):
        browser = web.signed_in(username)
        assert browser.get("/people").status_code == 403
        refused = browser.post("/people/teams", {"name": "Sneaky"})
        assert refused.status_code == 403
    assert "People" not in web.signed_in("lee").get("/tickets").text.split("</nav>")[0]
    ada = web.signed_in("ada")
    no_token = ada.client.post("/people/teams", data={"name": "Sneaky"})
    assert no_token.status_code == 403
    assert "Sneaky" not in {t.name for t in auth.list_teams(web.desk, SYSTEM)}
