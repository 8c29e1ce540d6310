from django.urls import include, path

from todos import views

urlpatterns = [
    path("", views.home, name="home"),
    path("more/", views.MoreView.as_view(), name="more"),
    path("shop/", views.shop, name="shop"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("_reactor/", include("pickle_reactor.contrib.django.urls")),  # pickle-reactor: assets + actions
]
