"""Printed tables loaded as published are performance's now (performance.PrintedTable, which
took over the rows in performance 0003)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0002_plan_content_and_revisions"),
        ("performance", "0003_printed_table"),
    ]

    operations = [
        migrations.DeleteModel(name="PerformanceSnapshot"),
    ]
