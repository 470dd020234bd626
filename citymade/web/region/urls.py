from django.urls import path

from citymade.web.region import views

app_name = "region"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("download/<str:table>.<str:fmt>", views.download, name="download"),
    path("prospects/", views.prospects, name="prospects"),
    path("prospects/add/", views.add_prospect, name="add_prospect"),
]
