"""Personal fields leave the history tables (their values there could never be anonymised),
and what a co-ordinator typed, or a service quoted from the case, leaves the log's `text`:
a transition's note moves to the new personal `note`, an override's reason and an escalation
review's outcome, which the case and the escalation already hold, are no longer repeated."""

import re

from django.db import migrations, models

RECEIVED = re.compile(r"^Received by \w+$")
OVERRIDE = re.compile(r"^Threshold (met|not met), overriding the rule: ")
ESCALATION_REVIEW = "OPCC review of the escalation: "


def notes_out_of_event_texts(apps, schema_editor):  # type: ignore[no-untyped-def]
    CaseEvent = apps.get_model("asb_reviews", "CaseEvent")
    for event in CaseEvent.objects.exclude(text=""):
        text, note = event.text, ""
        if event.kind == "status" and not RECEIVED.match(text):
            text, note = "", text
        elif event.kind == "threshold" and (match := OVERRIDE.match(text)):
            text = f"Threshold {match.group(1)}, overriding the rule (the reason is on the case)"
        elif event.kind == "escalation" and text.startswith(ESCALATION_REVIEW):
            text = "The OPCC reviewed the escalation (its outcome is on the escalation)"
        if (text, note) != (event.text, event.note):
            # The model refuses to change a saved event; the migration is the one exception.
            CaseEvent.objects.filter(pk=event.pk).update(text=text, note=note)


class Migration(migrations.Migration):
    dependencies = [
        ("asb_reviews", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="note",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(notes_out_of_event_texts, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="applicant_address",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="applicant_email",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="applicant_key",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="applicant_name",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="applicant_phone",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="description",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="findings",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="impact",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="location",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="outcome_sought",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="perpetrator_support",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="threshold_explanation",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="threshold_override_reason",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="victim_name",
        ),
        migrations.RemoveField(
            model_name="historicalcasereview",
            name="victim_support",
        ),
        migrations.RemoveField(
            model_name="historicalescalation",
            name="grounds",
        ),
        migrations.RemoveField(
            model_name="historicalescalation",
            name="outcome",
        ),
        migrations.RemoveField(
            model_name="historicalincident",
            name="agency_reference",
        ),
        migrations.RemoveField(
            model_name="historicalincident",
            name="location",
        ),
        migrations.RemoveField(
            model_name="historicalincident",
            name="reported_by",
        ),
        migrations.RemoveField(
            model_name="historicalinvitedbody",
            name="account",
        ),
        migrations.RemoveField(
            model_name="historicalrecommendation",
            name="completion_note",
        ),
        migrations.RemoveField(
            model_name="historicalrecommendation",
            name="text",
        ),
    ]
