"""Personal fields (volunteers' details and vetting, detainee checks, visit notes and issues,
panel members without an account) leave the history tables, where their values could never
be erased when the retention period ends."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scrutiny", "0002_panel_members_accounts"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicaldetaineecheck",
            name="answers",
        ),
        migrations.RemoveField(
            model_name="historicaldetaineecheck",
            name="child_or_vulnerable",
        ),
        migrations.RemoveField(
            model_name="historicaldetaineecheck",
            name="concerns",
        ),
        migrations.RemoveField(
            model_name="historicaldetaineecheck",
            name="custody_number",
        ),
        migrations.RemoveField(
            model_name="historicalpanel",
            name="other_members",
        ),
        migrations.RemoveField(
            model_name="historicalvisit",
            name="notes",
        ),
        migrations.RemoveField(
            model_name="historicalvisitissue",
            name="description",
        ),
        migrations.RemoveField(
            model_name="historicalvisitissue",
            name="response",
        ),
        migrations.RemoveField(
            model_name="historicalvolunteer",
            name="availability",
        ),
        migrations.RemoveField(
            model_name="historicalvolunteer",
            name="email",
        ),
        migrations.RemoveField(
            model_name="historicalvolunteer",
            name="full_name",
        ),
        migrations.RemoveField(
            model_name="historicalvolunteer",
            name="phone",
        ),
        migrations.RemoveField(
            model_name="historicalvolunteer",
            name="vetted_on",
        ),
        migrations.RemoveField(
            model_name="historicalvolunteer",
            name="vetting_expires_on",
        ),
    ]
