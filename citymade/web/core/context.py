"""Template context shared by every page: the navigation the current role may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from citymade.web.core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = items_for(user) if user is not None else []
    path = request.path
    return {
        "nav_items": [
            {"label": label, "url": (url := reverse(name)), "current": path.startswith(url) and url != "/" or path == url}
            for name, label in items
        ],
    }
