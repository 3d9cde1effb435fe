"""Benchmark: the whole performance framework for all 43 forces against their groups.

For every force: 18 count measures and 17 percentage measures (with sample sizes, so every
change is tested), a comparison group of 7 other forces whose figures are summed or pooled,
rank and funnel-plot outliers, and an XmR chart (Making Data Count rules) on 60 months of
each measure. Inputs are synthetic but shaped like the real thing (counts from a few to tens of
thousands, populations from 0.3 to 9 million). Prints the time for each part and in all.

Run: `make bench-performance` or `.venv/bin/python bench/performance.py [--repeat 3]`.
"""

import argparse
import csv
import datetime
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from crimeplan.performance.constants import Aim, MeasureKind, Source  # noqa: E402
from crimeplan.performance.engine import (  # noqa: E402
    AreaFigures,
    Figure,
    Inputs,
    MeasureData,
    Populations,
    compute_table,
)
from crimeplan.performance.framework import Framework, Measure, Period  # noqa: E402
from crimeplan.performance.spc import next_month, xmr  # noqa: E402

FORCES_FILE = ROOT / "src" / "crimeplan" / "geography" / "reference" / "forces.csv"
COUNT_MEASURES = 18
PERCENT_MEASURES = 17
GROUP_SIZE = 7
MONTHS = 60


def forces() -> list[str]:
    with FORCES_FILE.open(newline="", encoding="utf-8") as handle:
        return [row["police_uk_id"] for row in csv.DictReader(handle)]


def framework(force: str) -> Framework:
    measures = [
        Measure(f"count-{i}", f"Count {i}", MeasureKind.COUNT, random.choice(list(Aim)),
                ("P1",), Source.AGGREGATES)
        for i in range(COUNT_MEASURES)
    ] + [
        Measure(f"pct-{i}", f"Percentage {i}", MeasureKind.PERCENTAGE, random.choice(list(Aim)),
                ("P2",), Source.AGGREGATES, sample_size_measure=f"pct-{i}-n")
        for i in range(PERCENT_MEASURES)
    ]  # fmt: skip
    return Framework(
        "Bench",
        force,
        "msg",
        Period("baseline", "2019", datetime.date(2019, 1, 1), datetime.date(2019, 12, 1), 2019),
        Period("current", "2023", datetime.date(2022, 10, 1), datetime.date(2023, 9, 1), 2022),
        tuple(measures),
    )


def synthetic(ids: list[str]) -> tuple[dict[str, Populations], dict[str, dict[str, AreaFigures]]]:
    populations = {f: Populations(p, int(p * 1.02)) for f in ids
                   for p in [random.randint(300_000, 9_000_000)]}  # fmt: skip
    figures: dict[str, dict[str, AreaFigures]] = {}
    for f in ids:
        per = {}
        scale = populations[f].baseline or 1
        for i in range(COUNT_MEASURES):
            base = random.randint(1, 80) * scale // 1000
            per[f"count-{i}"] = AreaFigures(
                Figure(Decimal(base)), Figure(Decimal(max(0, int(base * random.uniform(0.7, 1.4)))))
            )
        for i in range(PERCENT_MEASURES):
            n = random.randint(300, 3000)
            per[f"pct-{i}"] = AreaFigures(
                Figure(Decimal(random.randint(200, 900)) / 10, n),
                Figure(Decimal(random.randint(200, 900)) / 10, n),
            )
        figures[f] = per
    return populations, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    random.seed(args.seed)
    ids = forces()
    populations, figures = synthetic(ids)
    inputs = []
    for index, force in enumerate(ids):
        members = tuple(ids[(index + k) % len(ids)] for k in range(1, GROUP_SIZE + 1))
        data = {
            m: MeasureData(force=figures[force][m], members={g: figures[g][m] for g in members})
            for m in figures[force]
        }
        pops = {a: populations[a] for a in (force, *members)}
        inputs.append((framework(force), Inputs(force, members, pops, data)))
    months = [datetime.date(2019, 1, 1)]
    while len(months) < MONTHS:
        months.append(next_month(months[-1]))
    series = [
        [Decimal(max(0, int(random.gauss(500, 60) + (t > 40) * 80))) for t in range(MONTHS)]
        for _ in range(len(ids) * (COUNT_MEASURES + PERCENT_MEASURES))
    ]
    print(f"{len(ids)} forces x {COUNT_MEASURES} count + {PERCENT_MEASURES} percentage measures,"
          f" groups of {GROUP_SIZE}, SPC on {len(series)} series of {MONTHS} months")  # fmt: skip
    best = None
    for attempt in range(1, args.repeat + 1):
        start = time.perf_counter()
        tables = [compute_table(fw, inp) for fw, inp in inputs]
        middle = time.perf_counter()
        charts = [xmr(months, values, aim=Aim.REDUCE) for values in series]
        end = time.perf_counter()
        rows = sum(len(t.rows) for t in tables)
        special = sum(1 for c in charts for p in c.points if p.rules)
        total = end - start
        best = total if best is None else min(best, total)
        print(f"run {attempt}: tables {middle - start:.3f} s ({rows} rows, with tests, ranks and"
              f" outliers); SPC {end - middle:.3f} s ({special} special-cause points);"
              f" total {total:.3f} s")  # fmt: skip
    print(f"best total: {best:.3f} s (target: under 2 s)")


if __name__ == "__main__":
    main()
