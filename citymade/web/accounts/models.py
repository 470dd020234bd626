"""Users with one role each; a company user is bound to exactly one company."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from citymade.web.accounts.roles import STAFF_ROLES, Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OBSERVER)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("The one company a company user belongs to."),
    )
    #: The language the user chose (pages, PDFs, e-mails); empty until they choose one, when the
    #: browser's language is used (see citymade.web.core.languages).
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        default="",
        choices=settings.LANGUAGES,
        help_text=_("The language citymade speaks to this user: pages, PDF reports and e-mails."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.COMPANY) & Q(company__isnull=False))
                | (~Q(role=Role.COMPANY) & Q(company__isnull=True)),
                name="company_user_has_exactly_one_company",
            )
        ]

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class LoginFailure(models.Model):
    """A failed login for one account from one address (and device); recent ones throttle further attempts."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField()
    #: The known-device id the browser presented for this account ("" for an unknown device).
    device = models.CharField(max_length=32, blank=True, default="")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["username", "address", "at"])]

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 digest is stored, the key is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
