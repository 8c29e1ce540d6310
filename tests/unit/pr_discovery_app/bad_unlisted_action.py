from .actions import save  # noqa: F401  (an action module not in Reactor(actions=[...]))
