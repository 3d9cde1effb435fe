"""`crimeplan unsafe-places hotspots`: published hotspot cells as GeoJSON or CSV;
`crimeplan unsafe-places follow-ups`: the daily job that sends the e-mails reporters asked for."""

import dataclasses
import datetime
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crimeplan.core.exports import table_bytes
from crimeplan.geography.models import District
from crimeplan.voice import area_names, followups, hotspots, overlay, selectors


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class Command(BaseCommand):
    help = "Hotspots of anonymous unsafe-place reports (only cells with enough reports)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        spots = commands.add_parser("hotspots", help="Gi* hotspots per H3 cell")
        spots.add_argument("--district", help="district ONS code (the county if left out)")
        spots.add_argument("--format", choices=["geojson", "csv"], default="geojson")
        spots.add_argument("--from", dest="start", type=_date, help="first incident date")
        spots.add_argument("--to", dest="end", type=_date, help="last incident date")
        spots.add_argument("--min-count", type=int, default=hotspots.DEFAULT_MIN_COUNT)
        spots.add_argument(
            "--resolution", type=int, help="H3 resolution (9 for a district, 8 for the county)"
        )
        spots.add_argument(
            "--crime-types",
            default="",
            help="police.uk crime types to count in each cell, "
            "comma-separated (e.g. 'Violence and sexual offences,Public order')",
        )

        commands.add_parser(
            "follow-ups",
            help="e-mail each reporter who asked, once their area's finding is answered",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["action"] == "follow-ups":
            for line in followups.follow_ups_send(today=timezone.localdate()).lines():
                self.stdout.write(line)
            return
        district = None
        if options["district"]:
            district = District.objects.filter(code=options["district"]).first()
            if district is None:
                raise CommandError(f"--district: no district {options['district']!r}")
        min_count = int(str(options["min_count"]))
        if min_count < hotspots.DEFAULT_MIN_COUNT:
            raise CommandError(
                f"--min-count: at least {hotspots.DEFAULT_MIN_COUNT}, so no reporter can be "
                "identified"
            )
        method = dataclasses.replace(selectors.method_for(district), min_count=min_count)
        if options["resolution"] is not None:
            method = dataclasses.replace(method, resolution=int(str(options["resolution"])))
        results = selectors.published_hotspots(
            district=district, start=options["start"], end=options["end"], method=method
        )
        types = [t.strip() for t in str(options["crime_types"]).split(",") if t.strip()]
        try:
            crimes = overlay.street_crime_cells(crime_types=types, resolution=method.resolution)
        except ValueError as error:
            raise CommandError(f"--crime-types: {error}") from error
        places = area_names.places_for(
            results,
            areas=selectors.district_boundaries(district),
            resolution=method.resolution,
        )
        if options["format"] == "geojson":
            collection = hotspots.geojson(results, method)
            for feature in collection["features"]:
                cell = feature["properties"]["cell"]
                feature["properties"]["place"] = places[cell].label()
                feature["properties"]["street_crimes"] = crimes.get(cell, 0)
            self.stdout.write(json.dumps(collection, indent=1))
        else:
            rows = overlay.overlay_rows(results, crimes, places)
            self.stdout.write(table_bytes(rows, overlay.OVERLAY_COLUMNS, "csv").decode())
        self.stderr.write(method.describe())
