"""A small archive with known figures, for the analytics and report tests.

Sixteen delivery enquiries on two Mondays (business hours, Europe/London = UTC in March):

- language: 8 English customers answered after 10, 20, ..., 80 minutes and 8 Spanish ones
  answered after 200, 220, ..., 340 minutes: a seeded disparity (every Spanish wait is longer
  than every English one);
- segment.region alternates UK / IE, so each region holds the same mix of waits and the same
  survey answers: a non-difference;
- segment.tier is "vip" for 3 conversations only: under the minimum group size of 5;
- every conversation has a survey; four record remedies (two granted); one English customer
  chases before the reply.

Hand-checked figures are in the tests that use it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ENGLISH_MINUTES = [10, 20, 30, 40, 50, 60, 70, 80]
SPANISH_MINUTES = [200, 220, 240, 260, 280, 300, 320, 340]
SATISFACTION_EN = [5, 5, 4, 4, 4, 4, 3, 3]
SATISFACTION_ES = [4, 4, 3, 3, 3, 3, 2, 2]
VIP = {0, 8, 9}
MIN_GROUP = 5
TEAMS_YAML = "teams:\n  Delivery: [agent:priya, agent:owen]\n  Spanish desk: [agent:lucia]\n"

ENGLISH = (
    "Hi, my order {order} hasn't arrived yet. Can you tell me where it is?",
    "Sorry for the trouble with order {order}. It is with the courier now and the tracking "
    "link is in your inbox.",
    "Thanks, that's all!",
)
SPANISH = (
    "Hola, mi pedido {order} todavía no ha llegado. ¿Podéis decirme dónde está?",
    "Perdone las molestias con el pedido {order}. Ya está con el mensajero y tiene el enlace "
    "de seguimiento en su correo.",
    "Gracias, eso es todo.",
)


def conversations() -> list[dict[str, Any]]:
    items = []
    for index in range(16):
        spanish = index >= 8
        position = index - 8 if spanish else index
        minutes = (SPANISH_MINUTES if spanish else ENGLISH_MINUTES)[position]
        texts = SPANISH if spanish else ENGLISH
        day = datetime(2026, 3, 2 if index % 4 < 2 else 9, 9, 30, tzinfo=UTC)
        order = 4400 + index
        author = "agent:lucia" if spanish else ("agent:priya" if index < 4 else "agent:owen")
        messages = [{"id": "m1", "role": "customer", "at": day, "text": texts[0]}]
        if index == 7:
            messages.append(
                {
                    "id": "m1b",
                    "role": "customer",
                    "at": day + timedelta(minutes=60),
                    "text": "Hello?? I'm still waiting for an answer on this.",
                }
            )
        reply_at = day + timedelta(minutes=minutes)
        messages += [
            {"id": "m2", "role": "agent", "author": author, "at": reply_at, "text": texts[1]},
            {
                "id": "m3",
                "role": "customer",
                "at": reply_at + timedelta(minutes=4),
                "text": texts[2],
            },
        ]
        for message in messages:
            message["text"] = message["text"].format(order=order)
            message["at"] = message["at"].isoformat()
        satisfaction = (SATISFACTION_ES if spanish else SATISFACTION_EN)[position]
        item: dict[str, Any] = {
            "id": f"{'es' if spanish else 'en'}-{index:02d}",
            "channel": "chat",
            "customer": {
                "id": f"cus-{order}",
                "language": "es" if spanish else "en",
                "segment": {
                    "region": "UK" if index % 2 == 0 else "IE",
                    "tier": "vip" if index in VIP else "standard",
                },
            },
            "messages": messages,
            "survey": {"satisfaction": satisfaction, "treated_fairly": index not in (14, 15)},
        }
        if index in (3, 11):
            item["remedies"] = [{"kind": "goodwill", "amount": 5, "currency": "GBP"}]
        elif index in (4, 12):
            item["remedies"] = []
        if index == 15:
            item["survey"]["comment"] = "Tardaron casi seis horas en contestar."
        items.append(item)
    return items


def write_fixture(path: Path) -> Path:
    path.write_text(
        "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in conversations()),
        encoding="utf-8",
    )
    return path


def audit_folder(folder: Path) -> Path:
    """Audit the fixture with the default policy into `folder` (as `trustdesk audit` does)."""
    from trustdesk.engine import Engine
    from trustdesk.io import read_conversations
    from trustdesk.io.results import AuditWriter

    source = write_fixture(folder.parent / f"{folder.name}-input.jsonl")
    engine = Engine()
    with AuditWriter(folder, engine.policy) as writer:
        for conversation in read_conversations([str(source)], strict=True):
            writer.add(conversation, engine.audit(conversation))
    return folder
