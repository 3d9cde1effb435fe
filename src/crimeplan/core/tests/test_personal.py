"""Every model declares its personal and secret fields once, and the history tables are built
from those declarations, so a new model or field cannot escape them unnoticed."""

import re

import pytest
from django.apps import apps
from django.db import models

from crimeplan.core.personal import (
    REMOVED,
    declared_models,
    erase_personal_values,
    history_excluded,
    protected_fields,
    scrub,
)

# Names that say a field holds a person's details or a secret.
LOOKS_PERSONAL = re.compile(
    r"(^|_)(email|phone|address|postcode|birth|custody_number|reported_by|ip|user_agent"
    r"|token|secret|password)($|_)|[a-z]_name$"
)
# Fields whose names look personal but are not, and why.
NOT_PERSONAL = {
    ("accounts.Organisation", "email"): "an organisation's contact address, not a person's",
    ("accounts.Organisation", "phone"): "an organisation's switchboard",
    ("accounts.Organisation", "address"): "an organisation's office",
    ("geography.Force", "short_name"): "a police force",
    ("geography.Force", "home_office_name"): "a police force",
    ("delivery.Evidence", "original_name"): "evidence of an organisation's work, published",
    ("delivery.Evidence", "stored_name"): "a generated file name",
    ("commissioning.Application", "organisation_name"): "the applicant organisation",
}


def _crimeplan_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("crimeplan.")
        and not model._meta.label.split(".")[1].startswith("Historical")
    ]


def test_fields_that_look_personal_are_declared() -> None:
    undeclared = [
        f"{model._meta.label}.{field.name}"
        for model in _crimeplan_models()
        for field in model._meta.concrete_fields
        if (
            isinstance(field, (models.EmailField, models.GenericIPAddressField))
            or LOOKS_PERSONAL.search(field.name)
        )
        and field.name not in protected_fields(model)
        and (model._meta.label, field.name) not in NOT_PERSONAL
    ]
    assert undeclared == []


def test_the_records_the_issue_names_declare_their_people() -> None:
    expected = {
        "asb_reviews.CaseReview": {"applicant_name", "applicant_email", "victim_name"},
        "asb_reviews.CaseEvent": {"note"},
        "commissioning.Application": {"contact_name", "contact_email", "resume_token"},
        "commissioning.Attachment": {"file", "original_name"},
        "scrutiny.Volunteer": {"full_name", "email", "phone", "vetted_on"},
        "scrutiny.DetaineeCheck": {"custody_number", "concerns"},
        "scrutiny.VisitIssue": {"description", "response"},
        "accounts.User": {"email", "full_name", "password"},
    }
    for label, names in expected.items():
        assert names <= protected_fields(apps.get_model(label)), label


def test_every_declared_name_is_a_field_of_its_model() -> None:
    for model in declared_models():
        names = {field.name for field in model._meta.concrete_fields}
        assert protected_fields(model) <= names, model._meta.label


def test_no_history_table_holds_a_personal_or_secret_field() -> None:
    checked = 0
    for model in _crimeplan_models():
        history = getattr(model, "history", None)
        if history is None or not protected_fields(model):
            continue
        kept = {field.name for field in history.model._meta.concrete_fields}
        assert kept & protected_fields(model) == set(), model._meta.label
        checked += 1
    assert checked >= 14  # the declared models with history, so the loop cannot pass empty


def test_history_excluded_is_the_union_of_the_declarations() -> None:
    assert history_excluded(frozenset({"b", "a"}), frozenset({"c"})) == ["a", "b", "c"]


def test_scrub_removes_values_whatever_their_case_longest_first() -> None:
    text = "Call ADA Lovelace or Ada about ada.lovelace@example.org"
    scrubbed = scrub(text, {"Ada Lovelace", "Lovelace", "ada.lovelace@example.org"})
    assert scrubbed == f"Call {REMOVED} or Ada about {REMOVED}"


@pytest.mark.django_db
def test_erasing_clears_each_kind_of_field_and_is_idempotent(reference: None) -> None:
    from crimeplan.scrutiny.tests.factories import VolunteerFactory

    volunteer = VolunteerFactory(
        full_name="Zebedee Quarmby", email="zq@example.net", phone="07700 900123"
    )
    volunteer.availability = ["5:night"]
    erased = erase_personal_values(volunteer, placeholder="[erased]")
    volunteer.save()
    volunteer.refresh_from_db()
    assert {"full_name", "email", "phone", "availability"} <= set(erased)
    assert (volunteer.full_name, volunteer.email, volunteer.phone) == ("[erased]", "", "")
    assert volunteer.availability == []
    assert erase_personal_values(volunteer, placeholder="[erased]") == []


def test_no_contact_detail_reaches_the_applications_log() -> None:
    """A mail server's refusal quotes the address it refused; the configured handler (every
    logger reaches it) writes neither that nor a phone number in a message."""
    import io
    import logging
    import smtplib

    handlers = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    assert handlers, "settings.LOGGING has no console handler on the root logger"
    written = io.StringIO()
    previous = [handler.setStream(written) for handler in handlers]  # type: ignore[attr-defined]
    try:
        logger = logging.getLogger("crimeplan.commissioning.reminders")
        try:
            raise smtplib.SMTPRecipientsRefused({"perpetua.glossop@example.net": (550, b"No")})
        except smtplib.SMTPRecipientsRefused:
            logger.exception("Reminder for award %s not sent", 7)
        logger.warning("Could not text %s", "07700 900461")
    finally:
        for handler, stream in zip(handlers, previous, strict=True):
            handler.setStream(stream)  # type: ignore[attr-defined]
    log = written.getvalue()
    assert "Reminder for award 7 not sent" in log and "SMTPRecipientsRefused" in log
    assert "glossop" not in log and "900461" not in log
    assert f"Could not text {REMOVED}" in log
