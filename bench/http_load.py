"""Benchmark: the performance overview and a measure page under 20 concurrent clients.

Start the app first (`make run`, which serves on 127.0.0.1:8000 with the demo loaded), then
run `make bench-http` (or `.venv/bin/python bench/http_load.py`). The script signs in the
demo analyst by making a session in the same database the server uses, warms each page once,
then drives it with wrk (Debian package `wrk`) for `--seconds` with `--clients` connections
and prints two things: the server time of each response (its Server-Timing header: the time
the server spent on the request, from the first middleware to the last) as percentiles, and
wrk's client-side latency (server time plus waiting in the queue for a free worker), with
requests per second.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LUA = """
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  timings = {}
  count = 0
end

response = function(status, headers, body)
  local header = headers["Server-Timing"] or headers["server-timing"]
  if header then
    local dur = tonumber(string.match(header, "dur=([%d%.]+)"))
    if dur then
      count = count + 1
      timings[count] = dur
    end
  end
end

done = function(summary, latency, requests)
  io.write(string.format("client latency: p50 %.1f ms, p90 %.1f ms, p95 %.1f ms, p99 %.1f ms\\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("%d requests, %.1f per second, %d errors (status %d, timeout %d)\\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.errors.status, summary.errors.timeout))
  local all = {}
  for _, thread in ipairs(threads) do
    for _, value in ipairs(thread:get("timings")) do
      table.insert(all, value)
    end
  end
  table.sort(all)
  if #all > 0 then
    local function pct(p) return all[math.max(1, math.ceil(#all * p / 100))] end
    io.write(string.format("server time (Server-Timing): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, "
      .. "max %.1f ms over %d responses\\n", pct(50), pct(95), pct(99), all[#all], #all))
  end
end
"""


def session_cookie(email: str) -> str:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crimeplan.settings.local")
    import django

    django.setup()
    from django.test import Client

    from crimeplan.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client.cookies["sessionid"].value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--email", default="analyst@opcc.example")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        help="pages to load (default: the demo framework's overview and its All Crime page)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    paths = args.path or [
        "/performance/gloucestershire-2021-25/",
        "/performance/gloucestershire-2021-25/measures/all-crime/",
        "/performance/police-uk-early-2024/measures/burglary-police-uk/",
    ]
    cookie = f"sessionid={session_cookie(args.email)}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA)
    for path in paths:
        request = urllib.request.Request(args.base + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 200 or response.url != args.base + path:
                raise SystemExit(f"{path}: {response.status} at {response.url}")
        print(f"== {path} ({args.clients} clients, {args.seconds} s)", flush=True)
        subprocess.run(
            [
                "wrk",
                f"-c{args.clients}",
                "-t2",
                f"-d{args.seconds}s",
                "--timeout",
                "10s",
                "-H",
                f"Cookie: {cookie}",
                "-s",
                script.name,
                args.base + path,
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
