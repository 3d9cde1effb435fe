"""The findings contract: modules declare a findings function and announce changes, and
whoever listens receives exactly what was announced."""

import datetime

import pytest
from django.utils.module_loading import import_string

from crimeplan.core import findings, plugins
from crimeplan.core.findings import Finding


@pytest.mark.django_db
def test_announce_reaches_a_receiver_with_the_finding_and_sender() -> None:
    # Every installed receiver hears it too (the tracker, when installed): a withdrawn finding
    # of a module's source, which a tracker that never held it leaves absent.
    received: list[tuple[str, Finding]] = []

    def receiver(sender: str, finding: Finding, **kwargs: object) -> None:
        received.append((sender, finding))

    findings.finding_announced.connect(receiver, weak=False)
    try:
        finding = Finding(
            source="scrutiny_panel",
            key="example-7",
            title="Example finding 7",
            url="/example/7/",
            due_on=datetime.date(2026, 12, 1),
            withdrawn=True,
        )
        findings.announce(finding, sender="example_app")
    finally:
        findings.finding_announced.disconnect(receiver)
    assert received == [("example_app", finding)]


def test_sources_are_the_modules_that_declare_findings() -> None:
    declared = {config.label for config in plugins.modules() if config.findings is not None}
    assert {label for label, _function in findings.sources()} == declared
    for config in plugins.modules():
        if config.findings is not None:
            assert callable(import_string(config.findings)), config.label
