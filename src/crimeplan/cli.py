"""The `crimeplan` console script: the project's manage.py.

Commands may be typed with hyphens (`crimeplan load-reference`); Django's command modules
use underscores, so the first word is translated. The settings module follows
CRIMEPLAN_ENV (local, test or production) unless DJANGO_SETTINGS_MODULE is set.
"""

import atexit
import gc
import os
import sys


def settings_module() -> str:
    env = os.environ.get("CRIMEPLAN_ENV", "local")
    if env not in {"local", "test", "production"}:
        raise SystemExit(f"CRIMEPLAN_ENV must be local, test or production, not {env!r}")
    return f"crimeplan.settings.{env}"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    # At exit, Python's last garbage collection walks every object Django loaded: a quarter
    # of a second on every command. Nothing left then needs collecting (connections and
    # files close as their references go), so the objects are frozen out of it.
    atexit.register(gc.freeze)
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
