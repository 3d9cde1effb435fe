"""The delivery pages in the permission matrix (see crimeplan.core.tests.matrix)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.matrix import OPCC, PUBLIC, Row
from crimeplan.core.tests.world import World
from crimeplan.delivery import report, revisions, services
from crimeplan.delivery.models import Action, Evidence, Milestone, Plan, PublicUpdate
from crimeplan.delivery.permissions import PLAN_EDITOR_ROLES, READ_ROLES

from .factories import (
    ActionFactory,
    CommitmentFactory,
    MilestoneFactory,
    PlanFactory,
    PriorityFactory,
)

READ = frozenset(READ_ROLES)
EDITORS = frozenset(PLAN_EDITOR_ROLES)
OWN_READERS = OPCC | {Role.PARTNER_EDITOR, Role.PARTNER_VIEWER, Role.PANEL_MEMBER}
OTHER_READERS = OPCC | {Role.PANEL_MEMBER}
OWN_EDITORS = EDITORS | {Role.PARTNER_EDITOR}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SLUG = "matrix-plan"


def _plan(world: World) -> Plan:
    plan = Plan.objects.filter(slug=SLUG).first()
    if plan is not None:
        return plan
    # The test world's organisations are named with these (a published report expands them).
    glossary = {"CSP": "Community Safety Partnership", "OPCC": "Office of the PCC"}
    plan = PlanFactory(slug=SLUG, glossary=glossary)
    commitment = CommitmentFactory(priority=PriorityFactory(plan=plan, code="CSC"))
    for name, owner in (("own", world.csp_own), ("other", world.csp_other)):
        action = ActionFactory(
            commitment=commitment, title=f"{name} action", owner_organisation=owner
        )
        MilestoneFactory(action=action, title=f"{name} milestone")
        services.progress_update_add(
            action=action,
            actor=None,
            reported_on=action.start_date,
            status=action.status,
            summary="Started.",
            files=[SimpleUploadedFile(f"{name}.png", PNG)],
        )
    return plan


def _action(world: World, name: str) -> Action:
    _plan(world)
    return Action.objects.get(title=f"{name} action")


def _public_update(world: World) -> dict[str, object]:
    action = _action(world, "other")
    update = action.public_updates.filter(withdrawn_on__isnull=True).first()
    if update is None:
        update = PublicUpdate.objects.create(
            action=action, published_on=action.start_date, text="Lights mended."
        )
    return {"pk": update.pk}


def _milestone(world: World, name: str) -> Milestone:
    return _action(world, name).milestones.get()


def _evidence(world: World, name: str) -> Evidence:
    return Evidence.objects.get(update__action=_action(world, name))


def _published(world: World) -> dict[str, object]:
    plan = _plan(world)
    published = plan.published_reports.first() or report.report_publish(plan=plan, actor=None)
    return {"slug": plan.slug, "version": published.version}


def _revision(world: World) -> dict[str, object]:
    plan = _plan(world)
    if not plan.revisions.exists():
        revisions.revision_create(plan=plan, spec=services.plan_spec(plan=plan), actor=None)
    return {"slug": plan.slug, "number": plan.revisions.first().number}


def _slug(world: World) -> dict[str, object]:
    return {"slug": _plan(world).slug}


ROWS: list[Row] = [
    Row("delivery:plan_list", READ),
    Row("delivery:plan_import", EDITORS),
    Row("delivery:plan_detail", READ, _slug),
    Row("delivery:priority_detail", READ, lambda w: {"slug": _plan(w).slug, "code": "CSC"}),
    Row("delivery:priority_edit", EDITORS, lambda w: {"slug": _plan(w).slug, "code": "CSC"}),
    Row("delivery:plan_content_edit", EDITORS, _slug),
    Row("delivery:revision_list", READ, _slug),
    Row("delivery:revision_detail", READ, lambda w: _revision(w)),
    Row("delivery:action_list", READ, _slug),
    Row("delivery:action_create", EDITORS, _slug),
    Row("delivery:action_export", READ, lambda w: _slug(w) | {"file_format": "csv"}),
    Row("delivery:timeline", READ, _slug),
    Row("delivery:timeline_export", READ, lambda w: _slug(w) | {"file_format": "xlsx"}),
    Row("delivery:plan_export", OPCC, lambda w: _slug(w) | {"file_format": "toml"}),
    Row("delivery:report_preview", OPCC, _slug),
    Row("delivery:report_pdf_export", OPCC, _slug),
    Row("delivery:report_publish", EDITORS, _slug),
    Row("delivery:report_welsh", EDITORS, _slug),
    Row(
        "delivery:report_publish",
        EDITORS,
        _slug,
        method="post",
        ok_status=302,
        label="post",
        # The matrix plan's priorities show no figures: publishing them is confirmed.
        data={"without_figures": "yes"},
    ),
    Row("delivery:action_detail", OWN_READERS, lambda w: {"pk": _action(w, "own").pk}, label="own"),
    Row(
        "delivery:action_detail",
        OTHER_READERS,
        lambda w: {"pk": _action(w, "other").pk},
        label="other",
    ),
    Row("delivery:action_edit", OWN_EDITORS, lambda w: {"pk": _action(w, "own").pk}, label="own"),
    Row("delivery:action_edit", EDITORS, lambda w: {"pk": _action(w, "other").pk}, label="other"),
    Row("delivery:update_add", OWN_EDITORS, lambda w: {"pk": _action(w, "own").pk}, label="own"),
    Row("delivery:update_add", EDITORS, lambda w: {"pk": _action(w, "other").pk}, label="other"),
    Row("delivery:public_update_add", EDITORS, lambda w: {"pk": _action(w, "own").pk}),
    Row(
        "delivery:public_update_withdraw",
        EDITORS,
        _public_update,
        method="post",
        ok_status=302,
    ),
    Row("delivery:milestone_add", OWN_EDITORS, lambda w: {"pk": _action(w, "own").pk}, label="own"),
    Row("delivery:milestone_add", EDITORS, lambda w: {"pk": _action(w, "other").pk}, label="other"),
    Row(
        "delivery:milestone_edit",
        OWN_EDITORS,
        lambda w: {"pk": _milestone(w, "own").pk},
        label="own",
    ),
    Row(
        "delivery:milestone_edit",
        EDITORS,
        lambda w: {"pk": _milestone(w, "other").pk},
        label="other",
    ),
    Row(
        "delivery:evidence_export",
        OWN_READERS,
        lambda w: {"pk": _evidence(w, "own").pk},
        label="own",
    ),
    Row(
        "delivery:evidence_export",
        OTHER_READERS,
        lambda w: {"pk": _evidence(w, "other").pk},
        label="other",
    ),
    Row("delivery:published_list", PUBLIC),
    Row("delivery:published_detail", PUBLIC, _published),
    Row("delivery:published_pdf_export", PUBLIC, _published),
    Row("api:delivery_action_list", READ, _slug),
]
