"""What commissioning provides to the apps below it, which may not import it.

The delivery plan's `award:<reference>` items are resolved here (delivery sits below
commissioning, whose awards pay for the plan's actions); `CommissioningConfig` names
`resolve_award_reference` in its `plan_reference_kinds`, which delivery's references read.
"""

from django.urls import reverse

from crimeplan.delivery.references import ResolvedReference, UnresolvedReference

from .models import Award


def resolve_award_reference(reference: str, target: str, *, public: bool) -> ResolvedReference:
    """A grant award by its application's reference: its title, linked to the public list of
    grants (once published) on a public page, or to the award itself for staff."""
    award = Award.objects.filter(application__reference=target).first()
    if award is None:
        raise UnresolvedReference(reference, f"no grant award has the reference {target!r}")
    if public:
        url = reverse("commissioning:public_grants") if award.published else ""
        return ResolvedReference(award.title, url)
    return ResolvedReference(award.title, reverse("commissioning:award_detail", args=[award.pk]))
