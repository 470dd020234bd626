from django.urls import path

from citymade.web.portfolio import keyfigures_views, views, views_edit

app_name = "portfolio"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("review/", views.review, name="review"),
    path("review/<int:year>/", views.review, name="review_year"),
    path("review/<int:year>/edit/", views_edit.review_edit, name="review_edit"),
    path("review/<int:year>/download/<str:fmt>/", views.review_download, name="review_download"),
    path("review/<int:year>/figures/<str:key>/", views.review_figure, name="review_figure"),
    path("figures/", keyfigures_views.figures, name="figures"),
    path("figures/download.<str:fmt>", keyfigures_views.figures_download, name="figures_download"),
    path("support/", views.support_list, name="support_list"),
    path("companies/<slug:slug>/support/new/", views.support_create, name="support_create"),
    path("companies/<slug:slug>/contact/", views.contact_create, name="contact_create"),
    path("companies/<slug:slug>/plan/<int:diagnostic_id>/<str:recommendation>/", views.plan_item_edit, name="plan_item_edit"),
    path("support/<int:pk>/edit/", views.support_edit, name="support_edit"),
    path("companies/<slug:slug>/status/", views.status_change, name="status_change"),
    path("companies/<slug:slug>/pivots/new/", views.pivot_create, name="pivot_create"),
    path("companies/<slug:slug>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("companies/<slug:slug>/jobs/new/", views.jobs_create, name="jobs_create"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("groups/", views.groups, name="groups"),
    path("groups/<int:pk>/edit/", views_edit.group_edit, name="group_edit"),
    path("events/<int:pk>/edit/", views_edit.event_edit, name="event_edit"),
    path("events/<int:event_id>/attendance/", views.attendance, name="attendance"),
    path("events/<int:event_id>/invitations/<int:pk>/remove/", views_edit.invitation_remove, name="invitation_remove"),
    path("import/", views.import_page, name="import"),
    path("import/template/<str:kind>.<str:fmt>", views.import_template, name="import_template"),
    path("export/", views.export_page, name="export"),
    path("export/<str:kind>/<str:fmt>/", views.export_download, name="export_download"),
]
