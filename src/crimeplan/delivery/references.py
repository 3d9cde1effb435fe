"""What a plan item's reference strings point at: a performance measure, a funding line, a
grant award, an ASB Case Review, an action, a web address or a page of this site.

Grant awards are resolved by the commissioning app, which sits above delivery (its awards pay
for the plan's actions): it names its resolver in its AppConfig's `plan_reference_kinds`.

A reference that points at nothing is an error, so a published update never prints a dead
link. Public pages (the plan update) get links only to public pages: a review resolves to
"ASB Case Review" and the public annual figures, never to the case; an action or a funding
line gets no link at all.

The formats:
    measure:<framework-slug>/<measure-id>   a measure of that framework of the plan's force
    measure:<measure-id>                    a measure of any framework of the plan's force
    funding:<position>                      the plan's funding line (1 is the first)
    award:<award reference>                 a grant award, by its application's reference
    review:<case review reference>          an ASB Case Review, by its reference
    action:<action id>                      an action of the plan
    https://…                               a web address
    /…                                      a page of this site
"""

import tomllib
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from .models import Plan

KINDS = ("measure", "funding", "award", "review", "action")


class UnresolvedReference(ValueError):
    """A reference that does not resolve, with the reason in plain words."""

    def __init__(self, reference: str, reason: str) -> None:
        self.reference, self.reason = reference, reason
        super().__init__(f"{reference!r}: {reason}")


class ResolvedReference(NamedTuple):
    """The words a page prints for a reference and where it links ("" for no link)."""

    label: str
    url: str


# A kind resolved by an app above delivery, which delivery cannot import (that app imports
# delivery): (reference, target, *, public) -> ResolvedReference, raising UnresolvedReference.
type ProvidedResolver = Callable[..., ResolvedReference]


def provided_resolver(kind: str) -> ProvidedResolver | None:
    """The resolver an installed app provides for `kind`: the app's AppConfig names it, by
    dotted path, in `plan_reference_kinds` ({kind: path}); None when no app does."""
    for config in apps.get_app_configs():
        path = getattr(config, "plan_reference_kinds", {}).get(kind)
        if path:
            resolver: ProvidedResolver = import_string(path)
            return resolver
    return None


def framework_measures(plan: "Plan") -> dict[str, dict[str, str]]:
    """Measure id to name for each framework of the plan's force, read from each framework's
    latest saved definition (read once per page or report and passed to `resolve_reference`)."""
    from crimeplan.performance.models import FrameworkVersion

    latest: dict[int, FrameworkVersion] = {}
    versions = FrameworkVersion.objects.filter(framework__force__police_uk_id=plan.force_id)
    for version in versions.select_related("framework"):
        held = latest.get(version.framework_id)
        if held is None or version.number > held.number:
            latest[version.framework_id] = version
    frameworks: dict[str, dict[str, str]] = {}
    for version in latest.values():
        try:
            definition = tomllib.loads(version.toml)
        except tomllib.TOMLDecodeError:
            continue
        measures = definition.get("measures", [])
        frameworks[version.framework.slug] = {
            str(m["id"]): str(m.get("name", m["id"]))
            for m in measures
            if isinstance(m, dict) and "id" in m
        }
    return frameworks


def _measure(
    plan: "Plan",
    reference: str,
    target: str,
    frameworks: dict[str, dict[str, str]] | None = None,
) -> ResolvedReference:
    frameworks = framework_measures(plan) if frameworks is None else frameworks
    slug, _, measure_id = target.rpartition("/")
    if slug:
        if slug not in frameworks:
            raise UnresolvedReference(
                reference, f"{plan.force_id} has no performance framework {slug!r}"
            )
        candidates = [slug]
    else:
        candidates = sorted(frameworks)
    for candidate in candidates:
        if measure_id in frameworks[candidate]:
            url = reverse(
                "performance:measure", kwargs={"slug": candidate, "measure_id": measure_id}
            )
            return ResolvedReference(frameworks[candidate][measure_id], url)
    where = f"framework {slug!r}" if slug else f"any framework of {plan.force_id}"
    raise UnresolvedReference(reference, f"no measure {measure_id!r} in {where}")


def _funding(plan: "Plan", reference: str, target: str) -> ResolvedReference:
    from .models import FundingItem

    if not target.isdigit() or int(target) < 1:
        raise UnresolvedReference(reference, "give the funding line's number, counting from 1")
    lines = list(FundingItem.objects.filter(plan=plan).order_by("position", "pk"))
    if int(target) > len(lines):
        raise UnresolvedReference(reference, f"the plan has {len(lines)} funding lines")
    return ResolvedReference(str(lines[int(target) - 1]), "")


def _award(reference: str, target: str, *, public: bool) -> ResolvedReference:
    resolve = provided_resolver("award")
    if resolve is None:
        raise UnresolvedReference(reference, "grant awards are not part of this site")
    return resolve(reference, target, public=public)


def _review(reference: str, target: str, *, public: bool) -> ResolvedReference:
    from crimeplan.asb_reviews.models import CaseReview

    review = CaseReview.objects.filter(reference=target).first() if target else None
    if review is None:
        raise UnresolvedReference(reference, f"no ASB Case Review has the reference {target!r}")
    if public:
        # The case is never linked from a public page; the annual figures are public.
        return ResolvedReference("ASB Case Review", reverse("asb_reviews:figures"))
    return ResolvedReference(
        f"ASB Case Review {review.reference}",
        reverse("asb_reviews:case_detail", args=[review.pk]),
    )


def _action(plan: "Plan", reference: str, target: str, *, public: bool) -> ResolvedReference:
    from .models import Action

    action = (
        Action.objects.filter(pk=int(target), commitment__priority__plan=plan).first()
        if target.isdigit()
        else None
    )
    if action is None:
        raise UnresolvedReference(reference, f"the plan has no action {target!r}")
    url = "" if public else reverse("delivery:action_detail", args=[action.pk])
    return ResolvedReference(action.title, url)


def reference_syntax_error(reference: str) -> str | None:
    """Why the text is not a reference in one of the formats, or None when it is one (it may
    still point at nothing: `resolve_reference` looks it up)."""
    reference = reference.strip()
    if any(c.isspace() for c in reference):
        return "holds a space"
    if reference.startswith("https://"):
        return None if len(reference) > len("https://") else "is not a web address"
    if reference.startswith("/"):
        return "is not a path of this site" if reference.startswith("//") else None
    kind, colon, target = reference.partition(":")
    if not colon or kind not in KINDS:
        return (
            "must be an https:// address, a site path starting with /, or start with "
            + ", ".join(f"{k}:" for k in KINDS)
        )
    if not target:
        return f"names no {kind}"
    if kind in {"funding", "action"} and not (target.isdigit() and int(target) >= 1):
        return f"must be {kind}: and a number"
    return None


def resolve_reference(
    reference: str,
    *,
    plan: "Plan",
    public: bool = True,
    frameworks: dict[str, dict[str, str]] | None = None,
) -> ResolvedReference:
    """The label and link of one reference of `plan`'s items; `public` for a page anyone
    may read. Raises UnresolvedReference when the reference points at nothing."""
    reference = reference.strip()
    problem = reference_syntax_error(reference)
    if problem:
        raise UnresolvedReference(reference, problem)
    if reference.startswith("https://"):
        return ResolvedReference(reference.removeprefix("https://").rstrip("/"), reference)
    if reference.startswith("/"):
        return ResolvedReference(reference, reference)
    kind, _, target = reference.partition(":")
    if kind == "measure":
        return _measure(plan, reference, target, frameworks)
    if kind == "funding":
        return _funding(plan, reference, target)
    if kind == "award":
        return _award(reference, target, public=public)
    if kind == "review":
        return _review(reference, target, public=public)
    return _action(plan, reference, target, public=public)


def reference_errors(
    references: list[str],
    *,
    plan: "Plan",
    frameworks: dict[str, dict[str, str]] | None = None,
) -> list[str]:
    """Why each reference that does not resolve fails, in the order given."""
    errors = []
    for reference in references:
        try:
            resolve_reference(reference, plan=plan, public=False, frameworks=frameworks)
        except UnresolvedReference as error:
            errors.append(str(error))
    return errors


def plan_reference_errors(*, plan: "Plan") -> list[str]:
    """Every reference of the plan's items that does not resolve, naming its priority and
    item (a plan file may be imported before the measures or awards it names exist)."""
    from .models import PriorityItem

    errors = []
    frameworks = framework_measures(plan)
    items = PriorityItem.objects.filter(priority__plan=plan).select_related("priority")
    for item in items.order_by("priority__position", "kind", "position"):
        for problem in reference_errors(list(item.references), plan=plan, frameworks=frameworks):
            errors.append(
                f"{item.priority.code}, {item.get_kind_display()} item {item.position} "
                f"({item.text[:60]}): {problem}"
            )
    return errors


def references_for_page(
    references: list[str],
    *,
    plan: "Plan",
    public: bool,
    frameworks: dict[str, dict[str, str]] | None = None,
) -> list[ResolvedReference]:
    """Each reference's label and link for a page; one that no longer resolves is shown as
    written, unlinked, and marked, rather than breaking the page. A page listing many items
    passes `frameworks` (read once) so the measures are not read again for each reference."""
    resolved = []
    for reference in references:
        try:
            resolved.append(
                resolve_reference(reference, plan=plan, public=public, frameworks=frameworks)
            )
        except UnresolvedReference as error:
            resolved.append(
                ResolvedReference(f"{reference} (does not resolve: {error.reason})", "")
            )
    return resolved
