from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class FinnishUnlessChosenMiddleware:
    """Finnish is the default language: the browser's Accept-Language is ignored, and only the
    user's own choice (the language switch, stored in a cookie) changes it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user may carry client data (pages, PDFs, documents,
    exports): no browser, proxy or shared cache keeps a copy (`Cache-Control: no-store,
    private`). Public pages (privacy notices, sign-in) keep their own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
