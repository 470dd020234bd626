from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "citymade.web.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from citymade.web.accounts.roles import Role
        from citymade.web.accounts.user_views import company_access_panel
        from citymade.web.companies.panels import register_panel
        from citymade.web.core import navigation

        navigation.register("accounts:users", _("Users"), frozenset({Role.ADMIN}))
        register_panel(key="access", template="accounts/company_access_panel.html", context=company_access_panel, order=90)
