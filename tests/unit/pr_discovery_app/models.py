"""A server-side model module: a component importing it is refused (pydantic)."""

from pydantic import BaseModel


class Order(BaseModel):
    total: int
