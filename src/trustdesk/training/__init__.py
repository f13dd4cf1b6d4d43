"""Ethics training: practice scenarios, the judgement of a trainee's reply, and scenarios
made from real cases. A pure library over the engine (no database, no web)."""

from trustdesk.training.loader import load_many, load_scenarios, shipped_scenarios
from trustdesk.training.practice import Judgement, judge, policy_for, problems
from trustdesk.training.scenario import Scenario

__all__ = [
    "Judgement",
    "Scenario",
    "judge",
    "load_many",
    "load_scenarios",
    "policy_for",
    "problems",
    "shipped_scenarios",
]
