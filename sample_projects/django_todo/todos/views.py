from django.shortcuts import render
from django.views.generic import TemplateView

from sample_projects.todo_components.cart import PRODUCTS

from .models import Todo


def home(request):
    todos = [{"id": t.id, "title": t.title, "done": t.done} for t in Todo.objects.all()]
    return render(request, "todos/index.html", {"todos": todos, "names": ["Alpha", "Bravo", "Charlie", "Delta"]})


class MoreView(TemplateView):
    """A second page with islands, for client navigation."""

    template_name = "todos/more.html"


class AboutView(TemplateView):
    """An ordinary page: no island, so pickle-reactor leaves it alone."""

    template_name = "todos/about.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "count": Todo.objects.count()}


def shop(request):
    """Two islands sharing one store (the cart): see sample_projects/todo_components/cart.py."""
    return render(request, "todos/shop.html", {"products": PRODUCTS})
