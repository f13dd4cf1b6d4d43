"""Responsiveness: no customer waits past the SLA or has to chase for an answer."""
