"""Aggregated figures and populations for the force's region and for England and Wales."""

from django.db import migrations, models

AREA_KINDS = [
    ("force", "Force"),
    ("district", "District"),
    ("msg", "Comparison group (figure supplied for the group as a whole)"),
    ("region", "The force's region as a whole (e.g. South West)"),
    ("national", "England and Wales"),
]


class Migration(migrations.Migration):
    dependencies = [("crime_data", "0002_crimecount_by_district")]

    operations = [
        migrations.AlterField(
            model_name="aggregatevalue",
            name="area_kind",
            field=models.CharField(choices=AREA_KINDS, max_length=10),
        ),
        migrations.AlterField(
            model_name="areapopulation",
            name="area_kind",
            field=models.CharField(choices=AREA_KINDS, max_length=10),
        ),
    ]
