"""Personalisation checks: the customer's stated preferences (language, no marketing) are kept."""
