"""`audited_change` and `audited_delete`: the one way services record a change, writing the
event `audit_change` writes from a snapshot taken before, and keeping personal values out."""

import pytest

from crimeplan.accounts.models import Organisation, User
from crimeplan.accounts.tests.factories import OrganisationFactory, UserFactory
from crimeplan.audit.constants import AuditAction
from crimeplan.audit.models import AuditEvent
from crimeplan.audit.services import (
    audit_change,
    audit_snapshot,
    audited_change,
    audited_delete,
)

pytestmark = pytest.mark.django_db

EVENT_FIELDS = ("action", "object_type", "object_id", "summary", "before", "after", "changed")


def _fields(event: AuditEvent | None) -> dict[str, object]:
    assert event is not None
    return {name: getattr(event, name) for name in EVENT_FIELDS}


def test_it_writes_the_event_the_hand_written_block_wrote() -> None:
    actor = UserFactory()
    one, two = OrganisationFactory(), OrganisationFactory()
    before = audit_snapshot(one)
    one.phone = "01234 567890"
    one.save()
    by_hand = audit_change(actor=actor, instance=one, summary="changed", before=before)
    with audited_change(two, actor=actor, summary="changed") as change:
        two.phone = "01234 567890"
        two.save()
    made, expected = _fields(change.event), _fields(by_hand)
    assert made["changed"] == expected["changed"] == ["phone"]
    assert made["action"] == AuditAction.CHANGE
    assert made["before"]["phone"] == "" and made["after"]["phone"] == "01234 567890"  # type: ignore[index]
    assert made["summary"] == expected["summary"]


def test_a_personal_field_is_named_but_its_values_are_never_written() -> None:
    user = UserFactory(full_name="Sam Example")
    with audited_change(user, actor=None, summary="renamed") as change:
        user.full_name = "Sam Other"
        user.save()
    event = change.event
    assert event is not None
    assert "full_name" in event.changed
    assert "full_name" not in (event.before or {}) and "full_name" not in (event.after or {})
    assert "Sam" not in str(event.before) + str(event.after) + event.summary


def test_a_record_not_yet_saved_is_recorded_as_created() -> None:
    organisation = Organisation(name="New CSP", slug="new-csp", kind="csp")
    with audited_change(organisation, actor=None, summary="added") as change:
        assert change.is_new
        organisation.save()
    assert change.event is not None
    assert change.event.action == AuditAction.CREATE
    assert change.event.before is None
    assert "name" in change.event.changed


def test_nothing_is_written_when_the_block_raises_or_skips_or_nothing_changed() -> None:
    organisation = OrganisationFactory()
    count = AuditEvent.objects.count()
    with pytest.raises(ValueError), audited_change(organisation, actor=None, summary="x"):
        raise ValueError
    with audited_change(organisation, actor=None, summary="x") as change:
        change.skip()
    with audited_change(organisation, actor=None, summary="x", only_if_changed=True) as change:
        assert not change.differs()
    assert change.event is None
    assert AuditEvent.objects.count() == count


def test_related_values_summary_and_organisation_set_in_the_block() -> None:
    organisation = OrganisationFactory()
    with audited_change(organisation, actor=None) as change:
        assert change.before is not None
        change.before["members"] = [1]
        change.after_extra["members"] = [1, 2]
        change.summary = "members changed"
        change.organisation_id = organisation.pk
    event = change.event
    assert event is not None
    assert event.changed == ["members"]
    assert event.summary == "members changed" and event.organisation_id == organisation.pk
    assert event.before["members"] == [1] and event.after["members"] == [1, 2]  # type: ignore[index]


def test_stored_takes_the_before_from_the_saved_row() -> None:
    organisation = OrganisationFactory(phone="1")
    form_changed = Organisation.objects.get(pk=organisation.pk)
    form_changed.phone = "2"  # as a ModelForm changes its instance before the service runs
    with audited_change(form_changed, actor=None, summary="x", stored=True) as change:
        form_changed.save()
    assert change.event is not None
    assert change.event.changed == ["phone"]


def test_audited_delete_records_the_record_then_deletes_it() -> None:
    user = UserFactory(full_name="Sam Example")
    pk = user.pk
    event = audited_delete(user, actor=None, summary="removed")
    assert not User.objects.filter(pk=pk).exists()
    assert event is not None
    assert event.action == AuditAction.DELETE and event.object_id == str(pk)
    assert event.after is None and "Sam" not in str(event.before)
    assert "full_name" in event.changed
