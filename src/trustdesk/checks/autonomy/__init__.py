"""Autonomy checks: the customer decides, free of pressure, upselling and unasked substitutions."""
