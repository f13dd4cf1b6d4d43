"""Empathy: when the customer is upset, the reply acknowledges it."""
