"""The site's URLs plus two that fail, for the error-page tests."""

from django.urls import path

from config.urls import urlpatterns as site_urls


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fail/", fail), path("api/fail/", fail), *site_urls]
handler404 = "cooperation.api.errors.not_found"
handler500 = "cooperation.api.errors.server_error"
