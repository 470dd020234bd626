from django.urls import path

from citymade.web.companies import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="list"),
    path("new/", views.company_create, name="create"),
    path("<slug:slug>/", views.company_detail, name="detail"),
    path("<slug:slug>/edit/", views.company_edit, name="edit"),
    path("<slug:slug>/contacts/<int:pk>/personal-data/", views.contact_personal_data, name="contact_personal_data"),
    path("<slug:slug>/contacts/<int:pk>/erase/", views.contact_erase, name="contact_erase"),
]

for _kind in ("product", "site", "contact"):
    urlpatterns += [
        path(f"<slug:slug>/{_kind}s/new/", getattr(views, f"{_kind}_add"), name=f"{_kind}_add"),
        path(f"<slug:slug>/{_kind}s/<int:pk>/edit/", getattr(views, f"{_kind}_edit"), name=f"{_kind}_edit"),
        path(f"<slug:slug>/{_kind}s/<int:pk>/delete/", getattr(views, f"{_kind}_delete"), name=f"{_kind}_delete"),
    ]
