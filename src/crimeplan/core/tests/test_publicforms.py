"""core.publicforms: the honeypot and the allowance every public form uses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from crimeplan.core import publicforms

LIMIT = publicforms.PublicFormLimit("test-form", 2)


def _post(**data: str) -> object:
    request = RequestFactory().post("/form/", data, REMOTE_ADDR="203.0.113.9")
    request.user = AnonymousUser()
    request.session = {}  # type: ignore[assignment]
    return request


def _done() -> HttpResponse:
    return HttpResponse("thank you")


@pytest.mark.django_db
def test_a_person_goes_on_until_the_allowance_is_used() -> None:
    request = _post(name="Sam")
    assert publicforms.refusal(request, limit=LIMIT, as_if_done=_done) is None  # type: ignore[arg-type]
    LIMIT.record(request)  # type: ignore[arg-type]
    LIMIT.record(request)  # type: ignore[arg-type]
    refused = publicforms.refusal(request, limit=LIMIT, as_if_done=_done)  # type: ignore[arg-type]
    assert refused is not None and refused.status_code == 429


def test_a_filled_honeypot_looks_done_and_counts() -> None:
    request = _post(name="Sam", website="http://spam.example")
    answer = publicforms.refusal(request, limit=LIMIT, as_if_done=_done)  # type: ignore[arg-type]
    assert answer is not None and answer.content == b"thank you"
    assert not LIMIT.reached(request)  # type: ignore[arg-type]
    publicforms.refusal(request, limit=LIMIT, as_if_done=_done)  # type: ignore[arg-type]
    assert LIMIT.reached(request)  # type: ignore[arg-type]


def test_allow_counts_every_attempt() -> None:
    request = _post()
    assert [LIMIT.allow(request) for _ in range(3)] == [True, True, False]  # type: ignore[arg-type]


def test_the_limit_may_come_from_a_setting(settings: pytest.FixtureRequest) -> None:
    settings.CRIMEPLAN_TEST_FORM_PER_HOUR = 7  # type: ignore[attr-defined]
    assert publicforms.PublicFormLimit("x", 1, setting="CRIMEPLAN_TEST_FORM_PER_HOUR").limit == 7
    assert publicforms.PublicFormLimit("x", 1, setting="CRIMEPLAN_NOT_SET").limit == 1


def test_the_honeypot_form_knows_a_bot_and_keeps_the_field_out_of_its_data() -> None:
    class Form(publicforms.HoneypotForm):
        pass

    bot = Form({"website": "http://spam.example"})
    person = Form({"website": ""})
    assert bot.is_bot and not person.is_bot
    assert person.is_valid() and publicforms.HONEYPOT_FIELD not in person.cleaned_data
