"""Partners get an organisation type (their former kind: a support organisation stays one, a
public body stays one), working groups partners, events the kind "general assembly", and statuses
the candidate who stopped."""

from django.db import migrations, models

#: A partner's former kind → its organisation type.
KIND_TO_TYPE = {"support": "support", "public": "public"}


def kinds_to_types(apps, schema_editor):
    Partner = apps.get_model("portfolio", "Partner")
    for kind, organisation_type in KIND_TO_TYPE.items():
        Partner.objects.filter(kind=kind).update(organisation_type=organisation_type)


def types_to_kinds(apps, schema_editor):
    """Back: a public body stays one; every other organisation type was a support organisation."""
    Partner = apps.get_model("portfolio", "Partner")
    Partner.objects.filter(organisation_type="public").update(kind="public")
    Partner.objects.exclude(organisation_type="public").update(kind="support")


class Migration(migrations.Migration):

    dependencies = [
        ('portfolio', '0005_review_targets_narrative'),
        ('companies', '0004_organisation_type_and_stopped'),
    ]

    operations = [
        migrations.AddField(
            model_name='partner',
            name='organisation_type',
            field=models.CharField(choices=[('company', 'Company'), ('association', 'Association or non-profit'), ('research', 'Research or education'), ('public', 'Public body'), ('support', 'Support organisation')], default='support', max_length=16, verbose_name='organisation type'),
        ),
        migrations.RunPython(kinds_to_types, types_to_kinds),
        migrations.RemoveField(
            model_name='partner',
            name='kind',
        ),
        migrations.AddField(
            model_name='workinggroup',
            name='partners',
            field=models.ManyToManyField(blank=True, related_name='working_groups', to='portfolio.partner', verbose_name='participating partners'),
        ),
        migrations.AlterField(
            model_name='event',
            name='kind',
            field=models.CharField(choices=[('visit', 'Company visit'), ('open_day', 'Open day'), ('meeting', 'Working-group meeting'), ('assembly', 'General assembly')], max_length=16, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='from_status',
            field=models.CharField(blank=True, choices=[('prospect', 'Prospect'), ('candidate', 'Candidate member'), ('member', 'Member'), ('alumni', 'Alumni'), ('stopped', 'Candidate who stopped')], max_length=16, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='to_status',
            field=models.CharField(choices=[('prospect', 'Prospect'), ('candidate', 'Candidate member'), ('member', 'Member'), ('alumni', 'Alumni'), ('stopped', 'Candidate who stopped')], max_length=16, verbose_name='to'),
        ),
    ]
