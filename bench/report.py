"""Benchmark: the plan update report on the demo, as the HTML page and as the PDF.

Loads the reference and demo data into a throwaway SQLite database (unless DATABASE_URL is
set: then that database is used as it is, with the demo already loaded), then, `--repeat`
times each:

1. the report preview page (`delivery:report_preview`) as the demo policy officer, through
   Django's test client: the whole request, middleware to template, in this process;
2. the PDF of the same report (build, render the body, WeasyPrint's tagged PDF/UA-1);
3. the command an officer runs, `crimeplan delivery report --format pdf` (a new process: its
   start-up, Django's and the imports', included);

and prints the median and the worst of each with the PDF's page count and size. Targets
(issue 17): the HTML page under 300 ms, the PDF of the ~50-page report under 5 s.

Run: `.venv/bin/python bench/report.py [--repeat 5] [--plan gloucestershire-2021-25]
[--keep DIR]` (--keep keeps the demo database in DIR and reuses it: loading it takes minutes).
"""

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
POLICY_OFFICER = "policy@opcc.example"


def prepare_database(work: Path) -> None:
    """Points this process and its children at a database holding the demo: a fresh one in
    `work`, or the one a previous run left there with --keep."""
    os.environ["CRIMEPLAN_ENV"] = "local"
    os.environ["CRIMEPLAN_DATA_DIR"] = str(work / "data")
    if "DATABASE_URL" in os.environ:
        print("using DATABASE_URL as it is (the demo must be loaded)", flush=True)
        return
    database = work / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    if database.exists():
        print(f"using the demo database {database} left by an earlier run", flush=True)
        return
    crimeplan = str(ROOT / ".venv" / "bin" / "crimeplan")
    started = time.perf_counter()
    for command in (["migrate", "-v0"], ["load-reference"], ["load-demo"]):
        subprocess.run([crimeplan, *command], check=True, capture_output=True)
    print(f"demo loaded into a throwaway SQLite database ({time.perf_counter() - started:.0f} s)")


def timed[T](label: str, repeat: int, run: Callable[[], T]) -> tuple[list[float], T]:
    result = run()  # warm: templates compiled, fonts loaded, querysets' first imports done
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
    print(
        f"{label:42} median {median(seconds) * 1000:8.0f} ms   worst {max(seconds) * 1000:8.0f} ms"
        f"   ({repeat} runs)",
        flush=True,
    )
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--plan", default="gloucestershire-2021-25")
    parser.add_argument(
        "--keep", type=Path, help="a folder to keep the demo database in and reuse next time"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-report-") as folder:
        work = args.keep or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        prepare_database(work)
        sys.path.insert(0, str(ROOT / "src"))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crimeplan.settings.local")
        import django

        django.setup()
        from django.test import Client
        from django.urls import reverse

        from crimeplan.accounts.models import User
        from crimeplan.delivery import report
        from crimeplan.delivery.models import Plan
        from crimeplan.delivery.pdf import pdf_facts

        # WeasyPrint's notes on CSS it ignores (print has no scrolling) are not the figures.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)

        plan = Plan.objects.get(slug=args.plan)
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(email=POLICY_OFFICER))
        url = reverse("delivery:report_preview", kwargs={"slug": plan.slug})

        def page() -> int:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            return len(response.content)

        def pdf() -> bytes:
            built, body = report.draft(plan)
            return report.render_pdf(title=built.title, body=body)

        def cli() -> bytes:
            output = work / "update.pdf"
            subprocess.run(
                [str(ROOT / ".venv" / "bin" / "crimeplan"), "delivery", "report", "--plan",
                 plan.slug, "--format", "pdf", "--output", str(output)],
                check=True,
                capture_output=True,
            )  # fmt: skip
            return output.read_bytes()

        _, size = timed(f"HTML page {url}", args.repeat, page)
        print(f"{'':42} {size:,} bytes of HTML")
        _, document = timed("PDF/UA-1 (build, body, WeasyPrint)", args.repeat, pdf)
        facts = pdf_facts(document)
        print(
            f"{'':42} {facts['pages']} pages, {len(document) / 1024:,.0f} KiB, tagged "
            f"{facts['tagged']}, /Lang {facts['lang']!r}, "
            f"{len(facts['outline'][0]['children'])} sections in the outline, "
            f"{len(facts['figure_alt'])} figures with alternative text"
        )
        timed("crimeplan delivery report --format pdf", max(1, args.repeat // 2), cli)
        print("targets: HTML page under 300 ms, PDF of the ~50-page report under 5 s")


if __name__ == "__main__":
    main()
