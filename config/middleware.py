from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class FinnishUnlessChosenMiddleware:
    """Finnish is the default language: the browser's Accept-Language is ignored, and only the
    user's own choice (the language switch, stored in a cookie) changes it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
