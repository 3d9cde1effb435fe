"""A published performance report on a Welsh page: the page's words are Welsh, the report's
own English (its title, measures, aims, comments and notes) is kept as published and marked
lang="en-GB", with a notice that it is English only; the verdicts are translated."""

import pytest
from django.test import override_settings
from django.urls import reverse

from crimeplan.performance.models import Snapshot

from .factories import saved_framework

SLUG = "welsh-plan"

pytestmark = pytest.mark.django_db


@override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])
def test_a_published_report_in_welsh(client, reference) -> None:  # type: ignore[no-untyped-def]
    record, version = saved_framework(SLUG)
    measure = {
        "id": "m1",
        "measure": "Burglary of a home",
        "aim": "reduce",
        "force_baseline": "1,000",
        "force_current": "900",
        "force_change": "-10.0",
        "group_change": "-2.0",
        "change_unit": "%",
        "aim_met": "yes",
        "verdict": "significant improvement",
        "comment": "Fewer burglaries.",
        "chart_summary": "A fall.",
    }
    Snapshot.objects.create(
        framework=record,
        number=1,
        framework_version=version,
        title="Quarterly report",
        document={
            "periods": {"baseline": {"label": "2023"}, "current": {"label": "2024"}},
            # A measure with no verdict (not computed) shows none, in either language.
            "measures": [measure, {**measure, "id": "m2", "verdict": None}],
            "notes": ["Police recorded crime."],
        },
    )
    client.get(reverse("site:language", args=["cy"]))
    listing = client.get(reverse("performance:published_list")).text
    assert "Adroddiadau perfformiad a gyhoeddwyd" in listing
    assert 'lang="en-GB">Quarterly report</a>' in listing
    page = client.get(reverse("performance:published", args=[SLUG, 1])).text
    assert "Adroddiad 1, cyhoeddwyd" in page and "Perfformiad yn erbyn y cynllun" in page
    assert "Gwelliant arwyddocaol" in page and "Ie" in page
    assert "yn Saesneg yn unig ar hyn o bryd" in page
    assert '<section id="measure-m1" lang="en-GB">' in page and "Fewer burglaries." in page
    client.get(reverse("site:language", args=["en-gb"]))
    english = client.get(reverse("performance:published", args=[SLUG, 1])).text
    assert (
        "Significant improvement" in english and 'lang="en-GB"' not in english.split("<main", 1)[1]
    )
