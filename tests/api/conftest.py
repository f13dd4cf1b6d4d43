from __future__ import annotations

from api_support import api  # noqa: F401
