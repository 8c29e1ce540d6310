"""An app whose island imports a helper module (found by import discovery, not listed) and a vendored
pure-Python distribution (Reactor(client_packages=["humanize"])): tests/e2e/test_vendored.py."""
