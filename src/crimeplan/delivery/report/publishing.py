"""Rendering the report (the page's body with its glossary, the whole HTML document, the
tagged PDF) and publishing it: the checks that block publication, the draft with what changed
since the last version, and the frozen published version."""

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from crimeplan.audit.constants import AuditAction
from crimeplan.audit.services import audit_record
from crimeplan.core import exports
from crimeplan.core.languages import ENGLISH, WELSH, html_lang, name_in, welsh_offered

from .. import glossary, linkcheck, pdf, references, versions
from ..models import Plan, PublishedReport
from .building import build_report
from .contents import PlanReport
from .welsh import GLOSSARY, missing_problem

# The longest title a published version keeps (PublishedReport.title and title_cy).
TITLE_LENGTH = 300


class PublicationBlocked(Exception):
    """What stops a report being published, one plain line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) block publication")


class FiguresMissing(Exception):
    """Priorities that would be published without performance figures, one plain line each:
    published only once someone confirms it."""

    def __init__(self, warnings: Sequence[str]) -> None:
        self.warnings = list(warnings)
        super().__init__(f"{len(self.warnings)} priorities would show no figures")


def figures_missing(report: PlanReport, previous: PublishedReport | None) -> list[str]:
    """The priorities the report shows no performance figures for that should have some:
    those that had figures in the version before, or, where it is not known which had (the
    first version, or one published before this was recorded), every such priority."""
    known = set(previous.priorities_with_figures) if previous is not None else set()
    warnings = []
    for section in report.priorities:
        if section.performance:
            continue
        code, title = section.priority.code, section.priority.title
        if code in known:
            warnings.append(
                f"Priority {code}, {title}: no performance figures, though version "
                f"{previous.version if previous else ''} showed some"
            )
        elif not known:
            warnings.append(f"Priority {code}, {title}: no measure of the tables serves it")
    return warnings


# -- rendering ----------------------------------------------------------------------------------


# The abbreviations the report's own words use (a plan's glossary may word them otherwise).
REPORT_ACRONYMS = {
    "MSG": gettext_noop(
        "Most Similar Group: the police forces most like this one, which it is compared with"
    ),
}


def known_acronyms(report: PlanReport) -> dict[str, str]:
    """What the report's acronyms stand for, in its language: the plan's glossary, and the
    priority codes the tables print (each stands for its priority's title)."""
    known = {p.priority.code: p.title for p in report.priorities}
    ours = {acronym: gettext(expansion) for acronym, expansion in REPORT_ACRONYMS.items()}
    return known | ours | dict(report.plan.glossary)


def _language(report: PlanReport) -> str:
    return WELSH if report.welsh else ENGLISH


def render_body(report: PlanReport) -> str:
    """The report's content, for a page of the site (inside its layout) and for the file: the
    glossary is made from the acronyms the rendered text uses, and each one's first use is
    marked with its expansion. In the report's language."""
    with translation.override(_language(report)):
        return _render_body(report)


def _render_body(report: PlanReport) -> str:
    draft = render_to_string("delivery/report/body.html", {"report": report})
    found = glossary.build_glossary([draft], known_acronyms(report))
    plan_glossary, say = report.plan.glossary, report.translator
    say.part = GLOSSARY
    report.glossary = [
        (acronym, say.say(text, f"Glossary: {acronym}") if acronym in plan_glossary else text)
        for acronym, text in found.entries
    ]
    unknown = [a for a in found.unknown]
    if unknown:
        report.problems.append(
            "Acronyms the text uses with no expansion in the plan's glossary: " + ", ".join(unknown)
        )
    body = render_to_string("delivery/report/body.html", {"report": report})
    # Each acronym's first use is marked with its expansion in the report's language.
    return glossary.mark_abbreviations(body, dataclasses.replace(found, entries=report.glossary))


def render_document(
    *,
    title: str,
    body: str,
    about: exports.About | None = None,
    language: str = ENGLISH,
) -> str:
    """A whole HTML document with print styles: contents with page numbers, numbered pages;
    a published one ends with its provenance. In `language`, tagged with it."""
    with translation.override(language):
        return render_to_string(
            "delivery/report/document.html",
            {
                "title": title,
                "body": body,
                "lang": html_lang(language),
                "about": about,
                "opcc_name_cy": name_in(
                    WELSH, settings.CRIMEPLAN_OPCC_NAME, settings.CRIMEPLAN_OPCC_NAME_CY
                ),
            },
        )


def render_pdf(
    *, title: str, body: str, about: exports.About | None = None, language: str = ENGLISH
) -> bytes:
    """The tagged PDF (PDF/UA-1) with its outline, from the same body as the page."""
    return pdf.write_pdf(render_document(title=title, body=body, about=about, language=language))


def about(published_at: datetime.datetime) -> exports.About:
    """A published plan update's provenance (said in the document's language by its
    template)."""
    return exports.About(
        source=gettext_noop(
            "The Police and Crime Plan's delivery plans, partners' progress updates and the "
            "performance figures the update names, as held in crimeplan"
        ),
        as_at=timezone.localdate(published_at),
    )


# -- publication --------------------------------------------------------------------------------


def _internal_link_check(path: str) -> str | None:
    """Why a site path in the report would not open for a reader, or None."""
    try:
        match = resolve(path.split("?")[0].split("#")[0])
    except Resolver404:
        return "no page of this site has that address"
    if getattr(match.func, "required_roles", None) is not None:
        return "the page is for signed-in staff only, so a reader of the report cannot open it"
    return None


def publication_problems(
    report: PlanReport,
    body: str,
    *,
    check_external: bool | None = None,
    resolve_internal: Callable[[str], str | None] | None = None,
) -> list[str]:
    """Everything that blocks publication: references and figure placeholders that do not
    resolve, acronyms without an expansion, and broken links and cross-references."""
    problems = list(report.problems)
    if len(report.title) > TITLE_LENGTH:
        problems.append(
            f"The title is longer than {TITLE_LENGTH} characters: shorten the plan's name"
            + (" in Welsh" if report.welsh else "")
        )
    if report.welsh and (missing := missing_problem(report.translator.missing)):
        problems.append(missing)
    problems += references.plan_reference_errors(plan=report.plan)
    if check_external is None:
        check_external = settings.CRIMEPLAN_CHECK_EXTERNAL_LINKS
    link_problems = linkcheck.check_links(
        body,
        base_url=settings.CRIMEPLAN_BASE_URL,
        resolve_internal=resolve_internal or _internal_link_check,
        fetch_external=check_external,
    )
    problems += [str(problem) for problem in link_problems]
    return list(dict.fromkeys(problems))


def draft(
    plan: Plan, *, as_of: datetime.date | None = None, welsh: bool = False
) -> tuple[PlanReport, str]:
    """The report as it would be published now, and its body; the `welsh` copy compared
    with the last version's Welsh copy, where it has one."""
    built = build_report(plan=plan, as_of=as_of, welsh=welsh)
    previous = plan.published_reports.order_by("-version").first()
    before = (previous.html_cy if welsh else previous.html) if previous is not None else ""
    if previous is not None and before:
        body = render_body(built)
        with translation.override(_language(built)):
            built.changes = versions.what_changed(before, body)
        built.previous_version = previous.version
    return built, render_body(built)


def checked_drafts(
    plan: Plan, *, check_external: bool | None = None
) -> tuple[tuple[PlanReport, str], tuple[PlanReport, str] | None, list[str]]:
    """The drafts publication would freeze (the English, and the Welsh copy where the site
    offers Welsh) and everything that blocks publishing them."""
    english = draft(plan)
    problems = publication_problems(*english, check_external=check_external)
    welsh_copy = None
    if welsh_offered():
        welsh_copy = draft(plan, welsh=True)
        problems += [
            f"In the Welsh copy: {problem}"
            for problem in publication_problems(*welsh_copy, check_external=check_external)
            if problem not in problems
        ]
    return english, welsh_copy, problems


@transaction.atomic
def report_publish(
    *,
    plan: Plan,
    actor: Any,
    check_external: bool | None = None,
    without_figures_confirmed: bool = True,
) -> PublishedReport:
    """Freezes the report as it stands now into the next published version, unless something
    blocks it (PublicationBlocked lists what), or, unless `without_figures_confirmed`, a
    priority would show no performance figures (FiguresMissing lists which)."""
    Plan.objects.select_for_update().get(pk=plan.pk)
    (built, body), welsh_copy, problems = checked_drafts(plan, check_external=check_external)
    if problems:
        raise PublicationBlocked(problems)
    previous = plan.published_reports.defer("html", "pdf").order_by("-version").first()
    if not without_figures_confirmed and (missing := figures_missing(built, previous)):
        raise FiguresMissing(missing)
    version = (plan.published_reports.aggregate(v=Max("version"))["v"] or 0) + 1
    published_at = timezone.now()
    welsh_fields: dict[str, Any] = {}
    if welsh_copy is not None:
        built_cy, body_cy = welsh_copy
        welsh_fields = {
            "title_cy": built_cy.title,
            "html_cy": body_cy,
            "pdf_cy": render_pdf(
                title=built_cy.title, body=body_cy, about=about(published_at), language=WELSH
            ),
        }
    published = PublishedReport.objects.create(
        plan=plan,
        version=version,
        title=built.title,
        published_at=published_at,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        html=body,
        pdf=render_pdf(title=built.title, body=body, about=about(published_at)),
        snapshot_title="; ".join(t.title for t in built.tables)[:300],
        changes=built.changes,
        priorities_with_figures=[p.priority.code for p in built.priorities if p.performance],
        **welsh_fields,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=published,
        summary=f"Published version {version} of the {plan.slug} plan update",
    )
    return published
