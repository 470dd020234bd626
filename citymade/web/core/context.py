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
    links = [(label, reverse(name)) for name, label in items]
    # the one item whose address is the longest start of this page's (« Prospects » on /region/prospects/, not « Region » too)
    matching = [url for _label, url in links if path == url or (url != "/" and path.startswith(url))]
    current = max(matching, key=len, default=None)
    return {"nav_items": [{"label": label, "url": url, "current": url == current} for label, url in links]}
