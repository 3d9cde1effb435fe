"""Reference data for pages and the API."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, Sum

from .models import ComparisonGroup, District, Force, ForcePopulation


def force_list() -> QuerySet[Force]:
    return Force.objects.filter(disabled_on__isnull=True).prefetch_related(
        Prefetch("populations", queryset=ForcePopulation.objects.order_by("-year")),
        Prefetch("comparison_group", queryset=ComparisonGroup.objects.prefetch_related("members")),
    )


@dataclass(frozen=True)
class DistrictSummary:
    district: District
    lsoa_count: int
    population_2021: int


def district_summaries(*, force: Force) -> list[DistrictSummary]:
    rows = (
        District.objects.filter(force=force)
        .annotate(population=Sum("lsoas__population_2021"))
        .order_by("name")
    )
    return [
        DistrictSummary(district=d, lsoa_count=d.lsoas.count(), population_2021=d.population or 0)
        for d in rows
    ]


def shows_forces(viewer: object) -> bool:
    """The "Forces and areas" menu entry: reference data, open to everyone."""
    return True
