from __future__ import annotations

from web_support import web  # noqa: F401
