"""Respect: no blame, sarcasm, rudeness or jargon the customer cannot follow."""
