from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionConfig(AppConfig):
    name = "citymade.web.region"
    label = "region"
    verbose_name = _("Region")

    def ready(self) -> None:
        from citymade.web.accounts.roles import Role
        from citymade.web.core.navigation import register

        register("region:figures", _("Region"), frozenset(Role))
        register("region:prospects", _("Prospects"), frozenset({Role.ADMIN, Role.ADVISOR}))
