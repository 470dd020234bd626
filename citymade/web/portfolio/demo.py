"""A few years of follow-up for the demo cluster: status history, support actions, partners,
working groups and events with attendance, pivots, milestones and jobs.

Deterministic (each company draws from a random generator seeded with its slug) and idempotent:
a company that already has the demo's status history is left alone, and shared rows (partners, groups,
events) are found by name before being created. Dates are relative to ``now``: the demo covers the
three full years before it (:func:`demo_years`) and the current year up to today.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from typing import Any

from django.apps import apps

from citymade.web.accounts.models import User
from citymade.web.companies.models import Company
from citymade.web.portfolio import services
from citymade.web.portfolio.models import Event, Partner, StatusChange, WorkingGroup

YEARS_BACK = 3
#: Marks the demo's status changes: a company that has them was loaded already.
DEMO_NOTE = "demo"

PARTNERS = [
    ("hub.brussels", "public", 0, None),
    ("Bruxelles Environnement", "public", 0, None),
    ("citydev.brussels", "public", 0, None),
    ("Innoviris", "public", 1, None),
    ("finance&invest.brussels", "public", 1, None),
    ("Actiris", "public", 2, None),
    ("Atelier des Tiers-Lieux", "association", 2, 3),
    ("Coopérative Repair Bruxelles", "company", 3, None),
]
GROUPS = [
    ("textile", "Textile", "textile", {"textile"}),
    ("bois-reemploi", "Bois de réemploi", "wood", {"wood", "construction"}),
    ("velos", "Vélos et mobilité", "bicycles", {"mobility", "metal"}),
    ("alimentation", "Alimentation circulaire", "food", {"food"}),
]
#: Support types with their weight in the demo (simple advice is the most common, as in reality).
TYPE_WEIGHTS = [
    ("advice", 6),
    ("account_management", 4),
    ("networking", 3),
    ("industrial_support", 2),
    ("working_group", 2),
    ("rd_subsidy", 1),
    ("recruitment", 1),
]
OUTCOMES = [
    "Plan d'action convenu ; prochain point dans trois mois.",
    "Introduction faite ; rendez-vous fixé avec le partenaire.",
    "Dossier de subside relu et déposé.",
    "Visite de l'atelier ; pistes d'amélioration du process notées.",
    "Conseil sur le bail et le coût du site.",
    "Offre d'emploi relayée ; deux candidats rencontrés.",
]
PIVOTS = [
    ("market", "From shops to direct sales to companies.", "Shop margins too low for urban production costs."),
    ("model", "Started a rental offer next to sales.", "Customers asked for use without ownership."),
    ("product", "Narrowed the range to three products.", "Too many references for a small workshop."),
    ("process", "Moved assembly in-house.", "Quality problems with the subcontractor."),
]


def demo_years(now: dt.datetime | dt.date) -> list[int]:
    """The full years the demo covers (its reviews show meaningful figures)."""
    year = now.year
    return list(range(year - YEARS_BACK, year))


def _day(year: int, day_of_year: int, today: dt.date) -> dt.date:
    day = dt.date(year, 1, 1) + dt.timedelta(days=max(0, min(day_of_year, 364)))
    return min(day, today - dt.timedelta(days=1))


def _status_history(company: Company, index: int, rng: random.Random, today: dt.date) -> list[tuple[str, dt.date]]:
    """Status changes leading to the company's membership of the demo file, oldest first."""
    first = today.year - YEARS_BACK - (index % 3)
    final = company.membership
    prospect = _day(first, rng.randint(10, 200), today)
    if final == Company.Membership.PROSPECT:
        return [("prospect", _day(today.year - 1, rng.randint(30, 300), today))]
    candidate = prospect + dt.timedelta(days=rng.randint(40, 150))
    if final == Company.Membership.CANDIDATE:
        return [("prospect", prospect), ("candidate", min(candidate + dt.timedelta(days=365 * 2), today - dt.timedelta(days=20)))]
    # Members join over the demo years, so every year has new members.
    member_year = today.year - YEARS_BACK + (index % (YEARS_BACK + 1))
    member = max(candidate + dt.timedelta(days=30), _day(member_year, rng.randint(0, 300), today))
    history = [("prospect", prospect), ("candidate", candidate), ("member", member)]
    if final == Company.Membership.ALUMNI:
        history.append(("alumni", min(member + dt.timedelta(days=400), today - dt.timedelta(days=10))))
    return history


def _partners(today: dt.date) -> list[Partner]:
    found = []
    for name, kind, offset, left in PARTNERS:
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            joined = _day(today.year - YEARS_BACK + offset - 1, 40 + 30 * offset, today)
            left_on = _day(today.year - YEARS_BACK + left - 1, 200, today) if left is not None else None
            partner = services.add_partner(actor=None, name=name, organisation_type=kind, joined_on=joined, left_on=left_on)
        found.append(partner)
    return found


def _groups(companies: list[Company]) -> list[WorkingGroup]:
    groups = []
    for slug, name, sector, categories in GROUPS:
        group, created = WorkingGroup.objects.get_or_create(slug=slug, defaults={"name": name, "sector": sector})
        if created:
            group.members.set([c for c in companies if {p.category for p in c.products.all()} & categories])
        groups.append(group)
    return groups


def _active(partner: Partner, day: dt.date) -> bool:
    return partner.joined_on <= day and (partner.left_on is None or partner.left_on > day)


def _events(groups: list[WorkingGroup], companies: list[Company], partners: list[Partner], today: dt.date) -> int:
    rng = random.Random(20240601)
    active = [c for c in companies if c.membership in (Company.Membership.MEMBER, Company.Membership.CANDIDATE)]
    count = 0
    for year in [*demo_years(today), today.year]:
        plan = [(f"{g.name} — réunion {n}", Event.Kind.MEETING, g, 60 + 150 * n) for g in groups for n in (1, 2)]
        plan += [(f"Visite d'entreprise {n}", Event.Kind.VISIT, None, 100 + 90 * n) for n in (1, 2)]
        plan.append(("Journée portes ouvertes", Event.Kind.OPEN_DAY, None, 270))
        plan.append(("Assemblée générale", Event.Kind.ASSEMBLY, None, 150))
        for title, kind, group, day in plan:
            date = dt.date(year, 1, 1) + dt.timedelta(days=day)
            if date >= today or Event.objects.filter(title=title, date=date).exists():
                continue
            event = services.create_event(actor=None, title=title, kind=kind, date=date, working_group=group)
            invited = list(group.members.all()) if group is not None else rng.sample(active, min(12, len(active)))
            services.set_attendance(
                event,
                actor=None,
                companies=[(c, rng.random() < 0.65) for c in invited],
                partners=[(p, rng.random() < 0.5) for p in rng.sample(partners, 2) if _active(p, date)],
            )
            count += 1
    return count


def _recommendations(company: Company) -> list[tuple[int, str, str]]:
    """``(diagnostic id, recommendation id, support type)`` of the company's finished demo diagnostics."""
    if not apps.is_installed("citymade.web.diagnostics"):
        return []
    Diagnostic = apps.get_model("diagnostics", "Diagnostic")
    found = []
    for d in Diagnostic.objects.finished().filter(company=company).order_by("assessed_on"):
        for rec in ((d.result or {}).get("recommendations") or [])[:1]:
            found.append((d.pk, rec["id"], rec.get("support", "advice")))
    return found


def _company(company: Company, index: int, advisors: list[User], today: dt.date) -> int:
    rng = random.Random(zlib.crc32(company.slug.encode()))
    record: dict[str, Any] = getattr(company, "demo_record", {}) or {}
    StatusChange.objects.filter(company=company).delete()
    history = _status_history(company, index, rng, today)
    for status, date in history:
        services.change_status(company, to=status, date=date, actor=None, note=DEMO_NOTE)
    start = history[min(1, len(history) - 1)][1]
    quiet = index % 7 == 3  # nobody contacted these for months: they show in "needs attention"
    end = today - dt.timedelta(days=240 if quiet else 3)
    types, weights = zip(*TYPE_WEIGHTS, strict=True)
    created = 0
    if company.membership != Company.Membership.PROSPECT:
        day = start
        while day < end:
            services.record_support_action(
                company,
                actor=None,
                type=rng.choices(types, weights)[0],
                date=day,
                advisor=advisors[0 if rng.random() < 0.7 else -1],
                minutes=rng.choice([30, 45, 60, 90, 120, 180, 240]),
                outcome=rng.choice(OUTCOMES),
            )
            created += 1
            day += dt.timedelta(days=rng.randint(45, 140))
        for diagnostic_id, recommendation, support in _recommendations(company):
            day = apps.get_model("diagnostics", "Diagnostic").objects.get(pk=diagnostic_id).assessed_on
            day = min(day + dt.timedelta(days=21), today - dt.timedelta(days=1))
            if day >= end:
                continue
            services.record_support_action(
                company,
                actor=None,
                type=support if support in dict(TYPE_WEIGHTS) else "advice",
                date=day,
                advisor=advisors[0],
                minutes=90,
                outcome="Suite du diagnostic : recommandation discutée avec l'entreprise.",
                diagnostic_id=diagnostic_id,
                recommendation=recommendation,
            )
            created += 1
    for offset, fte in enumerate(record.get("employees") or []):
        services.record_jobs(company, actor=None, date=dt.date(today.year - YEARS_BACK + offset, 12, 31), fte=fte)
    stage = int(record.get("stage", 0))
    first_year = today.year - YEARS_BACK
    if stage >= 3:
        services.record_milestone(company, actor=None, kind="break_even", date=_day(first_year + index % YEARS_BACK, 90 + index * 5, today))
    if stage >= 4 or (stage >= 2 and index % 4 == 1):
        services.record_milestone(company, actor=None, kind="industrialised", date=_day(first_year + (index + 1) % YEARS_BACK, 150 + index * 3, today))
    if index % 3 == 0:
        aspect, description, reason = PIVOTS[index % len(PIVOTS)]
        services.record_pivot(company, actor=None, date=_day(first_year + index % YEARS_BACK, 200, today), aspect=aspect, description=description, reason=reason)
    return created


def load_demo(companies: list[Company], *, now: dt.datetime) -> str:
    """Add the demo follow-up; returns what ``citymade demo`` prints."""
    today = now.date()
    advisors = [u for u in (User.objects.filter(username=n).first() for n in ("advisor", "admin")) if u is not None]
    if not advisors:
        advisors = [None]  # type: ignore[list-item]
    actions = 0
    for index, company in enumerate(companies):
        if StatusChange.objects.filter(company=company, note=DEMO_NOTE).exists():
            continue
        actions += _company(company, index, advisors, today)
    partners = _partners(today)
    events = _events(_groups(companies), companies, partners, today)
    _board(today, advisors[0])
    return f"{actions} support actions, {len(partners)} partners, {events} events"


#: The demo cluster's targets, the same each year (a ratio's 0–1), and what it says of a year.
DEMO_TARGETS = {
    "members_total": 20, "members_new": 6, "partners_total": 8, "participation_rate": 0.6,
    "simple_advice": 40, "diagnostics_done": 30, "stage_progressions": 8, "jobs_fte": 200,
}
DEMO_NARRATIVE = (
    "Une année de consolidation : davantage de membres accompagnés, des groupes de travail plus suivis "
    "et les premiers projets industrialisés de la filière bois.\n\n"
    "Priorités pour l'an prochain : faire passer un cap de maturité aux jeunes entreprises et "
    "élargir le réseau de partenaires publics."
)


def _board(today: dt.date, advisor: Any) -> None:
    """Targets and a narrative for each demo year (left alone once set: an advisor may have changed them)."""
    from decimal import Decimal

    from citymade.web.portfolio.board import set_narrative, set_targets
    from citymade.web.portfolio.models import ReviewNarrative, ReviewTarget

    for year in demo_years(today):
        if not ReviewTarget.objects.filter(year=year).exists():
            set_targets(year, {k: Decimal(str(v)) for k, v in DEMO_TARGETS.items()}, actor=advisor)
        if not ReviewNarrative.objects.filter(year=year).exists():
            set_narrative(year, DEMO_NARRATIVE, actor=advisor)
