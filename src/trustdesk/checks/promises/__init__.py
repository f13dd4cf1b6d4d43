"""Reliable promises: every promise names a time, is realistic, and is kept."""
