"""Members get an organisation type (company by default) and the status "candidate who stopped"."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0003_company_search_text'),
    ]

    operations = [
        migrations.AddField(
            model_name='company',
            name='organisation_type',
            field=models.CharField(choices=[('company', 'Company'), ('association', 'Association or non-profit'), ('research', 'Research or education'), ('public', 'Public body'), ('support', 'Support organisation')], default='company', max_length=16, verbose_name='organisation type'),
        ),
        migrations.AlterField(
            model_name='company',
            name='membership',
            field=models.CharField(choices=[('prospect', 'Prospect'), ('candidate', 'Candidate member'), ('member', 'Member'), ('alumni', 'Alumni'), ('stopped', 'Candidate who stopped')], default='member', max_length=16, verbose_name='membership status'),
        ),
    ]
