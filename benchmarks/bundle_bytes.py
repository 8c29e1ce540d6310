"""Client bundle bytes (brotli, quality 11) per configuration: the listed modules only (discovery off) vs
with import discovery and client_packages. `python benchmarks/bundle_bytes.py`; the table goes to README.md."""
import sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "unit")]
from unittest import mock
from pickle_reactor.server import bundle as b
from pickle_reactor.server.discovery import Discovery

CONFIGS = {
    "sample_projects (starlette_todo, django_todo)": (["sample_projects.todo_components.components"], ["sample_projects.todo_components.actions"], []),
    "tests/unit/pr_discovery_app + humanize": (["pr_discovery_app.components"], ["pr_discovery_app.actions"], ["humanize"]),
}
for name, (c, a, p) in CONFIGS.items():
    after = b.build_bundle(c, a, client_packages=p)
    with mock.patch.object(b, "discover", lambda *args: Discovery()):
        before = b.build_bundle(c, a)
    print(f"| {name} | {len(before.files)} | {len(before.variants['br']):,} | {len(after.files)} | {len(after.variants['br']):,} | {len(after.data):,} |")
