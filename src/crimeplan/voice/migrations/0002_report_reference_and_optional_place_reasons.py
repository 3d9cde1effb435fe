"""Unsafe-place reports get a random reference in place of their sequential key wherever
they are named; a report may give no reason about the place (the form always said so)."""

import secrets

from django.db import migrations, models

import crimeplan.voice.models

ALPHABET = "23456789BCDFGHJKLMNPQRSTVWXZ"


def _reference() -> str:
    characters = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return "-".join(characters[i : i + 4] for i in range(0, 12, 4))


def give_references(apps, schema_editor):
    Report = apps.get_model("voice", "UnsafePlaceReport")
    used: set[str] = set()
    for report in Report.objects.filter(reference__isnull=True).only("pk"):
        reference = _reference()
        while reference in used:
            reference = _reference()
        used.add(reference)
        Report.objects.filter(pk=report.pk).update(reference=reference)


class Migration(migrations.Migration):
    dependencies = [("voice", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="unsafeplacereport",
            name="reference",
            field=models.CharField(max_length=14, null=True, editable=False),
        ),
        migrations.RunPython(give_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="unsafeplacereport",
            name="reference",
            field=models.CharField(
                default=crimeplan.voice.models.new_report_reference,
                editable=False,
                max_length=14,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="unsafeplacereport",
            name="place_reasons",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
