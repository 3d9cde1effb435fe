"""Every audit event carries the hash of the one before it; SQLite refuses a replacing insert.

Existing events are linked in id order (with the triggers lifted for that, inside this
migration's transaction), then the triggers are installed again, now with SQLite's refusal of
INSERT OR REPLACE. Migrating back refuses unless CRIMEPLAN_ALLOW_AUDIT_UNPROTECT=1.
"""

from django.db import migrations, models

import crimeplan.audit.models
from crimeplan.audit import chain, triggers


def reinstall_triggers(apps, schema_editor):
    # Reversed last: SQLite drops a table's triggers when removing a column rebuilds it.
    triggers.install(schema_editor.connection)


def link_existing_events(apps, schema_editor):
    connection = schema_editor.connection
    triggers.remove(connection)
    chain.events_link_existing(model=apps.get_model("audit", "AuditEvent"), using=connection.alias)
    triggers.install(connection)


def refuse_unprotect(apps, schema_editor):
    triggers.refuse_unless_unprotect_allowed()


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_auditevent_changed")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterModelManagers(
            name="auditevent",
            managers=[("objects", crimeplan.audit.models.AuditEventManager())],
        ),
        # Last, so that migrating back meets the refusal before anything is undone.
        migrations.RunPython(link_existing_events, refuse_unprotect),
    ]
