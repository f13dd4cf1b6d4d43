"""The lead dashboard: how the replies, promises and surveys of a range went, by principle,
agent, team and period.

It reads the actor's own team (every team for admins and auditors), like the ticket list.
A reply is an agent's or a bot's message, never the customer's, sent in [since, until).
A principle's score is the share of replies with no finding of that principle, from 0 to
100, for the principles of the policy's enabled checks (those the audit report scores) and
any other principle the replies' findings name.

One concern a module: `build` (the use case: the range, then the view), `queries` (what the
database counts), `surveys` (the survey figures), `tally` (the running sums), `periods` (days,
weeks and months in the organisation's timezone) and `views` (the records handed back).
"""

from trustdesk.desk.dashboard.build import MAX_EXAMPLES, dashboard
from trustdesk.desk.dashboard.views import DashboardPeriod, DashboardView

__all__ = ["MAX_EXAMPLES", "DashboardPeriod", "DashboardView", "dashboard"]
