"""Honesty: what we tell customers agrees with the organisation's own policy facts."""
