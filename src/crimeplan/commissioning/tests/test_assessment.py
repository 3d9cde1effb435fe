"""The assessment rules taken out of the pages: the score form, what of the panel's scores each
viewer sees, and the save-and-return e-mail."""

import pytest
from django.core import mail

from crimeplan.accounts.constants import Role
from crimeplan.accounts.permissions import viewer_for
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.commissioning import selectors, services
from crimeplan.commissioning.forms import ScoreForm

from .factories import ApplicationFactory, CriterionFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _criteria():  # type: ignore[no-untyped-def]
    round_ = RoundFactory()
    need = CriterionFactory(round=round_, name="Need", max_score=5)
    value = CriterionFactory(round=round_, name="Value", max_score=3)
    return need, value


def test_the_score_form_takes_whole_numbers_and_keeps_comments_as_typed() -> None:
    need, value = _criteria()
    form = ScoreForm(
        {
            f"criterion_{need.pk}": " 4 ",
            f"comment_{need.pk}": "  Clear need ",
            f"criterion_{value.pk}": "0",
        },
        criteria=[need, value],
    )
    assert form.is_valid(), form.errors
    assert form.scores() == {need.pk: (4, "  Clear need "), value.pk: (0, "")}
    assert form.general_errors() == []


@pytest.mark.parametrize("typed", ["", "  ", "four", "-1", "2.5", "+3", "²", "1\x00"])
def test_the_score_form_refuses_what_is_not_a_whole_number_with_the_criterion_s_range(
    typed: str,
) -> None:
    need, value = _criteria()
    form = ScoreForm(
        {f"criterion_{need.pk}": typed, f"criterion_{value.pk}": "2"}, criteria=[need, value]
    )
    assert not form.is_valid()
    assert form.errors == {f"criterion_{need.pk}": ["Score Need from 0 to 5"]}
    rows = form.rows()
    assert rows[0] == (need, typed.strip(), "", "Score Need from 0 to 5")
    assert rows[1] == (value, "2", "", None)


def test_a_score_above_the_highest_is_the_service_s_error_on_the_criterion() -> None:
    """The form takes any whole number; the range is the service's rule, whose error the page
    puts on the criterion's field."""
    need, value = _criteria()
    form = ScoreForm(
        {f"criterion_{need.pk}": "9", f"criterion_{value.pk}": "3"}, criteria=[need, value]
    )
    assert form.is_valid()
    assert form.scores()[need.pk] == (9, "")


def test_the_score_form_shows_earlier_scores_and_its_general_errors() -> None:
    need, value = _criteria()
    form = ScoreForm(
        initial={f"criterion_{need.pk}": "3", f"comment_{need.pk}": "Fair"},
        criteria=[need, value],
    )
    assert not form.is_bound
    assert form.rows() == [(need, "3", "Fair", None), (value, "", "", None)]
    posted = ScoreForm({f"criterion_{need.pk}": "1", f"criterion_{value.pk}": "1"}, criteria=[need])
    assert posted.is_valid()
    posted.add_error(None, "You are not on this round's panel")
    assert posted.general_errors() == ["You are not on this round's panel"]


def test_panel_members_see_only_their_own_scores_and_staff_see_all_with_the_mean() -> None:
    opcc = OrganisationFactory()
    application = ApplicationFactory()
    criterion = CriterionFactory(round=application.round, max_score=4)
    first, second = (member(Role.GRANT_ASSESSOR, opcc) for _ in range(2))
    for person, score in ((first, 4), (second, 2)):
        services.panel_member_add(actor=None, round=application.round, user=person)
        services.scores_record(
            application=application, assessor=person, scores={criterion.pk: (score, "")}
        )
    staff = member(Role.OPCC_COMMISSIONING, opcc)

    rows, mean = selectors.assessment_for(application, viewer=viewer_for(staff))
    assert sorted(r.assessor_id for r in rows) == sorted([first.pk, second.pk])
    assert str(mean) == "75.00"

    rows, mean = selectors.assessment_for(application, viewer=viewer_for(first))
    assert [(r.assessor_id, r.scores) for r in rows] == [(first.pk, {criterion.pk: 4})]
    assert mean is None

    outsider = member(Role.GRANT_ASSESSOR, opcc)
    assert selectors.assessment_for(application, viewer=viewer_for(outsider)) == ([], None)


def test_own_scores_are_one_assessor_s_scores_of_one_application() -> None:
    opcc = OrganisationFactory()
    application = ApplicationFactory()
    other = ApplicationFactory(round=application.round)
    criterion = CriterionFactory(round=application.round)
    first, second = (member(Role.GRANT_ASSESSOR, opcc) for _ in range(2))
    for person in (first, second):
        services.panel_member_add(actor=None, round=application.round, user=person)
        for each in (application, other):
            services.scores_record(
                application=each, assessor=person, scores={criterion.pk: (3, "ok")}
            )
    mine = selectors.own_scores(application, assessor_id=first.pk)
    assert [(s.application_id, s.assessor_id) for s in mine] == [(application.pk, first.pk)]
    assert not selectors.own_scores(application, assessor_id=None).exists()


def test_the_return_link_is_e_mailed_to_the_applicant(settings) -> None:  # type: ignore[no-untyped-def]
    application = ApplicationFactory(contact_email="sam@example.org")
    link = "https://grants.example/grants/apply/secret/check/"
    assert services.resume_link_send(application=application, link=link)
    (sent,) = mail.outbox
    assert sent.to == ["sam@example.org"]
    assert sent.subject == "Your grant application: the link to return to it"
    assert link in sent.body and str(application.round) in sent.body


def test_a_refused_return_link_is_false_not_an_error(settings) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.core.tests.refusing_mail import REFUSING

    settings.MAILERS = REFUSING
    application = ApplicationFactory(contact_email="nobody@example.invalid")
    assert not services.resume_link_send(application=application, link="https://x.example/")
