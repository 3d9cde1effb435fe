"""Imports police.uk data: archive zips, extracted folders, monthly CSVs and API JSON.

`run()` is what `crimeplan import-policeuk` and the web upload's background task call. Each
batch of files is copied by DuckDB to Parquet under a staging folder in one pass and every
row then tested against the rules (published categories, month format, known forces, UK
coordinates, LSOA code shape), and its counts are added to summaries held in DuckDB. Only
when every file has been read are the (force, month, kind) slices swapped into place and
the summary tables in the app database replaced, in one transaction: importing the same
files twice leaves the same totals, and a failure leaves what was there before.

A malformed row stops the import with the file, line and field named, unless
`skip_bad_rows` is set: then good rows load and the rejected ones are written, with their
reasons, to a CSV file beside the import record.

The stages, in the order an import meets them:

- `reading`: the files given (folders and zips unpacked), each file's kind, API JSON;
- `staging`: the import's DuckDB session and folder, and each batch copied to Parquet;
- `rules`: what every row must keep, as SQL;
- `checking`: the row-by-row read that names a broken row (or sets it aside);
- `summaries`: each batch counted into its slices and the summary tables;
- `publishing`: the staged rows moved into place and the summaries replaced, at once;
- `store`: where published rows live, and how to read them;
- `importer` orchestrates one run's stages; `runner.run` keeps its import record.
"""

from ..importing import ImportFileError
from .importer import Importer
from .reading import OUTCOMES_HEADER, STOP_SEARCH_HEADER, STREET_HEADER, detect_kind, discover
from .runner import run
from .store import published_rows, remove_unused_versions, rows_missing, run_folder

# The name this module's error had before every importer shared one: the same class.
PoliceUkImportError = ImportFileError

__all__ = [
    "OUTCOMES_HEADER",
    "STOP_SEARCH_HEADER",
    "STREET_HEADER",
    "ImportFileError",
    "Importer",
    "PoliceUkImportError",
    "detect_kind",
    "discover",
    "published_rows",
    "remove_unused_versions",
    "rows_missing",
    "run",
    "run_folder",
]
