"""Companies the cluster follows; everything company-scoped hangs off one of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from citymade.errors import CitymadeError
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.web.accounts.roles import STAFF_ROLES, Role

if TYPE_CHECKING:
    from citymade.web.accounts.models import User


def validate_enterprise_number(value: str) -> None:
    try:
        parse_enterprise_number(value)
    except CitymadeError as exc:
        raise ValidationError(exc.message, code="enterprise_number") from exc


class CompanyQuerySet(models.QuerySet["Company"]):
    def visible_to(self, user: User) -> CompanyQuerySet:
        """The companies ``user`` may see one by one: staff all, a company user its own, else none."""
        if not user.is_authenticated:
            return self.none()
        if user.role in STAFF_ROLES:
            return self.all()
        if user.role == Role.COMPANY and user.company_id:
            return self.filter(pk=user.company_id)
        return self.none()


class Company(models.Model):
    class Membership(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        CANDIDATE = "candidate", _("Candidate member")
        MEMBER = "member", _("Member")
        ALUMNI = "alumni", _("Alumni")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        blank=True,
        validators=[validate_enterprise_number],
        help_text=_("Belgian enterprise number (KBO/BCE), e.g. 0403.170.701."),
    )
    legal_form = models.CharField(_("legal form"), max_length=80, blank=True)
    nace_codes = models.JSONField(_("NACE codes"), default=list, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    membership = models.CharField(
        _("membership status"), max_length=16, choices=Membership.choices, default=Membership.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.enterprise_number:
            self.enterprise_number = parse_enterprise_number(self.enterprise_number)
        if not self.slug:
            self.slug = slugify(self.name)[:80]
