"""Issue 22, item 10: one date input everywhere, the GOV.UK one (day, month and year in three
boxes), with impossible dates refused by name."""

import datetime

import pytest
from django import forms
from django.template import Context, Template

from crimeplan.commissioning.forms import PaymentForm
from crimeplan.core.forms import GovukDateInput, date_parts, day_month_year_field


class When(forms.Form):
    held_on = day_month_year_field("Date held", example="27 3 2026", hint="For example, 27 3 2026")


def _clean(data: dict[str, str]) -> tuple[bool, object]:
    form = When(data)
    valid = form.is_valid()
    return valid, form.cleaned_data.get("held_on") if valid else form.errors["held_on"][0]


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("27", "3", "2026", datetime.date(2026, 3, 27)),
        ("07", "03", "2026", datetime.date(2026, 3, 7)),
        (" 1 ", "12", "2025", datetime.date(2025, 12, 1)),
        ("29", "2", "2024", datetime.date(2024, 2, 29)),
    ],
)
def test_three_boxes_make_a_date(day: str, month: str, year: str, expected: datetime.date) -> None:
    assert _clean({"held_on_day": day, "held_on_month": month, "held_on_year": year}) == (
        True,
        expected,
    )


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("31", "2", "2026"),  # no 31 February
        ("29", "2", "2025"),  # not a leap year
        ("12", "13", "2026"),
        ("12", "3", "26"),  # a year of two figures
        ("12", "", "2026"),  # a part missing
        ("twelve", "3", "2026"),
        ("0", "3", "2026"),
        ("99999999999999999999", "3", "2026"),  # too large for a date: refused, never a 500
        ("²", "3", "2026"),  # a digit to str.isdigit, not to int
        ("-1", "3", "2026"),
    ],
)
def test_an_impossible_date_is_refused_naming_the_field(day: str, month: str, year: str) -> None:
    valid, error = _clean({"held_on_day": day, "held_on_month": month, "held_on_year": year})
    assert not valid
    assert error == "Enter the date held as a real date, for example 27 3 2026"


def test_empty_boxes_are_a_missing_date_and_a_whole_date_is_taken_as_sent() -> None:
    assert _clean({"held_on_day": "", "held_on_month": "", "held_on_year": ""}) == (
        False,
        "Enter the date held",
    )
    assert _clean({"held_on": "2026-03-27"}) == (True, datetime.date(2026, 3, 27))
    assert GovukDateInput().value_omitted_from_data({}, {}, "held_on")
    assert not GovukDateInput().value_omitted_from_data({"held_on_year": ""}, {}, "held_on")


def test_the_boxes_show_what_was_typed_after_an_error() -> None:
    form = When({"held_on_day": "31", "held_on_month": "2", "held_on_year": "2026"})
    assert not form.is_valid()
    assert date_parts(form["held_on"].value()) == {"day": "31", "month": "2", "year": "2026"}
    partial = When({"held_on_day": "12", "held_on_month": "", "held_on_year": "2026"})
    assert date_parts(partial["held_on"].value()) == {"day": "12", "month": "", "year": "2026"}
    assert date_parts(datetime.date(2026, 3, 7)) == {"day": "7", "month": "3", "year": "2026"}


def test_the_field_is_a_fieldset_of_three_labelled_boxes() -> None:
    form = When({"held_on_day": "31", "held_on_month": "2", "held_on_year": "2026"})
    form.is_valid()
    html = Template("{% load govuk %}{% govuk_field form.held_on %}").render(
        Context({"form": form})
    )
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date held' in html
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        assert f'for="id_held_on_{part}"' in html
        assert f'name="held_on_{part}"' in html
        assert f"govuk-input--width-{width} govuk-input--error" in html
    assert 'value="31"' in html and 'aria-describedby="id_held_on-hint id_held_on-error"' in html
    anchor = Template("{% load govuk %}{{ form.held_on|govuk_anchor }}").render(
        Context({"form": form})
    )
    assert anchor == "id_held_on_day"


def test_every_form_date_uses_the_one_date_input() -> None:
    """No date field of any form is left with a box of its own (type=date, or typed text)."""
    import importlib

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("crimeplan."):
            continue
        for module_name in ("forms", "forms.staff", "forms.public", "forms.apply"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for name, value in vars(module).items():
                if isinstance(value, type) and issubclass(value, forms.BaseForm):
                    for field_name, field in value.base_fields.items():
                        if isinstance(field, forms.DateField) and not isinstance(
                            field.widget, GovukDateInput
                        ):
                            found.append(f"{module.__name__}.{name}.{field_name}")
    assert found == []
    assert isinstance(PaymentForm.base_fields["paid_on"].widget, GovukDateInput)
