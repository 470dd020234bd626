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


#: Content Security Policy: scripts only from citymade itself (no inline or injected scripts);
#: inline style attributes stay allowed because server-rendered charts and bars size themselves
#: with them; no framing, no plugins, forms post only to citymade.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and Permissions-Policy headers to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
