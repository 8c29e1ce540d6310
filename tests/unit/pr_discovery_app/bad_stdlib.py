def later() -> None:
    import tkinter  # noqa: F401  (not in Pyodide's standard library)
