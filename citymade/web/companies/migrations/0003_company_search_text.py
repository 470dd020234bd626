"""The search column: name and municipality folded (no accents, no case), filled for every company."""

from django.db import migrations, models

from citymade.folding import fold


def fill_search_text(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    changed = []
    for company in Company.objects.only("pk", "name", "municipality").iterator(chunk_size=500):
        # as Company.save does it (search_text_of), written out so later changes leave this step as it was
        company.search_text = f"{fold(company.name or '')}\n{fold(company.municipality or '')}"[:320]
        changed.append(company)
    Company.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0002_products_sites_contacts"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="search_text",
            field=models.CharField(blank=True, default="", editable=False, max_length=320),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
