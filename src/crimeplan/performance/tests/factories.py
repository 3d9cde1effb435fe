"""Saved frameworks for tests: the published Gloucestershire example."""

from pathlib import Path

from django.conf import settings

from crimeplan.performance import services
from crimeplan.performance.example import write_templates
from crimeplan.performance.models import Framework, FrameworkVersion


def example_files() -> tuple[Path, Path, Path]:
    folder = Path(settings.CRIMEPLAN_DATA_DIR) / "example"
    folder.mkdir(parents=True, exist_ok=True)
    return write_templates(folder)


def saved_framework(slug: str = "gloucestershire-2021-25") -> tuple[Framework, FrameworkVersion]:
    framework, _, _ = example_files()
    return services.framework_save(actor=None, slug=slug, toml=framework.read_text())
