"""A company gets an assigned advisor: the member of staff responsible for following it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0004_organisation_type_and_stopped'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='company',
            name='advisor',
            field=models.ForeignKey(blank=True, help_text='The member of staff responsible for following the company.', limit_choices_to={'is_active': True, 'role__in': ['admin', 'advisor']}, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='advised_companies', to=settings.AUTH_USER_MODEL, verbose_name='advisor'),
        ),
    ]
