"""Keep the status history complete: a company's first status and changes made outside
:func:`~.services.change_status` (the company form) are recorded as status changes too."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from citymade.web.companies.models import Company
from citymade.web.portfolio.models import StatusChange


@receiver(pre_save, sender=Company)
def _remember_status(sender: Any, instance: Company, **kwargs: Any) -> None:
    if getattr(instance, "_portfolio_status_recorded", False) or instance.pk is None:
        instance._portfolio_previous_status = None  # type: ignore[attr-defined]
        return
    instance._portfolio_previous_status = (  # type: ignore[attr-defined]
        Company.objects.filter(pk=instance.pk).values_list("membership", flat=True).first()
    )


@receiver(post_save, sender=Company)
def _record_status(sender: Any, instance: Company, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    if getattr(instance, "_portfolio_status_recorded", False):
        instance._portfolio_status_recorded = False  # type: ignore[attr-defined]
        return
    previous = getattr(instance, "_portfolio_previous_status", None)
    if created:
        StatusChange.objects.create(company=instance, from_status="", to_status=instance.membership, date=timezone.localdate())
    elif previous is not None and previous != instance.membership:
        StatusChange.objects.create(
            company=instance, from_status=previous, to_status=instance.membership, date=timezone.localdate()
        )
