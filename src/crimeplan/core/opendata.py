"""One machine-readable feed of everything the OPCC publishes as figures, for others to reuse.

Each module that publishes figures declares its datasets on its AppConfig (`open_data`, the
dotted path of a function returning a list of `Dataset`), so the feed grows with the modules
installed and `core` names no app. The feed is one JSON document, versioned by
`SCHEMA_VERSION` and described by the JSON Schema in `opendata-feed.schema.json` beside this
module (served at /open-data/schema.json and documented in docs/open-data.md): an "about"
object (publisher, source, as-at date, Open Government Licence), the publisher's force, and
the datasets, each with its own source, as-at date, columns and rows. A national index can
read the same document from every OPCC running crimeplan and compare them.

A dataset holds published, aggregate figures only: counts and rates, never a case.
"""

import datetime
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.utils import timezone
from django.utils.module_loading import import_string

from . import exports
from .plugins import modules

# The feed's version: the major number changes when a field is removed or changes meaning,
# the minor number when one is added. The schema file carries the same number.
SCHEMA_VERSION = "1.0"
SCHEMA_FILE = Path(__file__).with_name("opendata-feed.schema.json")
CACHE_KEY = f"crimeplan:open-data:{SCHEMA_VERSION}"


@dataclass(frozen=True)
class Dataset:
    """One published table: `rows` are dicts keyed by `columns`, each value a number, a
    text, a boolean or None (not recorded / not applicable)."""

    id: str
    title: str
    description: str
    source: str
    as_at: datetime.date
    columns: Sequence[str]
    rows: Sequence[dict[str, Any]]
    # Where a person reads the same figures on the site (a URL name with no arguments).
    page: str = ""
    notes: Sequence[str] = field(default_factory=tuple)

    def as_dict(self, page_url: str = "") -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "source": self.source,
            "as_at": self.as_at.isoformat(),
            "page": page_url,
            "notes": list(self.notes),
            "columns": list(self.columns),
            "rows": [{c: _value(row.get(c)) for c in self.columns} for row in self.rows],
        }


def _value(value: object) -> object:
    """A JSON value: numbers and booleans as they are (a Decimal as a number; one that is not
    finite as null, since JSON has no NaN), "" as null, anything else as text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float | Decimal):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def newest_day(moments: Iterable[datetime.datetime]) -> datetime.date:
    """The as-at date of figures frozen at publication: the newest publication's local day,
    or today when nothing is published yet."""
    return max((timezone.localdate(m) for m in moments), default=timezone.localdate())


def declared() -> list[Callable[[], list[Dataset]]]:
    """Each module's dataset function, in INSTALLED_APPS order."""
    return [import_string(config.open_data) for config in modules() if config.open_data is not None]


def datasets() -> list[Dataset]:
    """Every module's datasets, worked out at most once every
    `CRIMEPLAN_OPEN_DATA_SECONDS` (the feed reads whole tables and runs the statistical
    tests: not something each visitor to the page should wait for)."""
    found = django_cache.get_or_set(
        CACHE_KEY,
        lambda: [dataset for function in declared() for dataset in function()],
        timeout=settings.CRIMEPLAN_OPEN_DATA_SECONDS,
    )
    return list(found or [])


def about(as_at: datetime.date | None = None) -> exports.About:
    return exports.About(
        source="The figures each dataset below names, published by the OPCC through crimeplan",
        as_at=as_at or timezone.localdate(),
    )


def feed(*, page_url: Callable[[str], str] = lambda name: "", schema_url: str = "") -> dict:
    """The whole feed as JSON-ready data; `page_url` turns a dataset's page name into its
    address, `schema_url` is where the schema is served."""
    today = timezone.localdate()
    return {
        "about": about(today).as_dict(),
        "schema": schema_url,
        "schema_version": SCHEMA_VERSION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "publisher": {
            "name": settings.CRIMEPLAN_OPCC_NAME,
            "force": settings.CRIMEPLAN_FORCE,
        },
        "datasets": [d.as_dict(page_url(d.page) if d.page else "") for d in datasets()],
    }


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded
