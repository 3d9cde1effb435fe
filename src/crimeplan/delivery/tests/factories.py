"""Factories for delivery plans. `plan_from_fixture` loads the real Gloucestershire plan."""

import datetime
from pathlib import Path

import factory
from django.conf import settings

from crimeplan.accounts.tests.factories import OrganisationFactory
from crimeplan.delivery import planfile, services
from crimeplan.delivery.constants import ActionStatus, ItemKind
from crimeplan.delivery.models import (
    Action,
    Commitment,
    Milestone,
    Plan,
    Priority,
    PriorityItem,
)

PLAN_FIXTURE = (
    Path(settings.CRIMEPLAN_SHARED_DATA).parent
    / "fixtures"
    / "plan"
    / "gloucestershire-2021-25.toml"
)
SNAPSHOT_FIXTURE = (
    Path(settings.CRIMEPLAN_SHARED_DATA).parent
    / "fixtures"
    / "performance"
    / "crime_measures_2019_vs_sep2023.csv"
)


def plan_from_fixture(*, slug: str = "gloucestershire-2021-25") -> Plan:
    existing = Plan.objects.filter(slug=slug).first()
    if existing:
        return existing
    spec = planfile.read_plan_file(PLAN_FIXTURE, slug=slug)
    spec.slug = slug
    return services.plan_import(spec=spec, actor=None, file=PLAN_FIXTURE.name)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"plan-{n}")
    name = factory.Sequence(lambda n: f"Test plan {n}")
    force_id = "gloucestershire"
    term_start = datetime.date(2021, 5, 1)
    term_end = datetime.date(2025, 3, 1)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    title = factory.Sequence(lambda n: f"Priority {n}")
    aim = "An aim"
    position = factory.Sequence(lambda n: n + 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    priority = factory.SubFactory(PriorityFactory)
    text = factory.Sequence(lambda n: f"Commitment {n}")
    position = factory.Sequence(lambda n: n + 1)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    commitment = factory.SubFactory(CommitmentFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner_organisation = factory.SubFactory(OrganisationFactory)
    start_date = datetime.date(2024, 1, 1)
    due_date = datetime.date(2025, 3, 31)
    status = ActionStatus.ON_TRACK


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = datetime.date(2024, 6, 30)


class PriorityItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityItem

    priority = factory.SubFactory(PriorityFactory)
    kind = ItemKind.DELIVERED
    text = factory.Sequence(lambda n: f"Item {n}")
    position = factory.Sequence(lambda n: n + 1)


def framework_with_measures(
    *, slug: str, force_id: str = "gloucestershire", measures: dict[str, str]
) -> object:
    """A performance framework whose latest saved definition lists `measures` (id → name):
    all that a delivery reference reads of it."""
    from crimeplan.geography.models import Force
    from crimeplan.performance.models import Framework, FrameworkVersion

    framework = Framework.objects.create(slug=slug, force=Force.objects.get(police_uk_id=force_id))
    toml = "".join(
        f'[[measures]]\nid = "{measure_id}"\nname = "{name}"\n'
        for measure_id, name in measures.items()
    )
    FrameworkVersion.objects.create(framework=framework, number=1, name=slug, toml=toml)
    return framework
