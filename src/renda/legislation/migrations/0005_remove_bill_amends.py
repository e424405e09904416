"""The free-text `Bill.amends`, replaced by `Bill.regulations` (data moved by 0004)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('legislation', '0004_bill_amends_to_regulations'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='bill',
            name='amends',
        ),
    ]
