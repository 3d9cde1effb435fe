"""Modules register themselves: what each crimeplan app adds to the site, declared on its AppConfig.

A module is one folder plus one line in INSTALLED_APPS (docs/how-to/add-a-module.md). Its
`apps.py` subclasses `ModuleConfig` and declares, as data, what it adds:

- `url_prefix` and `urls`: mounted by the project's URL configuration, in INSTALLED_APPS order;
- `api_prefix` and `api_router`: a django-ninja router added to the API at /api/v1/;
- `navigation`: service navigation entries, each saying who may see it;
- `scheduled_jobs`: commands an operator's scheduler runs (listed by `crimeplan scheduled-jobs`);
- `permissions`: the module holding the app's named role sets (`UPPER_CASE = frozenset(...)`);
- `demo`: a module whose `load()` loads demonstration content idempotently and returns lines to
  print (run by `crimeplan load-demo`, in INSTALLED_APPS order);
- `findings`: a function returning the module's findings for the recommendations tracker
  (crimeplan.core.findings);
- `open_data`: a function returning the module's published datasets for the open-data feed
  (crimeplan.core.opendata);
- `work`: a function returning what waits for a member of staff, for their home page
  (crimeplan.core.work).

Everything is named by dotted path and imported only when asked for, so declaring a module costs
nothing at start-up and `core` imports no app: it reads the declarations through Django's app
registry.
"""

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string

if TYPE_CHECKING:  # apps.py imports this module while the app registry loads: no models yet
    from crimeplan.core.viewers import Viewer


@dataclass(frozen=True)
class NavEntry:
    """A service navigation entry. `visible` is the dotted path of a function taking the viewer
    (crimeplan.core.viewers.Viewer) and returning whether this viewer may use the entry.
    `order` places it in the menu (lower first)."""

    label: str
    url_name: str
    visible: str
    order: int

    def is_visible(self, viewer: "Viewer") -> bool:
        return bool(import_string(self.visible)(viewer))


@dataclass(frozen=True)
class ScheduledJob:
    """A command an operator's scheduler (cron, a systemd timer) runs, and how often."""

    command: str
    schedule: str
    purpose: str


class ModuleConfig(AppConfig):
    """An AppConfig that says what its app adds to the site. Every attribute is optional."""

    # Django picks the one AppConfig subclass an apps.py holds; this base class, imported there,
    # must not count as a second one, so it is marked not-default and each subclass default.
    default = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "default" not in vars(cls):
            cls.default = True

    url_prefix: str | None = None
    urls: str | None = None
    api_prefix: str | None = None
    api_router: str | None = None
    navigation: tuple[NavEntry, ...] = ()
    scheduled_jobs: tuple[ScheduledJob, ...] = ()
    permissions: str | None = None
    demo: str | None = None
    findings: str | None = None
    open_data: str | None = None
    work: str | None = None


def modules() -> list[ModuleConfig]:
    """The installed modules, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, ModuleConfig)]


def url_mounts() -> list[tuple[str, str, str]]:
    """(label, prefix, urls module) for each module that has pages."""
    return [
        (config.label, config.url_prefix, config.urls)
        for config in modules()
        if config.urls is not None and config.url_prefix is not None
    ]


def api_routers() -> list[tuple[str, str]]:
    """(prefix, dotted path of the router) for each module with an API."""
    return [
        (config.api_prefix, config.api_router)
        for config in modules()
        if config.api_router is not None and config.api_prefix is not None
    ]


def navigation_entries() -> list[NavEntry]:
    """Every module's navigation entries, in menu order (ties keep INSTALLED_APPS order)."""
    entries = [entry for config in modules() for entry in config.navigation]
    return sorted(entries, key=lambda entry: entry.order)


def scheduled_jobs() -> list[ScheduledJob]:
    return [job for config in modules() for job in config.scheduled_jobs]


def role_sets() -> dict[str, dict[str, frozenset[Any]]]:
    """{app label: {set name: roles}}: each module's named role sets, read from its permissions
    module (module-level frozensets with UPPER_CASE names)."""
    found: dict[str, dict[str, frozenset[Any]]] = {}
    for config in modules():
        if config.permissions is None:
            continue
        module = importlib.import_module(config.permissions)
        found[config.label] = {
            name: value
            for name, value in vars(module).items()
            if name.isupper() and isinstance(value, frozenset)
        }
    return found


def demo_loaders(*, skip: Iterable[str] = ()) -> Iterator[tuple[str, Callable[[], Iterable[str]]]]:
    """(label, load) for each module with demonstration content, in INSTALLED_APPS order."""
    for config in modules():
        if config.demo is None or config.label in skip:
            continue
        yield config.label, import_string(f"{config.demo}.load")
