"""The day a volunteer left the scheme, from which their details' retention is counted.
Volunteers who left before it was recorded are taken to have left when last changed."""

from django.db import migrations, models


def left_on_from_last_change(apps, schema_editor):  # type: ignore[no-untyped-def]
    Volunteer = apps.get_model("scrutiny", "Volunteer")
    for volunteer in Volunteer.objects.filter(status="left", left_on__isnull=True):
        Volunteer.objects.filter(pk=volunteer.pk).update(left_on=volunteer.updated_at.date())


class Migration(migrations.Migration):
    dependencies = [
        ("scrutiny", "0003_personal_fields_kept_out_of_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalvolunteer",
            name="left_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="volunteer",
            name="left_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(left_on_from_last_change, migrations.RunPython.noop),
    ]
