"""CrimeCount's grain becomes force × month × district × crime type: whether the rows gave an
LSOA replaces the LSOA code (counts by LSOA are read from the imported rows' Parquet)."""

from django.db import migrations, models
from django.db.models import Sum


def to_district_grain(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Sums the LSOA rows into district rows. Held counts are import summaries (not audited
    records), rebuilt by every import of their month."""
    CrimeCount = apps.get_model("crime_data", "CrimeCount")
    keys = ["kind", "force_id", "month", "district_id", "has_lsoa", "crime_type"]
    for lsoa_given in (True, False):
        rows = (
            CrimeCount.objects.exclude(lsoa_code="")
            if lsoa_given
            else CrimeCount.objects.filter(lsoa_code="")
        )
        rows.update(has_lsoa=lsoa_given)
    summed = list(CrimeCount.objects.values(*keys).annotate(total=Sum("count")).order_by(*keys))
    CrimeCount.objects.all().delete()
    CrimeCount.objects.bulk_create(
        (CrimeCount(**{k: row[k] for k in keys}, count=row["total"]) for row in summed),
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [("crime_data", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="crimecount",
            name="has_lsoa",
            field=models.BooleanField(
                default=False, help_text="The rows counted here gave an LSOA code."
            ),
            preserve_default=False,
        ),
        migrations.RunPython(to_district_grain, migrations.RunPython.noop),
        migrations.RemoveField(model_name="crimecount", name="lsoa_code"),
    ]
