"""What every form page shares."""

from django import forms
from django.core.exceptions import ValidationError


def add_validation_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form: on its field where the form has one,
    otherwise (or when the error is about the record as a whole) at the top of the error
    summary."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field_name, messages in error.message_dict.items():
        target = field_name if field_name in form.fields else None
        for message in messages:
            form.add_error(target, message)
