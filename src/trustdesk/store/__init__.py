"""The desk's system of record (SQLAlchemy 2 + Alembic). Only `trustdesk.desk` uses it."""
