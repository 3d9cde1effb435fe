"""import-linter contract types of our own (registered in pyproject.toml's [tool.importlinter]).

`public_modules`: an app imports another app's public modules only. An app is a package
directly under `container` (crimeplan.accounts, crimeplan.delivery, ...); its public modules are
those named in `public` (models, constants, permissions, selectors, services, contracts, with
their submodules when they are packages) and the full module names in `also_public`.
Everything else of an app (views, forms, urls, admin, templatetags, management commands, tasks,
its internal helpers) is private: only the app itself may import it. Packages in `open` (the
shared kernel, crimeplan.core) may be imported anywhere; the project's own wiring (urls, api,
jobs, ...) is held to the same rule as apps. Direct imports only: an app may use another's
public service that itself uses its app's private helpers.

See docs/architecture.md for why, and `make lint` (lint-imports) to run it.
"""

from dataclasses import dataclass

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils
from importlinter.application.contract_utils import AlertLevel


@dataclass(frozen=True, order=True)
class IllegalImport:
    importer: str
    imported: str
    line_numbers: tuple[int, ...]


class PublicModulesContract(Contract):
    type_name = "public_modules"

    container = fields.StringField()
    public = fields.SetField(subfield=fields.StringField())
    also_public = fields.SetField(subfield=fields.StringField(), required=False)
    open = fields.SetField(subfield=fields.StringField(), required=False)
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(AlertLevel, default=AlertLevel.ERROR)
    broken_contract_guidance = fields.TextField(required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        import_removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        container: str = self.container  # type: ignore[assignment]
        public: set[str] = set(self.public)  # type: ignore[arg-type]
        also_public: set[str] = set(self.also_public or ())  # type: ignore[arg-type]
        open_packages = {f"{container}.{name}" for name in self.open or ()}  # type: ignore[union-attr]
        apps = {
            child
            for child in graph.find_children(container)
            if graph.find_children(child) and child not in open_packages
        }
        depth = container.count(".") + 1

        illegal: list[IllegalImport] = []
        for imported in sorted(graph.modules):
            parts = imported.split(".")
            app = ".".join(parts[: depth + 1])
            if app not in apps or len(parts) <= depth + 1:
                continue  # not inside an app, or the app package itself
            if parts[depth + 1] in public or self._is_also_public(imported, also_public):
                continue
            for importer in sorted(graph.find_modules_that_directly_import(imported)):
                if importer == app or importer.startswith(app + "."):
                    continue  # the app's own modules
                if not importer.startswith(container + "."):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                illegal.append(
                    IllegalImport(
                        importer=importer,
                        imported=imported,
                        line_numbers=tuple(d["line_number"] for d in details),
                    )
                )
        return ContractCheck(
            kept=not illegal,
            warnings=list(import_removal.warnings),
            ignored_import_count=import_removal.ignored_import_count,
            metadata={"illegal": illegal},
        )

    @staticmethod
    def _is_also_public(module: str, also_public: set[str]) -> bool:
        return any(module == name or module.startswith(name + ".") for name in also_public)

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Imports of another app's private modules:", bold=False)
        output.new_line()
        for link in check.metadata["illegal"]:
            lines = ", ".join(map(str, link.line_numbers))
            output.print_error(f"- {link.importer} -> {link.imported} (l.{lines})", bold=False)
        output.new_line()
        contract_utils.render_broken_contract_guidance(
            self.broken_contract_guidance  # type: ignore[arg-type]
        )


class KernelContract(Contract):
    """`kernel`: the kernel package (crimeplan.core) imports nothing else under `container`.

    Unlike a `forbidden` contract it names no app, so a module added later (one folder and one
    line in INSTALLED_APPS) is covered without editing this configuration. Direct imports are
    enough: if no kernel module imports outside the kernel, no chain from it can.
    """

    type_name = "kernel"

    container = fields.StringField()
    kernel = fields.StringField()
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(AlertLevel, default=AlertLevel.ERROR)
    broken_contract_guidance = fields.TextField(required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        import_removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        container: str = self.container  # type: ignore[assignment]
        kernel: str = self.kernel  # type: ignore[assignment]
        modules = {kernel} | graph.find_descendants(kernel)
        illegal: list[IllegalImport] = []
        for importer in sorted(modules):
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                inside = imported == kernel or imported.startswith(kernel + ".")
                if inside or not (imported == container or imported.startswith(container + ".")):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                illegal.append(
                    IllegalImport(
                        importer=importer,
                        imported=imported,
                        line_numbers=tuple(d["line_number"] for d in details),
                    )
                )
        return ContractCheck(
            kept=not illegal,
            warnings=list(import_removal.warnings),
            ignored_import_count=import_removal.ignored_import_count,
            metadata={"illegal": illegal},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Imports from the kernel to the rest of the project:", bold=False)
        output.new_line()
        for link in check.metadata["illegal"]:
            lines = ", ".join(map(str, link.line_numbers))
            output.print_error(f"- {link.importer} -> {link.imported} (l.{lines})", bold=False)
        output.new_line()
        contract_utils.render_broken_contract_guidance(
            self.broken_contract_guidance  # type: ignore[arg-type]
        )
