"""Service levels: how long a customer waited and whether a promise was kept, as the policy
counts them.

The checks that judge waits and promises (responsiveness.wait, promises.broken) and the
engine's service measures all read them from here, so a report measures a wait exactly as the
check judges it, and the engine needs no particular check to measure. This package sits below
both: it reads only the model, the policy and the text analysis.
"""

from trustdesk.service_level.levels import ServiceLevel
from trustdesk.service_level.promises import Outcome, Promise, promise_counts, promises
from trustdesk.service_level.waits import Wait, find_waits, measure_wait

__all__ = [
    "Outcome",
    "Promise",
    "ServiceLevel",
    "Wait",
    "find_waits",
    "measure_wait",
    "promise_counts",
    "promises",
]
