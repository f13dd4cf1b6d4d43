"""The policy a desk judges with: the policy, the engine built from it, the stored revision it
is, and when the desk last looked for a newer one.

It knows nothing of the database: trustdesk.desk.policies reads and records the revisions and
tells this object which one to put in force.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from trustdesk.engine import Engine
from trustdesk.engine.limits import Limits
from trustdesk.policy import Policy

# How often, at most, a desk looks for a policy revision saved by another process (seconds).
POLICY_REFRESH_S = 5.0


@dataclass(frozen=True, slots=True)
class _Judging:
    policy: Policy
    engine: Engine
    revision_id: int | None


class PolicyInForce:
    """The policy, its engine and its revision id, swapped together: a request that reads the
    policy and then the engine never gets one of an older revision and one of a newer."""

    def __init__(
        self,
        policy: Policy,
        *,
        revision_id: int | None = None,
        refresh_s: float = POLICY_REFRESH_S,
        limits: Limits | None = None,
    ) -> None:
        # The engine's limits (from the settings), kept when the policy changes.
        self.limits = limits or Limits()
        self._judging = _Judging(policy, Engine(policy, limits=self.limits), revision_id)
        # How often, at most, to look for a newer revision, and time.monotonic() of the last look.
        self.refresh_s = refresh_s
        self.checked_at = 0.0
        # One thread looks for a newer revision at a time.
        self.lock = threading.Lock()

    @property
    def policy(self) -> Policy:
        return self._judging.policy

    @property
    def engine(self) -> Engine:
        return self._judging.engine

    @property
    def revision_id(self) -> int | None:
        """The stored revision in force (None until the desk is opened on its database)."""
        return self._judging.revision_id

    def use(self, policy: Policy, *, revision_id: int | None = None) -> None:
        """Judge with `policy` from now on (the engine is rebuilt, so a bad policy fails here).

        `revision_id` is the stored revision it is; with None, the next refresh puts the newest
        stored revision back in force.
        """
        self._judging = _Judging(policy, Engine(policy, limits=self.limits), revision_id)

    def is_newer(self, revision_id: int) -> bool:
        """Whether `revision_id` is newer than the revision in force (ids only grow)."""
        return self.revision_id is None or revision_id > self.revision_id

    def recognise(self, revision_id: int) -> None:
        """The policy in force is stored as `revision_id` (the engine stays as it is)."""
        self._judging = _Judging(self.policy, self.engine, revision_id)

    def refresh_due(self) -> bool:
        """Whether to look for a newer revision now (no database query: cheap)."""
        return time.monotonic() - self.checked_at >= self.refresh_s

    def checked(self) -> None:
        """The desk looked for a newer revision just now."""
        self.checked_at = time.monotonic()
