"""The checks, one module per check, grouped by principle; see `registry` for discovery."""
