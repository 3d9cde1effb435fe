"""The award's priority code, now linked by 0003 to a Priority row, is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0003_archive_priority_reminders"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="award",
            name="priority_code",
        ),
        migrations.RemoveField(
            model_name="historicalaward",
            name="priority_code",
        ),
    ]
