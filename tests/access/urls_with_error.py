"""Digit's URLs plus one view that fails, to see what a user gets from an unexpected error."""

from django.urls import path

from digit.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("SECRET-DETAIL from the database layer")


urlpatterns = [path("broken/", broken), *urlpatterns]
