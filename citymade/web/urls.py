from django.urls import include, path

from citymade.web.api.routes import api

urlpatterns = [
    path("", include("citymade.web.core.urls")),
    path("accounts/", include("citymade.web.accounts.urls")),
    path("companies/", include("citymade.web.companies.urls")),
    path("region/", include("citymade.web.region.urls")),
    path("diagnostics/", include("citymade.web.diagnostics.urls")),
    path("portfolio/", include("citymade.web.portfolio.urls")),
    path("api/", api.urls),
]

handler400 = "citymade.web.core.errors.bad_request"
handler403 = "citymade.web.core.errors.forbidden"
handler404 = "citymade.web.core.errors.not_found"
handler500 = "citymade.web.core.errors.server_error"
