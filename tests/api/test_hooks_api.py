"""Chatwoot, Zendesk, Intercom and Freshdesk webhooks end to end, against fake helpdesks on
loopback: a signed delivery (Freshdesk's: one carrying the shared secret) is checked against
the conversation the desk reads back, and the note is posted once per reply however often the
delivery is repeated; a bad signature or secret is 401 and stores nothing; a failing helpdesk
is retried with backoff on the desk's clock, then dead-lettered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from api_support import Api
from desk_support import FakeClock
from fake_helpdesks import (
    CHATWOOT_TOKEN,
    FRESHDESK_KEY,
    INTERCOM_TOKEN,
    ZENDESK_EMAIL,
    ZENDESK_TOKEN,
    FakeChatwoot,
    FakeFreshdesk,
    FakeIntercom,
    FakeZendesk,
    serving,
)
from trustdesk.desk import hooks
from trustdesk.desk.desk import Desk
from trustdesk.io.helpdesk_api.signatures import (
    chatwoot_signature,
    intercom_signature,
    zendesk_signature,
)

SECRET = "whsec-test-secret"
# Conversation 201's labels in the fixture export.
LABELS_OF_201: list[str] = []
# Tags ticket 35001 has before trustdesk adds its own.
TAGS_OF_35001 = ["vip"]


@pytest.fixture
def chatwoot() -> Iterator[tuple[FakeChatwoot, str]]:
    fake = FakeChatwoot()
    with serving(fake.app) as url:
        yield fake, url


@pytest.fixture
def zendesk() -> Iterator[tuple[FakeZendesk, str]]:
    fake = FakeZendesk()
    with serving(fake.app) as url:
        yield fake, url


def _connect(api: Api, user: str, **fields: Any) -> dict[str, Any]:
    answer = api.client.post("/v1/integrations", json=fields, headers=api.headers(user))
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _chatwoot_integration(api: Api, url: str, **extra: Any) -> dict[str, Any]:
    fields = {
        "vendor": "chatwoot",
        "name": "Support Chatwoot",
        "base_url": url,
        "account": "1",
        "api_token": CHATWOOT_TOKEN,
        "webhook_secret": SECRET,
        "mode": "note_tag",
        **extra,
    }
    return _connect(api, "lee", **fields)


def _message_created(message_id: int, conversation_id: int, **extra: Any) -> bytes:
    payload = {
        "event": "message_created",
        "id": message_id,
        "content": "(the reply)",
        "message_type": "outgoing",
        "private": False,
        "conversation": {"display_id": conversation_id, "inbox_id": 3},
        "inbox": {"id": 3, "name": "Website"},
        "account": {"id": 1, "name": "Example"},
        **extra,
    }
    return json.dumps(payload).encode()


def _post_chatwoot(api: Api, clock: FakeClock, path: str, body: bytes, secret: str = SECRET) -> Any:
    timestamp = str(int(clock.moment.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "X-Chatwoot-Timestamp": timestamp,
        "X-Chatwoot-Signature": chatwoot_signature(secret, timestamp, body),
    }
    return api.client.post(path, content=body, headers=headers)


def _deliveries(api: Api, user: str = "lee") -> list[dict[str, Any]]:
    answer = api.client.get("/v1/hook-deliveries", headers=api.headers(user))
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def test_a_chatwoot_reply_gets_one_note_however_often_it_is_delivered(
    api: Api, clock: FakeClock, chatwoot: tuple[FakeChatwoot, str]
) -> None:
    fake, url = chatwoot
    integration = _chatwoot_integration(api, url)
    body = _message_created(12012, 201)  # "Can you confirm your password …"

    first = _post_chatwoot(api, clock, integration["hook_path"], body)
    assert first.status_code == 202
    assert first.json() == {"status": "accepted"}
    assert len(fake.notes) == 1
    conversation, note = fake.notes[0]
    assert conversation == 201
    assert "privacy.secret_request" in note
    assert fake.labels[201] == [*LABELS_OF_201, "trustdesk_block"]  # the others kept

    again = _post_chatwoot(api, clock, integration["hook_path"], body)
    assert again.status_code == 200
    assert again.json() == {"status": "duplicate"}
    assert len(fake.notes) == 1
    [delivery] = _deliveries(api)
    assert delivery["status"] == "done"
    assert delivery["decision"] == "block"
    assert delivery["attempts"] == 1

    # Our own note comes back as a message_created of a private message: nothing to check.
    echo = _message_created(90000, 201, private=True)
    assert _post_chatwoot(api, clock, integration["hook_path"], echo).json() == {
        "status": "ignored"
    }
    assert len(fake.notes) == 1

    # The conversation is in the team's tickets now, with its findings.
    tickets = api.client.get("/v1/tickets", headers=api.headers("lee")).json()["items"]
    assert [t["external_id"] for t in tickets] == ["201"]


def test_a_polite_reply_gets_no_note(
    api: Api, clock: FakeClock, chatwoot: tuple[FakeChatwoot, str]
) -> None:
    fake, url = chatwoot
    integration = _chatwoot_integration(api, url)
    # "Your parcel left our warehouse on Saturday …": a plain, kept answer.
    answer = _post_chatwoot(api, clock, integration["hook_path"], _message_created(12021, 202))
    assert answer.status_code == 202
    assert fake.notes == []
    [delivery] = _deliveries(api)
    assert delivery["status"] == "done"
    assert delivery["decision"] == "allow"


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda h: h.pop("X-Chatwoot-Signature"), id="unsigned"),
        pytest.param(
            lambda h: h.update({"X-Chatwoot-Signature": "sha256=" + "0" * 64}), id="wrong"
        ),
        pytest.param(lambda h: h.update({"X-Chatwoot-Timestamp": "1000"}), id="timestamp-swapped"),
    ],
)
def test_a_badly_signed_chatwoot_delivery_is_401_and_stores_nothing(
    api: Api, clock: FakeClock, chatwoot: tuple[FakeChatwoot, str], spoil: Any
) -> None:
    fake, url = chatwoot
    integration = _chatwoot_integration(api, url)
    body = _message_created(12012, 201)
    timestamp = str(int(clock.moment.timestamp()))
    headers = {
        "X-Chatwoot-Timestamp": timestamp,
        "X-Chatwoot-Signature": chatwoot_signature(SECRET, timestamp, body),
    }
    spoil(headers)
    answer = api.client.post(integration["hook_path"], content=body, headers=headers)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthenticated"
    assert _deliveries(api) == []
    assert sum(fake.calls.values()) == 0


def test_a_delivery_signed_long_ago_is_refused(
    api: Api, clock: FakeClock, chatwoot: tuple[FakeChatwoot, str]
) -> None:
    _fake, url = chatwoot
    integration = _chatwoot_integration(api, url)
    body = _message_created(12012, 201)
    signed_at = clock.moment
    clock.advance(minutes=6)
    timestamp = str(int(signed_at.timestamp()))
    headers = {
        "X-Chatwoot-Timestamp": timestamp,
        "X-Chatwoot-Signature": chatwoot_signature(SECRET, timestamp, body),
    }
    assert (
        api.client.post(integration["hook_path"], content=body, headers=headers).status_code == 401
    )
    assert _deliveries(api) == []


def test_an_unknown_hook_address_is_401(api: Api, clock: FakeClock) -> None:
    body = _message_created(12012, 201)
    answer = _post_chatwoot(api, clock, "/v1/hooks/chatwoot/no-such-hook-key", body)
    assert answer.status_code == 401


def test_a_failing_helpdesk_is_tried_again_after_a_growing_wait(
    api: Api, desk: Desk, clock: FakeClock, chatwoot: tuple[FakeChatwoot, str]
) -> None:
    fake, url = chatwoot
    integration = _chatwoot_integration(api, url)
    fake.failing["POST note"] = 2
    assert (
        _post_chatwoot(
            api, clock, integration["hook_path"], _message_created(12012, 201)
        ).status_code
        == 202
    )
    assert fake.calls["POST note"] == 1
    [delivery] = _deliveries(api)
    assert delivery["status"] == "pending"
    assert "503" in delivery["last_error"]

    assert hooks.retry_due(desk) == 0  # not due yet: nothing is sent
    assert fake.calls["POST note"] == 1
    clock.advance(seconds=30)
    assert hooks.retry_due(desk) == 1
    assert fake.calls["POST note"] == 2
    clock.advance(seconds=30)
    assert hooks.retry_due(desk) == 0  # the second wait is twice the first
    clock.advance(seconds=30)
    assert hooks.retry_due(desk) == 1
    assert fake.calls["POST note"] == 3
    assert len(fake.notes) == 1
    [delivery] = _deliveries(api)
    assert (delivery["status"], delivery["attempts"]) == ("done", 3)


def test_retry_after_is_honoured(
    api: Api, desk: Desk, clock: FakeClock, chatwoot: tuple[FakeChatwoot, str]
) -> None:
    fake, url = chatwoot
    integration = _chatwoot_integration(api, url)
    fake.limited["GET conversation"] = 1
    fake.retry_after = "600"
    _post_chatwoot(api, clock, integration["hook_path"], _message_created(12012, 201))
    assert fake.calls["GET conversation"] == 1
    clock.advance(seconds=599)
    assert hooks.retry_due(desk) == 0
    clock.advance(seconds=1)
    assert hooks.retry_due(desk) == 1
    assert len(fake.notes) == 1


def test_a_helpdesk_that_keeps_failing_ends_in_the_dead_letters_and_can_be_sent_again(
    api: Api, desk: Desk, clock: FakeClock, chatwoot: tuple[FakeChatwoot, str]
) -> None:
    fake, url = chatwoot
    integration = _chatwoot_integration(api, url)
    fake.failing["GET conversation"] = 100
    _post_chatwoot(api, clock, integration["hook_path"], _message_created(12012, 201))
    for _ in range(10):
        clock.advance(hours=1)
        hooks.retry_due(desk)
    assert fake.calls["GET conversation"] == hooks.MAX_ATTEMPTS
    letters = api.client.get("/v1/dead-letters", headers=api.headers("ada")).json()
    assert len(letters) == 1
    assert letters[0]["attempts"] == hooks.MAX_ATTEMPTS
    assert "503" in letters[0]["error"]
    assert letters[0]["detail"]["conversation"] == "201"
    assert fake.notes == []

    fake.failing.clear()
    again = api.client.post(
        f"/v1/dead-letters/{letters[0]['id']}/retry", headers=api.headers("ada")
    )
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "done"
    assert len(fake.notes) == 1
    assert api.client.get("/v1/dead-letters", headers=api.headers("ada")).json() == []


def test_a_refused_token_is_dead_at_once(
    api: Api, clock: FakeClock, chatwoot: tuple[FakeChatwoot, str]
) -> None:
    _fake, url = chatwoot
    integration = _chatwoot_integration(api, url, api_token="not-the-token")
    _post_chatwoot(api, clock, integration["hook_path"], _message_created(12012, 201))
    [delivery] = _deliveries(api)
    assert (delivery["status"], delivery["attempts"]) == ("dead", 1)
    assert "401" in delivery["last_error"]


def test_replies_outside_the_watched_inboxes_are_ignored(
    api: Api, clock: FakeClock, chatwoot: tuple[FakeChatwoot, str]
) -> None:
    fake, url = chatwoot
    integration = _chatwoot_integration(api, url, scopes=["7"])
    answer = _post_chatwoot(api, clock, integration["hook_path"], _message_created(12012, 201))
    assert answer.json() == {"status": "ignored"}
    assert sum(fake.calls.values()) == 0


# --- Zendesk ---------------------------------------------------------------------------------


def _zendesk_integration(api: Api, url: str, **extra: Any) -> dict[str, Any]:
    fields = {
        "vendor": "zendesk",
        "name": "Support Zendesk",
        "base_url": url,
        "account": ZENDESK_EMAIL,
        "api_token": ZENDESK_TOKEN,
        "webhook_secret": SECRET,
        "mode": "note_tag",
        **extra,
    }
    return _connect(api, "lee", **fields)


def _post_zendesk(
    api: Api, clock: FakeClock, path: str, ticket_id: str, invocation: str, secret: str = SECRET
) -> Any:
    body = json.dumps({"ticket_id": ticket_id}).encode()
    timestamp = clock.moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    headers = {
        "Content-Type": "application/json",
        "X-Zendesk-Webhook-Id": "01FAKE",
        "X-Zendesk-Webhook-Invocation-Id": invocation,
        "X-Zendesk-Webhook-Signature-Timestamp": timestamp,
        "X-Zendesk-Webhook-Signature": zendesk_signature(secret, timestamp, body),
    }
    return api.client.post(path, content=body, headers=headers)


def test_a_zendesk_comment_gets_one_internal_note_and_a_tag(
    api: Api, clock: FakeClock, zendesk: tuple[FakeZendesk, str]
) -> None:
    fake, url = zendesk
    fake.tickets[35001]["tags"] = list(TAGS_OF_35001)
    integration = _zendesk_integration(api, url)
    path = integration["hook_path"]

    assert _post_zendesk(api, clock, path, "35001", "inv-1").status_code == 202
    [(ticket, update)] = fake.updates
    assert ticket == 35001
    assert update["comment"]["public"] is False
    assert "privacy.secret_request" in update["comment"]["body"]
    assert "tags" not in update  # Update Ticket would replace the ticket's tags
    assert fake.tickets[35001]["tags"] == [*TAGS_OF_35001, "trustdesk_block"]

    # The same invocation again, and the update our own note caused: no second note.
    assert _post_zendesk(api, clock, path, "35001", "inv-1").json() == {"status": "duplicate"}
    assert _post_zendesk(api, clock, path, "35001", "inv-2").status_code == 202
    assert len(fake.updates) == 1
    statuses = sorted(d["status"] for d in _deliveries(api))
    assert statuses == ["done", "duplicate"]


def test_a_badly_signed_zendesk_delivery_is_401_and_stores_nothing(
    api: Api, clock: FakeClock, zendesk: tuple[FakeZendesk, str]
) -> None:
    fake, url = zendesk
    integration = _zendesk_integration(api, url)
    answer = _post_zendesk(api, clock, integration["hook_path"], "35001", "inv-1", secret="guess")
    assert answer.status_code == 401
    assert _deliveries(api) == []
    assert sum(fake.calls.values()) == 0


def test_a_zendesk_ticket_whose_latest_comment_is_the_customers_is_skipped(
    api: Api, clock: FakeClock, zendesk: tuple[FakeZendesk, str]
) -> None:
    fake, url = zendesk
    integration = _zendesk_integration(api, url)
    _post_zendesk(api, clock, integration["hook_path"], "35002", "inv-9")  # "ok thanks"
    assert fake.updates == []
    assert [d["status"] for d in _deliveries(api)] == ["skipped"]


def test_zendesk_groups_not_watched_are_skipped(
    api: Api, clock: FakeClock, zendesk: tuple[FakeZendesk, str]
) -> None:
    fake, url = zendesk
    integration = _zendesk_integration(api, url, scopes=["99"])
    _post_zendesk(api, clock, integration["hook_path"], "35001", "inv-1")
    assert fake.updates == []


def test_a_second_delivery_after_a_long_gap_is_checked_again_only_for_a_new_reply(
    api: Api, clock: FakeClock, zendesk: tuple[FakeZendesk, str]
) -> None:
    fake, url = zendesk
    integration = _zendesk_integration(api, url)
    _post_zendesk(api, clock, integration["hook_path"], "35001", "inv-1")
    clock.advance(minutes=10)
    fake.comments[35001].append(
        {
            "id": 50019,
            "author_id": 361,
            "body": "Please send us your card's CVV.",
            "public": True,
            "created_at": "2026-03-03T11:00:00Z",
        }
    )
    _post_zendesk(api, clock, integration["hook_path"], "35001", "inv-2")
    assert len(fake.updates) == 2
    assert "CVV" in fake.updates[1][1]["comment"]["body"]


# --- Intercom --------------------------------------------------------------------------------


@pytest.fixture
def intercom() -> Iterator[tuple[FakeIntercom, str]]:
    fake = FakeIntercom()
    with serving(fake.app) as url:
        yield fake, url


def _intercom_notification(fake: FakeIntercom, conversation_id: str, topic: str) -> bytes:
    item = fake.conversations[conversation_id]
    payload = {
        "type": "notification_event",
        "topic": topic,
        "id": "notif_1",
        "created_at": 1772446000,
        "data": {"type": "notification_event_data", "item": item},
    }
    return json.dumps(payload).encode()


def _post_intercom(api: Api, path: str, body: bytes, secret: str = SECRET) -> Any:
    headers = {
        "Content-Type": "application/json",
        "X-Hub-Signature": intercom_signature(secret, "", body),
    }
    return api.client.post(path, content=body, headers=headers)


def test_an_intercom_reply_gets_one_note_by_the_integrations_admin(
    api: Api, intercom: tuple[FakeIntercom, str]
) -> None:
    fake, url = intercom
    integration = _connect(
        api,
        "lee",
        vendor="intercom",
        name="Support Intercom",
        base_url=url,
        account="814860",
        api_token=INTERCOM_TOKEN,
        webhook_secret=SECRET,
    )
    # "Sorry about that. Can you confirm your password …"
    body = _intercom_notification(fake, "1911149812", "conversation.admin.replied")
    assert _post_intercom(api, integration["hook_path"], body).status_code == 202
    [(conversation, kind, note)] = fake.notes
    assert (conversation, kind) == ("1911149812", "note")
    assert "privacy.secret_request" in note and note.startswith("<p>")
    assert _post_intercom(api, integration["hook_path"], body).json() == {"status": "duplicate"}
    assert len(fake.notes) == 1

    # The ping Intercom sends when the webhook is saved, and other topics: nothing to check.
    ping = _intercom_notification(fake, "1911149812", "ping")
    assert _post_intercom(api, integration["hook_path"], ping).json() == {"status": "ignored"}
    forged = _post_intercom(api, integration["hook_path"], body, secret="guess")
    assert forged.status_code == 401
    assert len(_deliveries(api)) == 1


# --- Freshdesk -------------------------------------------------------------------------------

# Freshdesk signs nothing: the rule carries a secret the admin made up, in a header of its own.
SHARED_SECRET = "7d1c0e5b9a3f4e2d8c6b0a1f3e5d7c9b"


@pytest.fixture
def freshdesk() -> Iterator[tuple[FakeFreshdesk, str]]:
    fake = FakeFreshdesk()
    with serving(fake.app) as url:
        yield fake, url


def _freshdesk_integration(api: Api, url: str, **extra: Any) -> dict[str, Any]:
    fields = {
        "vendor": "freshdesk",
        "name": "Support Freshdesk",
        "base_url": url,
        "api_token": FRESHDESK_KEY,
        "webhook_secret": SHARED_SECRET,
        **extra,
    }
    return _connect(api, "lee", **fields)


def _post_freshdesk(
    api: Api, path: str, ticket_id: str, secret: str | None = SHARED_SECRET, **body: Any
) -> Any:
    # What the rule's "Trigger webhook" sends: its JSON content, its custom header.
    content = json.dumps({"ticket_id": ticket_id, **body}).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Trustdesk-Secret"] = secret
    return api.client.post(path, content=content, headers=headers)


def test_a_freshdesk_reply_gets_one_private_note_however_often_it_is_delivered(
    api: Api, freshdesk: tuple[FakeFreshdesk, str]
) -> None:
    fake, url = freshdesk
    integration = _freshdesk_integration(api, url)
    path = integration["hook_path"]
    assert path.startswith("/v1/hooks/freshdesk/")

    # Ticket 901's latest public reply: "Sorry about that. Can you confirm your password …"
    first = _post_freshdesk(api, path, "901")
    assert first.status_code == 202
    assert first.json() == {"status": "accepted"}
    [(ticket, note)] = fake.notes
    assert ticket == 901
    assert note["private"] is True
    assert note["body"].startswith("<p>trustdesk: ")
    assert "privacy.secret_request" in note["body"]

    # Freshdesk sends no delivery id, so a repeat is taken in; the reply it reports is known
    # already, and gets no second note. The rule firing again (our note is an update of the
    # ticket too) finds the same reply: nothing more.
    assert _post_freshdesk(api, path, "901").status_code == 202
    assert _post_freshdesk(api, path, "901", event="note_added").status_code == 202
    assert len(fake.notes) == 1
    deliveries = _deliveries(api)
    assert sorted(d["status"] for d in deliveries) == ["done", "duplicate", "duplicate"]
    [done] = [d for d in deliveries if d["status"] == "done"]
    assert (done["message_ref"], done["decision"], done["attempts"]) == ("6100012", "block", 1)
    assert done["note_posted_at"] is not None

    # The conversation is in the team's tickets now.
    tickets = api.client.get("/v1/tickets", headers=api.headers("lee")).json()["items"]
    assert [t["external_id"] for t in tickets] == ["901"]


def test_a_new_freshdesk_reply_on_the_same_ticket_gets_its_own_note(
    api: Api, freshdesk: tuple[FakeFreshdesk, str]
) -> None:
    fake, url = freshdesk
    path = _freshdesk_integration(api, url)["hook_path"]
    _post_freshdesk(api, path, "901")
    fake.conversations[901].append(
        {
            "id": 6100019,
            "body": "<p>Please send us your card's CVV as well.</p>",
            "body_text": "Please send us your card's CVV as well.",
            "incoming": False,
            "private": False,
            "user_id": 501,
            "source": 0,
            "ticket_id": 901,
            "created_at": "2026-03-05T13:00:00Z",
            "updated_at": "2026-03-05T13:00:00Z",
        }
    )
    _post_freshdesk(api, path, "901")
    assert [ticket for ticket, _ in fake.notes] == [901, 901]
    assert "CVV" in fake.notes[1][1]["body"]


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param(None, id="missing"),
        pytest.param("guess", id="wrong"),
        pytest.param(SHARED_SECRET[:-1], id="all-but-one-character"),
        pytest.param(SHARED_SECRET.upper(), id="other-case"),
    ],
)
def test_a_freshdesk_delivery_without_the_secret_is_401_and_stores_nothing(
    api: Api, freshdesk: tuple[FakeFreshdesk, str], secret: str | None
) -> None:
    fake, url = freshdesk
    integration = _freshdesk_integration(api, url)
    answer = _post_freshdesk(api, integration["hook_path"], "901", secret=secret)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthenticated"
    assert _deliveries(api) == []
    assert sum(fake.calls.values()) == 0


def test_a_freshdesk_secret_is_no_key_to_another_integration(
    api: Api, freshdesk: tuple[FakeFreshdesk, str]
) -> None:
    fake, url = freshdesk
    _freshdesk_integration(api, url)
    other = _freshdesk_integration(
        api, url, name="Second Freshdesk", webhook_secret="another-secret-long-enough-0123"
    )
    assert _post_freshdesk(api, other["hook_path"], "901").status_code == 401
    assert _deliveries(api) == []
    assert fake.notes == []


def test_a_freshdesk_body_without_the_ticket_is_refused_and_stores_nothing(
    api: Api, freshdesk: tuple[FakeFreshdesk, str]
) -> None:
    fake, url = freshdesk
    path = _freshdesk_integration(api, url)["hook_path"]
    # The placeholder left as it is, as a rule written by hand might send it.
    for ticket_id in ("", "{{ticket.id}}", "../contacts/1"):
        assert _post_freshdesk(api, path, ticket_id).status_code == 422
    assert _deliveries(api) == []
    assert sum(fake.calls.values()) == 0


def test_freshdesks_simple_content_is_read_too(
    api: Api, freshdesk: tuple[FakeFreshdesk, str]
) -> None:
    fake, url = freshdesk
    path = _freshdesk_integration(api, url)["hook_path"]
    body = json.dumps({"freshdesk_webhook": {"ticket_id": 901, "ticket_subject": "Card"}})
    headers = {"Content-Type": "application/json", "X-Trustdesk-Secret": SHARED_SECRET}
    assert api.client.post(path, content=body, headers=headers).status_code == 202
    assert len(fake.notes) == 1


def test_freshdesk_tickets_with_nothing_to_note_get_no_note(
    api: Api, freshdesk: tuple[FakeFreshdesk, str]
) -> None:
    fake, url = freshdesk
    path = _freshdesk_integration(api, url)["hook_path"]
    _post_freshdesk(api, path, "900")  # a plain, kept answer
    _post_freshdesk(api, path, "902")  # the customer wrote last
    assert fake.notes == []
    by_ticket = {d["conversation_ref"]: d for d in _deliveries(api)}
    assert (by_ticket["900"]["status"], by_ticket["900"]["decision"]) == ("done", "allow")
    assert by_ticket["902"]["status"] == "skipped"


def test_freshdesk_groups_not_watched_are_skipped(
    api: Api, freshdesk: tuple[FakeFreshdesk, str]
) -> None:
    fake, url = freshdesk
    path = _freshdesk_integration(api, url, scopes=["99"])["hook_path"]
    _post_freshdesk(api, path, "901")
    assert fake.notes == []
    assert [d["status"] for d in _deliveries(api)] == ["skipped"]


def test_a_failing_freshdesk_is_tried_again_then_dead_lettered(
    api: Api, desk: Desk, clock: FakeClock, freshdesk: tuple[FakeFreshdesk, str]
) -> None:
    fake, url = freshdesk
    path = _freshdesk_integration(api, url)["hook_path"]

    fake.limited["POST note"] = 1
    fake.retry_after = "120"
    _post_freshdesk(api, path, "901")
    assert [d["status"] for d in _deliveries(api)] == ["pending"]
    clock.advance(seconds=119)
    assert hooks.retry_due(desk) == 0  # Freshdesk asked for two minutes
    clock.advance(seconds=1)
    assert hooks.retry_due(desk) == 1
    assert len(fake.notes) == 1
    assert fake.calls["POST note"] == 2

    fake.failing["GET ticket"] = 100
    read_before = fake.calls["GET ticket"]
    _post_freshdesk(api, path, "903")
    for _ in range(10):
        clock.advance(hours=1)
        hooks.retry_due(desk)
    assert fake.calls["GET ticket"] - read_before == hooks.MAX_ATTEMPTS
    letters = api.client.get("/v1/dead-letters", headers=api.headers("ada")).json()
    assert [letter["detail"]["conversation"] for letter in letters] == ["903"]
    assert "503" in letters[0]["error"]

    fake.failing.clear()
    again = api.client.post(
        f"/v1/dead-letters/{letters[0]['id']}/retry", headers=api.headers("ada")
    )
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "done"
    assert [ticket for ticket, _ in fake.notes] == [901, 903]
