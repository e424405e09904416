"""Date every existing password from today: expiry counts from the release that introduced it, not from the
day the account was created (which would lock every long-standing user out at once)."""

from django.db import migrations


def baseline(apps, schema_editor):
    User = apps.get_model("core", "User")
    PasswordHistory = apps.get_model("accounts", "PasswordHistory")
    rows = [
        PasswordHistory(user_id=pk, password=password)
        for pk, password in User.objects.values_list("pk", "password").iterator()
        if password and not password.startswith("!")
    ]
    PasswordHistory.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
