from django.db import migrations, models

from crimeplan.audit import triggers


def reinstall_triggers(apps, schema_editor):
    # SQLite adds this column by rebuilding the table, which drops its triggers.
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="changed",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
