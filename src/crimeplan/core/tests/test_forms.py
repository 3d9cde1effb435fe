"""A service's ValidationError reaches the form: by field, or at the top of the summary."""

from django import forms
from django.core.exceptions import ValidationError

from crimeplan.core.forms import add_validation_errors


class NameForm(forms.Form):
    name = forms.CharField()


def test_errors_go_on_their_field_or_the_form() -> None:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_validation_errors(form, ValidationError({"name": "taken", "other": "not a field"}))
    assert form.errors["name"] == ["taken"]
    assert form.non_field_errors() == ["not a field"]


def test_an_error_about_the_whole_record_goes_to_the_top() -> None:
    form = NameForm({"name": "x"})
    assert form.is_valid()
    add_validation_errors(form, ValidationError("The round is closed"))
    assert form.non_field_errors() == ["The round is closed"]
    assert "name" not in form.errors
