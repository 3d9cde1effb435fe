"""Printed tables loaded as published move from delivery (PerformanceSnapshot) to performance
(PrintedTable), keeping their ids, so the report's anchors (`table-snapshot-<id>`) stay."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

FIELDS = ("id", "created_at", "updated_at", "created_by_id", "title", "source")
FIELDS += ("baseline_label", "current_label", "rows")


def copy_from_delivery(apps, schema_editor):  # type: ignore[no-untyped-def]
    old = apps.get_model("delivery", "PerformanceSnapshot")
    new = apps.get_model("performance", "PrintedTable")
    new.objects.bulk_create(
        new(**{name: getattr(table, name) for name in FIELDS}) for table in old.objects.all()
    )
    _reset_sequence(schema_editor, new)


def copy_to_delivery(apps, schema_editor):  # type: ignore[no-untyped-def]
    old = apps.get_model("delivery", "PerformanceSnapshot")
    new = apps.get_model("performance", "PrintedTable")
    old.objects.bulk_create(
        old(**{name: getattr(table, name) for name in FIELDS}) for table in new.objects.all()
    )
    _reset_sequence(schema_editor, old)


def _reset_sequence(schema_editor, model):  # type: ignore[no-untyped-def]
    """Rows inserted with their ids leave PostgreSQL's sequence behind them."""
    connection = schema_editor.connection
    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0002_asb_year_figure"),
        ("delivery", "0002_plan_content_and_revisions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PrintedTable",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("title", models.CharField(max_length=300)),
                ("source", models.CharField(max_length=500)),
                ("baseline_label", models.CharField(max_length=100)),
                ("current_label", models.CharField(max_length=100)),
                ("rows", models.JSONField(default=list)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
                "get_latest_by": "created_at",
            },
        ),
        migrations.RunPython(copy_from_delivery, copy_to_delivery),
    ]
