"""The lead dashboard: how the replies, promises and surveys of a range went, by principle,
agent, team and period.

It reads the actor's own team (every team for admins and auditors), like the ticket list.
A reply is an agent's or a bot's message, never the customer's, sent in [since, until); a
conversation is a ticket whose first message is in [since, until), counted in the period it
started in, as the audit report's trend counts it. Principle scores are the audit report's,
by the same code (`trustdesk.engine.scoring`): each conversation scores each principle from
the findings stored on its messages (the customer's included), and a group's score is the
mean over its conversations, for the principles of the policy's enabled checks and any other
principle the findings name. Findings are counted over the same conversations.

One concern a module: `build` (the use case: the range, then the view), `queries` (what the
database counts), `surveys` (the survey figures), `tally` (the running sums), `periods` (days,
weeks and months in the organisation's timezone) and `views` (the records handed back).
"""

from trustdesk.desk.dashboard.build import MAX_EXAMPLES, dashboard
from trustdesk.desk.dashboard.views import DashboardPeriod, DashboardView

__all__ = ["MAX_EXAMPLES", "DashboardPeriod", "DashboardView", "dashboard"]
