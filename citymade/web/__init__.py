"""The Django delivery layer: thin views and an API over the domain core."""

from __future__ import annotations

import os

__all__ = ["setup"]


def setup() -> None:
    """Configure Django for code that runs outside ``manage.py`` (the CLI, scripts)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citymade.web.settings")
    import django

    django.setup()
