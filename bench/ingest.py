"""Benchmark: a national-scale police.uk street-level import, against DuckDB's bare copy.

Generates a file set shaped like the real archive (one CSV per force and month, rows drawn
from the real Gloucestershire and comparison-force files with fresh 64-character crime ids,
each force's own name, the real locations and LSOA names), then, on the same files:

1. the reference: DuckDB's own `COPY (SELECT * FROM read_csv(...)) TO '...parquet'`;
2. crimeplan's whole import (`crimeplan import-policeuk`): validate every row, write Parquet
   partitioned by force and month, rebuild the summary tables in the app database;

and prints rows/s, MB/s and the peak memory of each (each runs in its own process, so the
peak is its own): the medians of `--repeat` runs of each, taken in turn. Run it with
`make bench-ingest` or `.venv/bin/python bench/ingest.py [--rows 5000000] [--keep DIR]
[--repeat 3]`. It uses a throwaway SQLite database and data folder unless DATABASE_URL is
set.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import duckdb

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CRIMEPLAN_SHARED_DATA", ROOT.parent / "shared" / "data"))
REAL_FILES = SHARED / "police-uk-street-2024-jan-apr"
FORCES_FILE = ROOT / "src" / "crimeplan" / "geography" / "reference" / "forces.csv"
COLUMNS = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]  # fmt: skip
MONTHS = [f"2023-{m:02d}" for m in range(1, 13)]


def generate(target: Path, rows: int) -> tuple[int, int]:
    """Writes rows spread over 43 forces × 12 months; returns (rows, bytes)."""
    db = duckdb.connect()
    db.execute(
        f"CREATE TABLE real AS SELECT * FROM read_csv('{REAL_FILES}/*/*.csv', header=true, "
        "all_varchar=true, delim=',', quote='\"', escape='\"') ORDER BY \"Falls within\""
    )
    forces = db.execute(f"SELECT name FROM read_csv('{FORCES_FILE}', header=true)").fetchall()
    files = len(forces) * len(MONTHS)
    per_file = rows // files
    written = 0
    # Each generated force draws on one real force's rows, so that it has a realistic set of
    # LSOAs (a few hundred) rather than every LSOA of the five real forces.
    sources = db.execute(
        'SELECT min(rowid), count(*) FROM real GROUP BY "Falls within" ORDER BY 1'
    ).fetchall()
    for number, ((force_name,), month) in enumerate((f, m) for f in forces for m in MONTHS):
        count = per_file + (1 if number < rows - per_file * files else 0)
        source_start, source_rows = sources[(number // len(MONTHS)) % len(sources)]
        path = target / month / f"{month}-{number:03d}-street.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        quoted = force_name.replace("'", "''")
        # ASB rows keep their blank Crime ID and outcome, as in the archive.
        db.execute(
            f"""COPY (
                SELECT CASE WHEN r."Crime ID" IS NULL THEN NULL
                            ELSE sha256('{number}-' || i::VARCHAR) END AS "Crime ID",
                       '{month}' AS "Month", '{quoted}' AS "Reported by", '{quoted}' AS "Falls within",
                       r."Longitude", r."Latitude", r."Location", r."LSOA code", r."LSOA name",
                       r."Crime type", r."Last outcome category", r."Context"
                FROM range({count}) t(i)
                JOIN real r ON r.rowid = (
                    {source_start} + hash(i + {number * 1_000_003}) % {source_rows})
            ) TO '{path}' (HEADER, DELIMITER ',')"""
        )
        written += count
    size = sum(p.stat().st_size for p in target.rglob("*.csv"))
    return written, size


PEAK_WRAPPER = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(result.stdout)
sys.stderr.write(result.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"CPU_S {usage.ru_utime + usage.ru_stime}")
print(f"PEAK_KB {usage.ru_maxrss}")
sys.exit(result.returncode)
"""


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Runs a command under a wrapper whose only child it is, so the peak memory and CPU time
    the wrapper reports are the command's own; returns (seconds, CPU seconds, peak MB,
    output). CPU time (user + system, all threads) is steadier than elapsed time on a busy
    machine."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(args[:3])} failed:\n{result.stdout}\n{result.stderr}")
    output, _, peak = result.stdout.rpartition("PEAK_KB ")
    output, _, cpu = output.rpartition("CPU_S ")
    return seconds, float(cpu), int(peak) / 1024, output


BARE_COPY = """
import sys, duckdb
source, target = sys.argv[1], sys.argv[2]
duckdb.sql(f"COPY (SELECT * FROM read_csv('{source}/*/*.csv', header=true, delim=',', "
           f"quote='\\"', escape='\\"')) TO '{target}' (FORMAT parquet)")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (medians shown)")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="crimeplan-bench-"))
    source = work / "files"
    if not source.exists():
        print(f"Generating {options.rows:,} rows in {source} ...", flush=True)
        started = time.perf_counter()
        rows, size = generate(source, options.rows)
        print(
            f"  {rows:,} rows, {size / 1e6:,.0f} MB in {len(list(source.rglob('*.csv')))} files "
            f"({time.perf_counter() - started:.1f} s)"
        )
    rows = options.rows
    size = sum(p.stat().st_size for p in source.rglob("*.csv"))
    # The database and data folder start empty every run; only the generated files are kept.
    shutil.rmtree(work / "data", ignore_errors=True)
    template, database = work / "template.sqlite3", work / "bench.sqlite3"
    for leftover in (template, database, work / "bare.parquet"):
        leftover.unlink(missing_ok=True)
    env = {**os.environ, "CRIMEPLAN_ENV": "local", "CRIMEPLAN_DATA_DIR": str(work / "data")}
    own_database = "DATABASE_URL" not in os.environ
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", f"sqlite:///{template}")
    crimeplan = str(ROOT / ".venv" / "bin" / "crimeplan")
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([crimeplan, "migrate", "-v0"], env=env, check=True)
    subprocess.run([crimeplan, "load-reference"], env=env, check=True, capture_output=True)
    if own_database:
        env["DATABASE_URL"] = f"sqlite:///{database}"

    # The two are run in turn, `--repeat` times, and the medians reported: on a shared
    # machine one run of either can be a fifth slower than the next.
    bare_runs, import_runs = [], []
    for attempt in range(options.repeat):
        # Each import starts from the migrated database with its reference data (a copy of
        # it, on SQLite; a DATABASE_URL you give is imported into again: same slices,
        # replaced) and an empty data folder.
        shutil.rmtree(work / "data", ignore_errors=True)
        (work / "bare.parquet").unlink(missing_ok=True)
        if own_database:
            shutil.copyfile(template, database)
        bare_runs.append(
            run_child([python, "-c", BARE_COPY, str(source), str(work / "bare.parquet")], env)
        )
        import_runs.append(
            run_child([crimeplan, "import-policeuk", str(source), "--no-progress"], env)
        )
        print(
            f"  run {attempt + 1}: bare copy {bare_runs[-1][0]:.1f} s ({bare_runs[-1][1]:.1f} "
            f"CPU s), import {import_runs[-1][0]:.1f} s ({import_runs[-1][1]:.1f} CPU s)",
            flush=True,
        )
    print(import_runs[-1][3].strip())
    bare_seconds, bare_cpu, bare_peak = (median(r[i] for r in bare_runs) for i in range(3))
    import_seconds, import_cpu, import_peak = (median(r[i] for r in import_runs) for i in range(3))
    print()
    print(f"medians of {options.repeat} runs each")
    print(f"{'':32}{'seconds':>10}{'CPU s':>8}{'rows/s':>14}{'MB/s':>10}{'peak MB':>10}")
    for name, seconds, cpu, peak in (
        ("DuckDB bare COPY to Parquet", bare_seconds, bare_cpu, bare_peak),
        ("crimeplan import (whole)", import_seconds, import_cpu, import_peak),
    ):
        print(
            f"{name:32}{seconds:10.1f}{cpu:8.1f}{rows / seconds:14,.0f}"
            f"{size / 1e6 / seconds:10.1f}{peak:10.0f}"
        )
    ratios = sorted(i[0] / b[0] for b, i in zip(bare_runs, import_runs, strict=True))
    print(
        f"\nimport / bare copy = {import_seconds / bare_seconds:.2f}x elapsed "
        f"(each run's own: {', '.join(f'{r:.2f}' for r in ratios)}), "
        f"{import_cpu / bare_cpu:.2f}x CPU time  (target: at most 1.5x, at least 300,000 "
        "rows/s, peak under 2,048 MB)"
    )
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
