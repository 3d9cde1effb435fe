from django.db import migrations

from crimeplan.audit import triggers


def forwards(apps, schema_editor):
    triggers.install(schema_editor.connection)


def backwards(apps, schema_editor):
    # Dropping the protection is never a side effect of migrating back.
    triggers.refuse_unless_unprotect_allowed()
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
