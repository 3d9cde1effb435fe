"""A database of a test's own, beside the test database, that `crimeplan` commands run
against in a subprocess: a SQLite file, or on PostgreSQL a new database (and roles) on the
same server, dropped afterwards."""

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.db import connection


def server_url(*, user: str, database: str) -> str:
    settings = connection.settings_dict
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{database}"


def superuser_connection() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        server_url(user=settings["USER"], database="postgres"),
        password=settings.get("PASSWORD") or None,
        autocommit=True,
    )


@contextmanager
def postgresql_database(*, owner: str = "") -> Iterator[str]:
    """A new, empty database named after the test database; yields its name."""
    name = f"{connection.settings_dict['NAME']}_{secrets.token_hex(4)}"
    with superuser_connection() as server:
        server.execute(f'CREATE DATABASE "{name}"' + (f' OWNER "{owner}"' if owner else ""))
    try:
        yield name
    finally:
        with superuser_connection() as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database_url(tmp_path: Path) -> Iterator[str]:
    """A URL for an empty database of the same kind as the test database."""
    if connection.vendor == "postgresql":
        with postgresql_database() as name:
            yield server_url(user=connection.settings_dict["USER"], database=name)
    else:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"


def crimeplan(
    *args: str, url: str, tmp_path: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Runs `crimeplan ARGS` against the database at `url`, its files under tmp_path."""
    # Only what the test gives: never a permission the test run itself happens to have.
    inherited = {k: v for k, v in os.environ.items() if k != "CRIMEPLAN_ALLOW_AUDIT_UNPROTECT"}
    environment = {
        **inherited,
        "CRIMEPLAN_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "crimeplan.settings.test",
        "DATABASE_URL": url,
        "CRIMEPLAN_VAR_DIR": str(tmp_path / "var"),
        "CRIMEPLAN_DATA_DIR": str(tmp_path / "var" / "data"),
        "CRIMEPLAN_MEDIA_ROOT": str(tmp_path / "var" / "media"),
        **(env or {}),
    }
    return subprocess.run(  # noqa: S603 (our own command, arguments from the test)
        [sys.executable, "-m", "crimeplan.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
