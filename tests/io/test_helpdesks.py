"""Helpdesk exports read as conversations: roles, notes, HTML, times, statuses, recognition.

The fixtures in tests/fixtures/helpdesks follow each vendor's documented record shapes and
hold the same made-up conversations as conversations.jsonl (see build.py there), plus a broken
record each.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trustdesk.engine import Engine
from trustdesk.errors import InputError
from trustdesk.io.helpdesks import SOURCES, recognise
from trustdesk.io.helpdesks.csv_mapped import guess_map, load_map, parse_map
from trustdesk.io.helpdesks.shape import html_text, role_named
from trustdesk.io.readers import InputProblem, read_conversations
from trustdesk.model import Conversation
from trustdesk.policy import load_policy

FIXTURES = Path(__file__).parent.parent / "fixtures" / "helpdesks"
GENERIC_MAP = (
    "conversation=Ticket ID,message=Comment ID,role=Author type,author=Author,at=Created,"
    "text=Body,status=Status,role.Internal=note"
)
# (source, file, the broken record's field)
EXPORTS = [
    ("zendesk", "zendesk.jsonl", "id"),
    ("freshdesk", "freshdesk.json", "[20].messages.0.at"),
    ("intercom", "intercom.json", "conversations[20].source.author.type"),
    ("zammad", "zammad.json", "[20].articles.0.sender"),
    ("chatwoot", "chatwoot.json", "data.payload[20].messages.0.message_type"),
    ("front", "front.json", "_results[20].messages.0.is_inbound"),
    ("helpscout", "helpscout.json", "_embedded.conversations[20].id"),
]
# What a vendor's export cannot say: Freshdesk has replies and notes only (a bot's reply is
# an agent's, an event a note); Zammad's automatic articles come from its System sender;
# Front's events are comments between teammates.
ROLES_AS = {
    "freshdesk": {"bot": "agent", "system": "note"},
    "zammad": {"bot": "system"},
    "front": {"system": "note"},
}


def reference() -> list[dict[str, Any]]:
    path = FIXTURES / "conversations.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read(name: str, source: str, **options: Any) -> tuple[list[Conversation], list[InputProblem]]:
    problems: list[InputProblem] = []
    found = list(
        read_conversations(
            [str(FIXTURES / name)], source=source, on_problem=problems.append, **options
        )
    )
    return found, problems


@pytest.mark.parametrize(("source", "name", "broken"), EXPORTS)
def test_each_export_maps_roles_text_and_times_and_reports_its_broken_record(
    source: str, name: str, broken: str
) -> None:
    conversations, problems = read(name, source)
    assert [(p.field, p.line is None or p.line > 0) for p in problems] == [(broken, True)]
    expected = reference()
    assert len(conversations) == len(expected)
    swap = ROLES_AS.get(source, {})
    for got, want in zip(conversations, expected, strict=True):
        assert [m.role.value for m in got.messages] == [
            swap.get(m["role"], m["role"]) for m in want["messages"]
        ]
        for message, wanted in zip(got.messages, want["messages"], strict=True):
            if message.role.value == wanted["role"] != "system":
                # HTML bodies come back as the text written, attachments named on a line.
                assert message.text == wanted["text"]
            wanted_at = wanted.get("at")
            at = message.at.replace(microsecond=0) if message.at else None
            assert (at.isoformat() if at else None) == (
                wanted_at.replace("Z", "+00:00") if wanted_at else None
            )
        assert got.meta["source"] == source


@pytest.mark.parametrize(("source", "name", "broken"), EXPORTS)
def test_each_export_gives_the_findings_of_the_same_conversations_written_by_hand(
    source: str, name: str, broken: str
) -> None:
    engine = Engine(load_policy(None))
    swap = ROLES_AS.get(source, {})

    def findings(conversation: Conversation) -> list[tuple[int, str, str]]:
        audit = engine.audit(conversation)
        return sorted(
            (conversation.message_index(f.message_id), f.check, f.quote) for f in audit.findings
        )

    conversations, _ = read(name, source)
    by_hand = []
    for item in reference():
        for message in item["messages"]:
            message["role"] = swap.get(message["role"], message["role"])
        by_hand.append(Conversation.parse(item))
    got = [findings(c) for c in conversations]
    assert got == [findings(c) for c in by_hand]
    assert sum(map(len, got)) >= 5  # the conversations give the checks something to find


def test_statuses_surveys_languages_and_organisations_are_mapped() -> None:
    zendesk, _ = read("zendesk.jsonl", "zendesk")
    assert [c.status for c in zendesk][:6] == [
        "open",
        "pending",
        "solved",
        "open",
        "closed",
        "open",
    ]
    assert zendesk[0].survey is not None and zendesk[0].survey.satisfaction == 1
    assert zendesk[0].survey.comment == "Took three chats."
    assert zendesk[1].survey is None  # "offered": asked, not answered
    assert zendesk[1].customer.segment == {"organization": "77", "group": "20"}
    assert zendesk[0].channel == "web"
    intercom, _ = read("intercom.json", "intercom")
    assert intercom[0].survey is not None and intercom[0].survey.satisfaction == 2
    assert intercom[3].customer.language == "es" and intercom[3].customer.id == "cust-3"
    assert [c.status for c in intercom][:3] == ["open", "pending", "closed"]
    chatwoot, _ = read("chatwoot.json", "chatwoot")
    assert chatwoot[3].customer.language == "es" and chatwoot[0].channel == "chat"
    assert chatwoot[1].customer.segment == {"company": "Acme Ltd"}
    assert chatwoot[2].status == "solved"
    freshdesk, _ = read("freshdesk.json", "freshdesk")
    assert freshdesk[3].customer.language == "es" and freshdesk[0].channel == "portal"
    assert [c.status for c in freshdesk][:4] == ["open", "pending", "solved", "open"]
    zammad, _ = read("zammad.json", "zammad")
    assert zammad[1].status == "pending" and zammad[1].customer.segment == {
        "organization": "Acme Ltd",
        "group": "Users",
    }
    helpscout, _ = read("helpscout.json", "helpscout")
    assert helpscout[4].status == "closed" and helpscout[0].meta["tags"] == ["billing"]
    front, _ = read("front.json", "front")
    assert [c.status for c in front][:3] == ["open", "pending", "solved"]


def test_help_scout_threads_newest_first_are_put_back_in_order() -> None:
    conversations, _ = read("helpscout.json", "helpscout")
    first = conversations[0].messages
    assert first[0].text.startswith("I was charged twice") and first[-1].role == "agent"
    # Without every time, the order is reversed as a whole rather than sorted.
    last = conversations[5].messages
    assert [m.role.value for m in last] == ["customer", "agent", "customer"]


@pytest.mark.parametrize(("source", "name", "broken"), EXPORTS)
def test_auto_recognises_each_export_and_says_so(source: str, name: str, broken: str) -> None:
    told: list[tuple[str, str, bool]] = []
    conversations, _ = read(name, "auto", on_source=lambda *seen: told.append(seen))
    assert told == [(str(FIXTURES / name), source, True)]
    assert len(conversations) == len(reference())


def test_auto_recognises_our_format_a_generic_csv_and_refuses_what_it_cannot_tell(
    tmp_path: Path,
) -> None:
    told: list[tuple[str, str, bool]] = []
    conversations, _ = read("conversations.jsonl", "auto", on_source=lambda *s: told.append(s))
    assert told[0][1:] == ("trustdesk", True) and len(conversations) == 20
    told.clear()
    conversations, problems = read("generic.csv", "auto", on_source=lambda *s: told.append(s))
    assert told[0][1].startswith("csv (conversation=Ticket ID,role=Author type,text=Body")
    # Without a mapping "Internal" is still a note, by its usual name.
    assert len(conversations) == 20 and [p.line for p in problems] == [66]
    unknown = tmp_path / "export.json"
    unknown.write_text(json.dumps({"records": [{"ref": 1, "posts": []}]}))
    with pytest.raises(InputError, match="cannot tell which helpdesk wrote this file"):
        list(read_conversations([str(unknown)], source="auto"))
    columns = tmp_path / "export.csv"
    columns.write_text("ref,who,words\n1,Ann,hello\n")
    with pytest.raises(InputError, match=r"cannot tell .* give --from csv --map"):
        list(read_conversations([str(columns)], source="auto"))
    assert recognise({"tickets": [{"id": 1, "comments": []}]}) == "zendesk"
    assert recognise([1, 2]) is None


def test_a_generic_csv_reads_semicolons_capitalised_roles_and_a_role_mapping(
    tmp_path: Path,
) -> None:
    conversations, problems = read("generic.csv", "csv", columns=parse_map(GENERIC_MAP))
    assert [p.field for p in problems] == ["Author type"]
    assert "role.Manager=" in problems[0].reason and "'T-99' skipped" in problems[0].reason
    first = conversations[0]
    assert (first.id, first.status, first.messages[1].author) == ("T-0", "open", "priya")
    assert [m.role.value for m in conversations[1].messages] == ["customer", "note", "agent"]
    assert first.messages[0].at is not None and first.messages[0].at.hour == 9
    assert conversations[5].messages[1].at is None
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "columns:\n  conversation: Ticket ID\n  role: Author type\n  text: Body\n"
        "roles:\n  Manager: agent\n"
    )
    conversations, problems = read("generic.csv", "csv", columns=load_map(mapping))
    assert problems == [] and len(conversations) == 21
    assert conversations[20].messages[0].role == "agent"
    assert conversations[20].messages[0].id == "row-66"  # no message column: the row's line


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("conversation=ticket", "no column given for role, text"),
        ("conversation=a,role=b,text=c,colour=d", "unknown field(s) colour"),
        ("conversation=a,role=b,text", "'text' is not FIELD=COLUMN"),
        ("conversation=a,role=b,text=c,role.Staff=manager", "maps to 'manager'"),
        ("missing.yaml", "file not found"),
    ],
)
def test_a_bad_mapping_is_one_clear_error(text: str, error: str) -> None:
    with pytest.raises(InputError, match=error.replace("(", r"\(").replace(")", r"\)")):
        parse_map(text)


def test_usual_column_names_are_recognised_and_roles_in_any_case() -> None:
    found = guess_map(["Ticket ID", "Author", "Role", "Time", "Body"])
    assert found is not None and dict(found.columns) == {
        "conversation": "Ticket ID",
        "role": "Role",
        "text": "Body",
        "author": "Author",
        "at": "Time",
    }
    assert guess_map(["ticket", "body"]) is None
    names = {"End user": "customer", "REQUESTER": "customer", "Contact": "customer",
             "Teammate": "agent", "Admin": "agent", "AI Agent": "bot", "Fin": "bot",
             "Private note": "note", "System": "system"}  # fmt: skip
    assert {name: role_named(name) for name in names} == names
    assert role_named("Manager") is None and role_named("Manager", {"manager": "agent"}) == "agent"


def test_html_bodies_become_text_by_blocks_without_scripts_or_entities() -> None:
    body = (
        "<div><p>Hello&nbsp;Sam,</p><p>Refunds take <b>5&ndash;10</b> days &amp; we'll "
        "e-mail you.<br>Thanks</p><script>track()</script><ul><li>one</li><li>two</li></ul>"
    )
    assert (
        html_text(body)
        == "Hello Sam,\n\nRefunds take 5–10 days & we'll e-mail you.\nThanks\n\none\n\ntwo"
    )
    assert html_text("<p>unclosed <b>bold") == "unclosed bold"
    assert html_text("5 < 6 and 7 > 3") == "5 < 6 and 7 > 3"


def test_capitalised_roles_in_our_own_format_are_read(tmp_path: Path) -> None:
    path = tmp_path / "archive.jsonl"
    record = {"id": "c1", "messages": [{"id": "1", "role": "Customer", "text": "Hi"},
                                       {"id": "2", "role": "AGENT", "text": "Hello"}]}  # fmt: skip
    path.write_text(json.dumps(record) + "\n")
    [conversation] = read_conversations([str(path)])
    assert [m.role.value for m in conversation.messages] == ["customer", "agent"]


def test_a_semicolon_csv_in_our_format_is_read(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('conversation_id;message_id;role;text\nc1;m1;customer;"Hi; where is it?"\n')
    [conversation] = read_conversations([str(path)], source="auto")
    assert conversation.messages[0].text == "Hi; where is it?"


@pytest.mark.parametrize(
    ("content", "source", "reason"),
    [
        ('{"tickets": [', "zendesk", "not valid JSON"),
        ('{"conversations": [{"id": 5, "conversation_parts": 7}]}', "intercom", "must be a list"),
        ("[1, 2]", "zammad", "a ticket must be a JSON object"),
        ('{"id": 3, "messages": [{"id": 1, "message_type": 0, "content": 4}]}', "chatwoot",
         "the body is not text"),
        ('{"id": "cnv_1", "messages": [{"id": "m", "is_inbound": true, "created_at": true}]}',
         "front", "a time must be a date string or Unix seconds"),
        ('{"id": 1, "requester_id": 2, "conversations": [{"id": 1, "private": false, '
         '"incoming": true, "body_text": "hi", "created_at": 1e300}]}', "freshdesk",
         "time out of range"),
    ],
)  # fmt: skip
def test_a_malformed_export_is_reported_not_raised(
    content: str, source: str, reason: str, tmp_path: Path
) -> None:
    path = tmp_path / "export.json"
    path.write_text(content)
    problems: list[InputProblem] = []
    found = list(read_conversations([str(path)], source=source, on_problem=problems.append))
    assert found == [] and problems and all(reason in p.reason for p in problems)


def test_every_source_is_offered_on_the_command_line() -> None:
    from trustdesk.cli.sources import From

    assert {f.value for f in From} == {"auto", *SOURCES}


def test_the_freshdesk_tickets_csv_gives_each_description_with_its_ticket_fields() -> None:
    told: list[tuple[str, str, bool]] = []
    conversations, problems = read(
        "freshdesk-tickets.csv", "auto", on_source=lambda *seen: told.append(seen)
    )
    assert told[0][1:] == ("freshdesk", True)
    assert [(p.line, p.field) for p in problems] == [(5, "Ticket ID"), (6, "at")]
    first = conversations[0]
    assert first.messages[0].text == (
        "I was charged twice for order 4471.\n\nWhen do I get my money back?"
    )
    assert (first.id, first.status, first.channel) == ("1001", "open", "email")
    assert first.customer.id == "cust-17" and first.customer.segment == {
        "company": "Acme Ltd",
        "group": "Billing",
    }
    assert first.messages[0].at is not None and first.messages[0].at.isoformat() == (
        "2026-03-02T09:00:00+00:00"
    )
    assert [c.status for c in conversations] == ["open", "solved", "pending"]
    assert conversations[1].messages[0].text.endswith("& the reset e-mail never arrives.")


def test_a_zendesk_comments_page_is_one_ticket_named_by_its_file(tmp_path: Path) -> None:
    page = {
        "comments": [
            {"id": 1, "author_id": 7, "public": True, "body": "Where is my refund?",
             "created_at": "2026-03-02T09:00:00Z"},
            {"id": 2, "author_id": 8, "public": False, "body": "Check with billing.",
             "created_at": "2026-03-02T09:05:00Z"},
            {"id": 3, "author_id": 8, "public": True, "html_body": "<p>It is on its way.</p>",
             "body": None, "created_at": "2026-03-02T09:10:00Z"},
        ],
        "users": [{"id": 7, "role": "end-user", "locale": "en-GB"},
                  {"id": 8, "role": "Agent"}],
        "next_page": None,
        "count": 3,
    }  # fmt: skip
    path = tmp_path / "35436.json"
    path.write_text(json.dumps(page))
    [conversation] = read_conversations([str(path)], source="auto")
    assert conversation.id == "35436"
    assert [m.role.value for m in conversation.messages] == ["customer", "note", "agent"]
    assert conversation.messages[2].text == "It is on its way."
    ticket = {"tickets": [{"id": 5, "requester_id": 7, "via": {"channel": "email"},
                           "description": "My parcel is late", "status": "hold",
                           "created_at": "2026-03-02T09:00:00Z"}]}  # fmt: skip
    path = tmp_path / "incremental.json"
    path.write_text(json.dumps(ticket))
    [conversation] = read_conversations([str(path)], source="auto")
    assert (conversation.status, conversation.channel) == ("open", "email")
    assert [(m.role.value, m.text) for m in conversation.messages] == [
        ("customer", "My parcel is late")
    ]
