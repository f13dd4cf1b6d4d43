"""Shared text analysis: every message is analysed once and the result is cached on it."""
