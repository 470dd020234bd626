from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionConfig(AppConfig):
    name = "citymade.web.region"
    label = "region"
    verbose_name = _("Region")

    def ready(self) -> None:
        import contextlib
        from pathlib import Path

        from citymade.i18n import compile_catalogs
        from citymade.web.accounts.roles import Role
        from citymade.web.core.navigation import register

        # This app's page strings live in its own catalog (locale/<lang>/LC_MESSAGES/django.po);
        # build the .mo files when missing or older (a read-only install ships them built).
        with contextlib.suppress(OSError):
            compile_catalogs(Path(__file__).resolve().parent / "locale")

        register("region:figures", _("Region"), frozenset(Role))
        register("region:prospects", _("Prospects"), frozenset({Role.ADMIN, Role.ADVISOR}))
