"""The organisation's code of conduct: schema, loader and the default policy."""

from trustdesk.policy.loader import default_policy, load_policy, policy_from_dict, policy_from_yaml
from trustdesk.policy.schema import Policy

__all__ = ["Policy", "default_policy", "load_policy", "policy_from_dict", "policy_from_yaml"]
