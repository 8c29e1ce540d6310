"""The todo sample's Django project package.

The islands' components are shared with the Starlette sample (``sample_projects.todo_components``), so
the repository root must be importable; a real project would install its component package instead.
"""

import sys
from pathlib import Path

_REPO_ROOT = str(Path(__file__).resolve().parents[3])
if _REPO_ROOT not in sys.path:
    sys.path.append(_REPO_ROOT)
