"""Sample projects: a Starlette todo app and a Django todo app sharing one set of components."""
