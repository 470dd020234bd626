from django.urls import path

from citymade.web.companies import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="list"),
    path("<slug:slug>/", views.company_detail, name="detail"),
]
