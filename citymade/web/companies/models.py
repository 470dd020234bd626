"""Companies the cluster follows, with their products, sites and contact persons.

Everything company-scoped hangs off a :class:`Company`; querysets such as
``Company.objects.visible_to(user)`` decide who sees what, so another company's objects answer 404.
"""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from citymade.errors import CitymadeError
from citymade.folding import fold
from citymade.register.enterprise_number import parse_enterprise_number
from citymade.web.accounts.roles import STAFF_ROLES, Role
from citymade.web.core.validation import refuse_control_characters

if TYPE_CHECKING:
    from citymade.web.accounts.models import User

#: Slugs that would collide with fixed URLs under /companies/.
RESERVED_SLUGS = frozenset({"new"})
SLUG_LENGTH = 80
SEARCH_TEXT_LENGTH = 320
NACE_CODE = re.compile(r"^\d{2}(\.?\d{1,3})?$")


def validate_enterprise_number(value: str) -> None:
    try:
        parse_enterprise_number(value)
    except CitymadeError as exc:
        raise ValidationError(exc.message, code="enterprise_number") from exc


def validate_nace_codes(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise ValidationError(_("NACE codes must be a list of codes."), code="nace_codes")
    wrong = [c for c in value if not NACE_CODE.match(c)]
    if wrong:
        raise ValidationError(
            _("“%(codes)s” is not a NACE code (e.g. 10.89 or 31.09)."),
            code="nace_codes",
            params={"codes": ", ".join(wrong)},
        )


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """A free URL name made from ``name``: ``atelier-bois``, then ``atelier-bois-2`` …"""
    base = slugify(name)[: SLUG_LENGTH - 4].strip("-") or "company"
    taken = set(
        Company.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    taken |= RESERVED_SLUGS
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


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

    def for_listing(self) -> CompanyQuerySet:
        """With the number the company list shows (its products)."""
        return self.annotate(product_count=models.Count("products", distinct=True)).order_by("name", "pk")

    def search(self, text: str) -> CompanyQuerySet:
        """Companies whose name, enterprise number or municipality holds ``text``.

        The enterprise number matches with or without dots (``0403170701`` finds ``0403.170.701``).
        Name and municipality match without accents or case, the same way on every database: the
        folded text is compared with :attr:`Company.search_text`, folded when the company is saved.
        """
        text = (text or "").strip()
        if not text:
            return self
        folded = fold(text)
        query = Q(search_text__contains=folded) | Q(postal_code=text)
        query |= Q(enterprise_number__icontains=text)
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 4 and len(digits) == len(re.sub(r"[\s.]", "", text)):
            # Typed as digits (maybe with dots/spaces): compare without the separators.
            query |= Q(enterprise_number__icontains=_dotted_fragment(digits))
        return self.filter(query)


def search_text_of(name: str, municipality: str) -> str:
    """What the search compares with: the folded name and municipality, one per line."""
    return f"{fold(name or '')}\n{fold(municipality or '')}"[:SEARCH_TEXT_LENGTH]


def _dotted_fragment(digits: str) -> str:
    """Place the dots of ``0999.999.999`` into a digit string that starts the number."""
    if len(digits) == 9:
        digits = "0" + digits
    if len(digits) == 10:
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    return digits


class OrganisationType(models.TextChoices):
    """What kind of organisation a member or a partner is (the share of companies counts ``company``)."""

    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association or non-profit")
    RESEARCH = "research", _("Research or education")
    PUBLIC = "public", _("Public body")
    SUPPORT = "support", _("Support organisation")


class Company(models.Model):
    class Membership(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        CANDIDATE = "candidate", _("Candidate member")
        MEMBER = "member", _("Member")
        ALUMNI = "alumni", _("Alumni")
        STOPPED = "stopped", _("Candidate who stopped")

    OrganisationType = OrganisationType

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"),
        max_length=SLUG_LENGTH,
        unique=True,
        blank=True,
        help_text=_("Used in addresses and as the login of the company's user; made from the name when left empty."),
    )
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        blank=True,
        validators=[validate_enterprise_number],
        help_text=_("Belgian enterprise number (KBO/BCE), e.g. 0403.170.701."),
    )
    legal_form = models.CharField(_("legal form"), max_length=80, blank=True)
    nace_codes = models.JSONField(
        _("NACE codes"), default=list, blank=True, validators=[validate_nace_codes]
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    membership = models.CharField(
        _("membership status"), max_length=16, choices=Membership.choices, default=Membership.MEMBER
    )
    organisation_type = models.CharField(
        _("organisation type"), max_length=16, choices=OrganisationType.choices, default=OrganisationType.COMPANY
    )
    #: the member of staff responsible for following the company (none: nobody assigned yet)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advised_companies",
        limit_choices_to={"role__in": [r.value for r in sorted(STAFF_ROLES)], "is_active": True},
        help_text=_("The member of staff responsible for following the company."),
    )
    #: name and municipality without accents or case (:func:`search_text_of`), kept up to date on save
    search_text = models.CharField(max_length=SEARCH_TEXT_LENGTH, editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = unique_slug(self.name, exclude_pk=self.pk)
        self.search_text = search_text_of(self.name, self.municipality)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "municipality"} & set(update_fields):  # type: ignore[call-overload]
            kwargs["update_fields"] = {*update_fields, "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        refuse_control_characters(self)
        if self.enterprise_number:
            # A wrong number is reported once, by the field's validator (with the reason); here we
            # only bring a valid one to its canonical form.
            with contextlib.suppress(CitymadeError):
                self.enterprise_number = parse_enterprise_number(self.enterprise_number)
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This short name is reserved; please choose another.")})

    @property
    def current_site(self) -> Site | None:
        """The site the company works from now (the most recently added one)."""
        sites = list(self.sites.all())
        return sites[-1] if sites else None


class CompanyPart(models.Model):
    """Common fields of what belongs to one company."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        refuse_control_characters(self)


class Product(CompanyPart):
    class Category(models.TextChoices):
        FOOD = "food", _("Food and drink")
        TEXTILE = "textile", _("Textile, clothing and leather")
        WOOD = "wood", _("Wood and furniture")
        METAL = "metal", _("Metal and machinery")
        ELECTRONICS = "electronics", _("Electronics and appliances")
        MOBILITY = "mobility", _("Bicycles and mobility")
        CERAMICS = "ceramics", _("Ceramics, glass and stone")
        CONSTRUCTION = "construction", _("Construction materials")
        PAPER = "paper", _("Paper, print and packaging")
        PLASTICS = "plastics", _("Plastics and composites")
        COSMETICS = "cosmetics", _("Cosmetics and chemicals")
        OTHER = "other", _("Other")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    unit_mass_kg = models.DecimalField(
        _("mass of one unit (kg)"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    units_per_month = models.PositiveIntegerField(_("units made per month"), null=True, blank=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_mass_kg_plain(self) -> Decimal | None:
        """The unit mass without trailing zeros, for display (``3.500`` → ``3.5``, ``850.000`` → ``850``)."""
        if self.unit_mass_kg is None:
            return None
        value = Decimal(self.unit_mass_kg).normalize()
        return value.quantize(Decimal(1)) if value == value.to_integral() else value


class Site(CompanyPart):
    class ZoneType(models.TextChoices):
        """Land-use zone types of the Brussels regional plan (PRAS/GBP)."""

        HOUSING = "housing", _("Housing zone")
        MIXED = "mixed", _("Mixed zone")
        STRONG_MIX = "strong_mix", _("Strong-mix zone")
        ZEMU = "zemu", _("Enterprise zone in an urban area (ZEMU)")
        ZIU = "ziu", _("Urban industry zone (ZIU)")
        ZAPT = "zapt", _("Port and transport zone (ZAPT)")
        OTHER = "other", _("Other zone")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. “Workshop” or the building's name."))
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    zone_type = models.CharField(
        _("zone type (PRAS)"), max_length=16, choices=ZoneType.choices, default=ZoneType.OTHER
    )
    floor_area_m2 = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)
    yearly_cost_eur = models.PositiveIntegerField(
        _("yearly cost (€)"),
        null=True,
        blank=True,
        help_text=_("Rent or ownership costs of the site per year, charges included."),
    )
    dwellings_adjacent = models.BooleanField(
        _("dwellings next door"), default=False, help_text=_("Homes share a wall or a courtyard with the site.")
    )
    neighbours = models.TextField(
        _("neighbours"), blank=True, help_text=_("Who lives and works around the site.")
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class ContactPerson(CompanyPart):
    """Someone to talk to at the company (personal data: only what the cluster needs)."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
