"""Findings carry a confidence: every stored finding gets the key.

Findings are stored as JSON on their message (`messages.findings`), so the key needs no new
column. Findings judged before confidences existed get `"confidence": null` (not measured),
so every stored finding has the same shape and no old finding is shown as more or less sure
than it was. Going back removes the key.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 500

messages = sa.table(
    "messages",
    sa.column("id", sa.Integer()),
    sa.column("findings", sa.JSON()),
)


def upgrade() -> None:
    _rewrite(lambda finding: {**finding, "confidence": finding.get("confidence")})


def downgrade() -> None:
    _rewrite(lambda finding: {k: v for k, v in finding.items() if k != "confidence"})


def _rewrite(change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Apply `change` to every stored finding, a batch of messages at a time."""
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(messages.c.id, messages.c.findings)
            .where(messages.c.id > last, sa.func.json_array_length(messages.c.findings) > 0)
            .order_by(messages.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for message_id, findings in rows:
            changed = [change(f) if isinstance(f, dict) else f for f in findings]
            if changed != findings:
                connection.execute(
                    messages.update().where(messages.c.id == message_id).values(findings=changed)
                )
        last = rows[-1][0]
