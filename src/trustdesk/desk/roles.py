"""Who may do what: the four roles and the permissions each one holds."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from trustdesk.errors import PermissionDeniedError


class Role(enum.StrEnum):
    AGENT = "agent"
    LEAD = "lead"
    ADMIN = "admin"
    AUDITOR = "auditor"


class Permission(enum.StrEnum):
    READ = "read"  # tickets, commitments, remedies, surveys of the user's teams
    WRITE = "write"  # create tickets, send replies, record consent, propose remedies
    OVERRIDE_BLOCK = "override_block"  # send a reply the check blocked
    APPROVE_REMEDY = "approve_remedy"  # approve a remedy above the approval threshold
    CUSTOMER_DATA = "customer_data"  # export or erase everything about a customer
    READ_AUDIT_LOG = "read_audit_log"
    MANAGE_USERS = "manage_users"  # users, teams and other people's tokens
    EDIT_POLICY = "edit_policy"  # save a new revision of the policy (everyone may read it)
    # connect a helpdesk, read its deliveries and dead letters (a lead: their own team's)
    MANAGE_INTEGRATIONS = "manage_integrations"
    MANAGE_SCENARIOS = "manage_scenarios"  # add practice scenarios, read the team's attempts
    DECIDE_DILEMMAS = "decide_dilemmas"  # close a dilemma the team raised, with a decision


_READ = {Permission.READ}
_AGENT = _READ | {Permission.WRITE}
_LEAD = _AGENT | {
    Permission.OVERRIDE_BLOCK,
    Permission.APPROVE_REMEDY,
    Permission.MANAGE_INTEGRATIONS,
    Permission.MANAGE_SCENARIOS,
    Permission.DECIDE_DILEMMAS,
}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset(_AGENT),
    Role.LEAD: frozenset(_LEAD),
    Role.ADMIN: frozenset(Permission),
    # An auditor reads everything, including the audit log, and changes nothing.
    Role.AUDITOR: frozenset(_READ | {Permission.READ_AUDIT_LOG}),
}

# These roles read every team's tickets; agents and leads see their own team's, and nothing
# while they have no team (see trustdesk.desk.tenancy).
ALL_TEAMS = frozenset({Role.ADMIN, Role.AUDITOR})


@dataclass(frozen=True, slots=True)
class Actor:
    """The person or machine behind a request."""

    user_id: int | None
    username: str
    role: Role
    team_id: int | None

    def can(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDeniedError(
                f"a user with the role {self.role.value!r} may not {_VERBS[permission]}"
            )


_VERBS = {
    Permission.READ: "read tickets",
    Permission.WRITE: "change tickets",
    Permission.OVERRIDE_BLOCK: "override a blocked reply (ask a lead)",
    Permission.APPROVE_REMEDY: "approve a remedy above the approval threshold (ask a lead)",
    Permission.CUSTOMER_DATA: "export or erase a customer's data",
    Permission.READ_AUDIT_LOG: "read the audit log",
    Permission.MANAGE_USERS: "manage users, teams or other people's tokens",
    Permission.EDIT_POLICY: "change the policy",
    Permission.MANAGE_INTEGRATIONS: "manage helpdesk integrations (ask a lead or an admin)",
    Permission.MANAGE_SCENARIOS: "add practice scenarios or read other people's attempts",
    Permission.DECIDE_DILEMMAS: "close a dilemma with a decision (ask a lead)",
}

# The desk itself, for work no person started (the scheduler, imports from the command line).
SYSTEM = Actor(user_id=None, username="system", role=Role.ADMIN, team_id=None)
