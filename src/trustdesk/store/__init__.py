"""The desk's system of record (SQLAlchemy 2 + Alembic). Only `trustdesk.desk` uses it."""

# Every table module, so that `Base.metadata` is whole whichever one a caller imports first
# (migrations compare against it; tests empty every table through it).
from trustdesk.store import tables, training_tables  # noqa: F401
