"""Personal fields leave the history tables: values kept there could never be erased when
the application or return reaches the end of its retention period."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0004_remove_award_priority_code"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalapplication",
            name="contact_email",
        ),
        migrations.RemoveField(
            model_name="historicalapplication",
            name="contact_name",
        ),
        migrations.RemoveField(
            model_name="historicalattachment",
            name="file",
        ),
        migrations.RemoveField(
            model_name="historicalattachment",
            name="original_name",
        ),
        migrations.RemoveField(
            model_name="historicalconflictofinterest",
            name="reason",
        ),
        migrations.RemoveField(
            model_name="historicalmonitoringreturn",
            name="case_study",
        ),
    ]
