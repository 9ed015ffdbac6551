"""Where verify_access_log last found each chain whole: the next run hashes from there
(issue 19)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('gezinsaanpak', '0020_placement_referral_source'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessLogVerified',
            fields=[
                ('chain', models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name='chain')),
                ('sequence', models.PositiveBigIntegerField(verbose_name='last verified sequence')),
                ('hash', models.CharField(max_length=64, verbose_name='hash of the last verified line')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='verified at')),
                ('full_at', models.DateTimeField(blank=True, null=True, verbose_name='fully verified at')),
            ],
            options={
                'verbose_name': 'verified point of the access log',
                'verbose_name_plural': 'verified points of the access log',
                'default_permissions': ('view',),
            },
        ),
    ]
