# Accounts made before sign-up checked the address (and the demo's) count as verified:
# their owners have been getting e-mails there all along.

from django.db import migrations
from django.db.models.functions import Now


def mark_existing_users_verified(apps, schema_editor):
    User = apps.get_model("qa_portal", "User")
    User.objects.filter(email_verified_at__isnull=True).update(email_verified_at=Now())


class Migration(migrations.Migration):

    dependencies = [
        ('qa_portal', '0002_user_email_verified_at'),
    ]

    operations = [
        migrations.RunPython(mark_existing_users_verified, migrations.RunPython.noop),
    ]
