from django.urls import path

from citymade.web.diagnostics import views

app_name = "diagnostics"

urlpatterns = [
    path("", views.diagnostic_list, name="list"),
    path("company/<slug:slug>/", views.company_history, name="history"),
    path("company/<slug:slug>/new/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/<str:key>/", views.step, name="step"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/do/<str:name>/", views.transition, name="transition"),
    path("<int:pk>/what-if/", views.what_if, name="what_if"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report"),
]
