"""Conduct: the policy's own rules (never-say phrases, must-disclose rules)."""
