"""Language per request (see :mod:`citymade.web.core.languages`: the user's stored choice, this
browser's choice, the browser's Accept-Language, else French) and the security headers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from citymade import i18n
from citymade.web.core import languages


class LanguageMiddleware:
    """Activates the request's language; placed after the authentication middleware so that a
    logged-in user's own choice wins."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = languages.of_request(request)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        with i18n.use_language(lang):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
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
