from pickle_reactor.reactor import Reactor  # noqa: F401  (server-only part of pickle_reactor)
