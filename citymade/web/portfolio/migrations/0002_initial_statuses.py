"""Give every company that existed before the portfolio its first status change (its current
membership, dated the day the company was created), so the status history starts complete."""

from django.db import migrations


def initial_statuses(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    StatusChange = apps.get_model("portfolio", "StatusChange")
    known = set(StatusChange.objects.values_list("company_id", flat=True))
    StatusChange.objects.bulk_create(
        StatusChange(company_id=c.pk, from_status="", to_status=c.membership, date=c.created_at.date())
        for c in Company.objects.exclude(pk__in=known)
    )


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0001_initial")]

    operations = [migrations.RunPython(initial_statuses, migrations.RunPython.noop)]
