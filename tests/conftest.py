from __future__ import annotations

import sys
from pathlib import Path

# Tests import their helpers as `support`.
sys.path.insert(0, str(Path(__file__).parent))
