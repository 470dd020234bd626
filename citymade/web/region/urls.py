from django.urls import path

from citymade.web.region import views

app_name = "region"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("download/<str:table>.<str:fmt>", views.download, name="download"),
    path("prospects/", views.prospects, name="prospects"),
    path("prospects/add/", views.add_prospect, name="add_prospect"),
    path("prospects/dismiss/", views.dismiss_prospect, name="dismiss_prospect"),
    path("prospects/restore/", views.restore_prospect, name="restore_prospect"),
]
