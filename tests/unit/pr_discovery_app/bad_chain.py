from pickle_reactor import component

from .models import Order  # noqa: F401  (-> pydantic: refused with the chain)
