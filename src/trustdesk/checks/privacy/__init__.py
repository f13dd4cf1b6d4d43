"""Privacy: never ask for secrets, never echo them, never show one customer's data to another."""
