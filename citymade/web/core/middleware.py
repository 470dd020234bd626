"""Language per request: the visitor's choice (cookie) or French; browsers' Accept-Language is
ignored on purpose so that citymade opens in French unless someone picks Dutch or English."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from citymade import i18n


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.codes = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or ""
        lang = lang if lang in self.codes else settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        with i18n.use_language(lang):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        response.headers.setdefault("Vary", "Cookie")
        translation.deactivate()
        return response
