from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from citymade.web.accounts import user_views, views
from citymade.web.accounts.forms import LocalisedPasswordResetForm, ResetPasswordForm
from citymade.web.accounts.roles import ALL_ROLES
from citymade.web.core.access import allow

app_name = "accounts"

public = allow(anonymous=True)
logged_in = allow(*ALL_ROLES)

urlpatterns = [
    path("profile/", user_views.profile, name="profile"),
    path("users/", user_views.user_list, name="users"),
    path("users/new/", user_views.user_create, name="user_create"),
    path("users/<int:pk>/", user_views.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", user_views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", user_views.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/send-link/", user_views.user_send_link, name="user_send_link"),
    path("invite/<slug:slug>/", user_views.invite, name="invite"),
    path("invitation/<uidb64>/<token>/", public(user_views.InvitationView.as_view()), name="invitation"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke, name="revoke_token"),
    path(
        "login/",
        public(views.LoginView.as_view()),
        name="login",
    ),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/",
        logged_in(
            auth_views.PasswordChangeView.as_view(
                success_url=reverse_lazy("accounts:password_change_done")
            )
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        logged_in(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        public(
            auth_views.PasswordResetView.as_view(
                form_class=LocalisedPasswordResetForm,
                success_url=reverse_lazy("accounts:password_reset_done"),
                email_template_name="registration/password_reset_email.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        public(
            auth_views.PasswordResetConfirmView.as_view(
                form_class=ResetPasswordForm,
                success_url=reverse_lazy("accounts:password_reset_complete")
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
