"""`crimeplan erasure --email ADDRESS [--name NAME] [--reference REF] [--dry-run]`: an
erasure request for one person (crimeplan.erasure)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crimeplan.erasure import (
    DONE,
    ERASE,
    KEEP,
    audit_trail_mentions,
    erasure_apply,
    erasure_find,
    free_text_mentions,
)


class Command(BaseCommand):
    help = "Find a person's data, erase what may be erased, and say what the law keeps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="the person's e-mail address")
        parser.add_argument("--name", default="", help="their name, as they gave it")
        parser.add_argument(
            "--reference", default="", help="the request's reference, for the audit trail"
        )
        parser.add_argument("--dry-run", action="store_true", help="report only; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            findings = erasure_find(
                email=options["email"], name=options["name"], today=timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        dry_run = options["dry_run"]
        headings = {
            ERASE: "Would erase" if dry_run else "Erased",
            KEEP: "Kept, as the law or the service requires",
            DONE: "Already erased",
        }
        for decision, heading in headings.items():
            chosen = [f for f in findings if f.decision == decision]
            self.stdout.write(f"{heading}: {len(chosen)}")
            for finding in chosen:
                self.stdout.write(
                    f"  - {finding.label}" + (f": {finding.why}" if finding.why else "")
                )
        events = audit_trail_mentions(options["email"])
        if events:
            self.stdout.write(
                f"Kept: {events} audit events record changes this person made (the audit "
                "trail is append-only and keeps who did what, for accountability)"
            )
        for kind, count in free_text_mentions(name=options["name"]).items():
            self.stdout.write(
                f"Review by hand: the name appears in {count} {kind} free text(s); they may "
                "be about someone else of that name"
            )
        if not findings:
            self.stdout.write("No record holds this e-mail address or name.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
            return
        outcome = erasure_apply(findings=findings, reference=options["reference"])
        self.stdout.write(
            f"Done: {outcome.erased} erased, {outcome.kept} kept; recorded in the audit trail "
            "by counts only."
        )
