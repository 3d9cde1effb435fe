"""The import contracts of docs/architecture.md: they hold for the code as it is, and our own
contract type (scripts/import_contracts.py) tells public modules from private ones."""

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import grimp

ROOT = Path(__file__).resolve().parents[4]


def _contracts_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "import_contracts", ROOT / "scripts" / "import_contracts.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for package in ("pkg", "pkg.core", "pkg.low", "pkg.high"):
        graph.add_module(package)
    for importer, imported in imports:
        for module in (importer, imported):
            graph.add_module(module)
        graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
    return graph


def _check(graph: grimp.ImportGraph, **options: object) -> list[tuple[str, str]]:
    contract_class = _contracts_module().PublicModulesContract
    contract = contract_class(
        name="public",
        session_options={"root_packages": ["pkg"]},
        contract_options={
            "container": "pkg",
            "public": ["models", "services"],
            "open": ["core"],
            **options,
        },
    )
    check = contract.check(graph, verbose=False)
    return [(link.importer, link.imported) for link in check.metadata["illegal"]]


def test_another_apps_private_module_is_refused() -> None:
    graph = _graph(
        ("pkg.high.views", "pkg.low.models"),
        ("pkg.high.views", "pkg.low.services.grants"),
        ("pkg.high.services", "pkg.low.forms"),
        ("pkg.high.views", "pkg.low.views.pages"),
    )
    assert _check(graph) == [
        ("pkg.high.services", "pkg.low.forms"),
        ("pkg.high.views", "pkg.low.views.pages"),
    ]


def test_own_modules_open_packages_and_also_public_are_allowed() -> None:
    graph = _graph(
        ("pkg.low.views", "pkg.low.forms"),
        ("pkg.high.views", "pkg.core.exports"),
        ("pkg.high.views", "pkg.low.decorators"),
    )
    assert _check(graph, also_public=["pkg.low.decorators"]) == []


def test_the_projects_contracts_are_kept() -> None:
    """What `make lint` runs, in its own process: import-linter sets up logging as a command
    does, which would silence the suite's own loggers if run in this one."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(  # noqa: S603 - the project venv's own command
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _kernel_check(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    contract = _contracts_module().KernelContract(
        name="kernel",
        session_options={"root_packages": ["pkg"]},
        contract_options={"container": "pkg", "kernel": "pkg.core"},
    )
    check = contract.check(graph, verbose=False)
    return [(link.importer, link.imported) for link in check.metadata["illegal"]]


def test_the_kernel_imports_no_other_package_even_one_added_later() -> None:
    graph = _graph(
        ("pkg.core.plugins", "pkg.core.exports"),
        ("pkg.core.exports", "django.http"),
        ("pkg.high.views", "pkg.core.exports"),
        ("pkg.core.navigation", "pkg.newmodule.selectors"),
        ("pkg.core", "pkg.low"),
    )
    assert _kernel_check(graph) == [
        ("pkg.core", "pkg.low"),
        ("pkg.core.navigation", "pkg.newmodule.selectors"),
    ]
