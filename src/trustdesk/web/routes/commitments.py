"""The commitments board: the promises customers are still owed, overdue ones first, and the
ledger's counts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk.commitments import ledger_counts, list_commitments, update_commitment
from trustdesk.errors import InputError
from trustdesk.model import valid_time
from trustdesk.web.deps import PathId, SignedIn

router = APIRouter()
BOARD = 200


@router.get("/commitments")
def board(
    page: SignedIn,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    # Past due with no word since (customers in the dark), then the promises still open by due
    # time; the counts are the ledger's, as an audit of the same messages counts them.
    overdue = list_commitments(page.desk, page.actor, overdue=True, limit=BOARD)
    promises = list_commitments(page.desk, page.actor, status="open", limit=BOARD, offset=offset)
    data: dict[str, Any] = {
        "counts": ledger_counts(page.desk, page.actor),
        "overdue": overdue.items,
        "upcoming": [c for c in promises.items if not c.overdue],
        "more": promises.more,
        "offset": offset,
    }
    extra = {"title": "Promises", "nav": "commitments"}
    return page.render("commitments.html", data, extra=extra)


@router.post("/commitments/{commitment_id}")
def close(
    commitment_id: PathId,
    page: SignedIn,
    status: Annotated[Literal["kept", "broken", "renegotiated"], Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
    due_at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    due = None
    if due_at:
        try:
            # The browser sends local time without an offset: read it in the desk's time zone.
            due = datetime.fromisoformat(due_at).replace(tzinfo=page.desk.policy.organisation.tz)
        except ValueError:
            raise InputError("give the new due time as a date and time", field="due_at") from None
        try:
            valid_time(due)  # not at the ends of the calendar
        except ValueError as exc:
            raise InputError(str(exc), field="due_at") from None
    update_commitment(
        page.desk, page.actor, commitment_id, status=status, note=note or None, due_at=due
    )
    return RedirectResponse("/commitments", status_code=303)
