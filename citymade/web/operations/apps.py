from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Backups, restores and the health of a running installation (no models; its own catalogs)."""

    name = "citymade.web.operations"
    label = "operations"
