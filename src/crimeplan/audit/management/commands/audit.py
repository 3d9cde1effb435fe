"""`crimeplan audit verify|grant-app-role|protect`: check and keep the audit trail append-only.

`verify` walks the hash chain and reports the first broken link (non-zero exit), or how many
events it verified and the head hash to keep somewhere the database's owner cannot write.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from crimeplan.audit import integrity, roles, triggers


class Command(BaseCommand):
    help = "The audit trail: verify its hash chain, grant the app's database role, protect it."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser(
            "verify", help="walk the hash chain; exit 1 at the first broken link"
        )
        verify.add_argument(
            "--expect-head",
            default="",
            metavar="HASH",
            help="a head hash printed by an earlier verify: fail unless it is still in the chain",
        )
        grant = actions.add_parser(
            "grant-app-role",
            help="print (or --apply, as the tables' owner) the PostgreSQL grants for the "
            "application's own role: INSERT and SELECT only on the audit table",
        )
        grant.add_argument("role", help="the application's PostgreSQL role")
        grant.add_argument("--apply", action="store_true", help="run the statements now")
        actions.add_parser(
            "protect", help="install the append-only triggers again if they are missing"
        )
        for sub in (verify, grant):
            sub.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: object, **options: object) -> None:
        action = str(options["action"]).replace("-", "_")
        getattr(self, f"_{action}")(options)

    def _verify(self, options: dict[str, object]) -> None:
        using = str(options["database"])
        expect_head = str(options["expect_head"]).strip().lower()
        report = integrity.chain_verify(using=using, expect_head=expect_head)
        for problem in integrity.role_problems(connections[using]):
            self.stderr.write(f"Warning: {problem}; it could lift the audit trail's triggers.")
        problems = []
        if report.broken is not None:
            broken = report.broken
            problems.append(
                f"The audit chain is broken at event {broken.event_id} "
                f"({broken.at.isoformat()}): {broken.problem}. "
                f"{report.verified:,} events before it are intact."
            )
        if report.expected_head_found is False:
            problems.append(
                f"The recorded head {expect_head} is not in the intact chain: events up to "
                "it were changed or removed (or it was never this database's head)."
            )
        if report.missing_triggers:
            problems.append(
                "The audit table's append-only triggers are missing or disabled: "
                f"{', '.join(report.missing_triggers)}. Run `crimeplan audit protect`."
            )
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"Verified {report.verified:,} audit events: the chain is unbroken.")
        if report.head_id is not None:
            self.stdout.write(
                f"Head: event {report.head_id}, hash {report.head_hash}\n"
                "Keep the head hash where the database's owner cannot change it; "
                "`crimeplan audit verify --expect-head HASH` later shows that nothing up to "
                "it was changed or removed."
            )

    def _grant_app_role(self, options: dict[str, object]) -> None:
        connection = connections[str(options["database"])]
        if connection.vendor != "postgresql":
            raise CommandError(
                f"{connection.vendor} has no database roles; grants are for PostgreSQL "
                "(see docs/how-to/deploy.md, Database roles)."
            )
        role = str(options["role"])
        try:
            if options["apply"]:
                with transaction.atomic(using=connection.alias):
                    statements = roles.app_role_grant(connection=connection, role=role)
            else:
                statements = roles.app_role_grants(role=role)
        except roles.RoleNameInvalid as error:
            raise CommandError(str(error)) from error
        self.stdout.write(";\n".join(statements) + ";")
        if options["apply"]:
            self.stdout.write(f"Granted: {role} may now insert and read audit events only.")

    def _protect(self, options: dict[str, object]) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        missing = triggers.missing(connection)
        if not missing:
            self.stdout.write("The audit trail's append-only triggers are all in place.")
            return
        triggers.install(connection)
        self.stdout.write(f"Installed again: {', '.join(missing)}.")
