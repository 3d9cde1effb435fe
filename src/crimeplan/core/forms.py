"""What every form page shares."""

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .bounds import EARLIEST_DATE, LATEST_DATE
from .languages import html_lang
from .letters import long_date

if TYPE_CHECKING:
    # What a form shows: plain text, or text translated when it is shown.
    from django_stubs_ext import StrOrPromise as Text


def add_validation_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form: on its field where the form has one,
    otherwise (or when the error is about the record as a whole) at the top of the error
    summary."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field_name, field_messages in error.message_dict.items():
        target = field_name if field_name in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


def saved_or_errors(
    request: HttpRequest, form: forms.BaseForm, save: Callable[[], Any], message: str
) -> Any:
    """Calls the service; on success says so (a success message) and returns what it saved,
    otherwise puts its ValidationError on the form and returns None."""
    try:
        saved = save()
    except ValidationError as error:
        add_validation_errors(form, error)
        return None
    messages.success(request, message)
    return saved


def _between() -> str:
    return gettext("Enter a date between %(earliest)s and %(latest)s") % {
        "earliest": long_date(EARLIEST_DATE),
        "latest": long_date(LATEST_DATE),
    }


class BoundedDateField(forms.DateField):
    """A date between `bounds.EARLIEST_DATE` and `bounds.LATEST_DATE`: one outside them (the
    year 1, the year 9999) is the form's error message, never a date sum that overflows."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        message = lazy(_between, str)()
        self.validators += [
            MinValueValidator(EARLIEST_DATE, message=message),
            MaxValueValidator(LATEST_DATE, message=message),
        ]


class LanguageRadios(forms.RadioSelect):
    """Radios whose options are languages, each labelled in its own name and marked with its
    own `lang` (so a screen reader says "Cymraeg" in Welsh on an English page)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"]["lang"] = html_lang(str(option["value"]))
        return option


def add_correspondence_language(form: forms.BaseForm) -> None:
    """Asks a public applicant which language to write to them in, where the site offers more
    than one (the Welsh Language Standards): the page's language is chosen to begin with.
    Where it offers one, the field is left out and the application takes the default."""
    offered = list(settings.LANGUAGES)
    if len(offered) < 2:
        return
    current = translation.get_language()
    form.fields["correspondence_language"] = forms.ChoiceField(
        label=_("Which language should we write to you in?"),
        choices=offered,
        initial=current if current in dict(offered) else settings.LANGUAGE_CODE,
        widget=LanguageRadios,
        error_messages={"required": _("Select the language we should write to you in")},
    )


# The ways people type a day/month/year date.
DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
DATE_PARTS = ("day", "month", "year")
# What joins the parts of a date that cannot be one (a part missing, a letter, a two-digit
# year): no date format reads it, so the field says the date is not a real one.
NOT_A_DATE = "|"


class GovukDateInput(forms.Widget):
    """The GOV.UK date input: the day, month and year in three boxes, in a fieldset named by the
    field's label (rendered by `core/includes/field.html`). It gives the field an ISO date
    ("2026-03-27") when the three parts make one, so the date field checks it as any date
    (its bounds, its rules); a date that cannot be (31 February), a part missing, not a
    number or a year not of four figures gives the parts as typed, joined so that no date
    format reads them: the field says it is not a real date, naming the field, and the boxes
    show what was typed. A whole date sent as one value under the field's own name (a
    script, an older page) is taken as it is."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:
        if name in data:
            return data.get(name)
        parts = [str(data.get(f"{name}_{part}", "")).strip() for part in DATE_PARTS]
        if not any(parts):
            return ""
        day, month, year = parts
        if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
            try:
                return datetime.date(int(year), int(month), int(day)).isoformat()
            except (ValueError, OverflowError):
                pass  # 31 February, or 99999999999 March: shown again as typed, and refused
        return NOT_A_DATE.join(parts)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}_{part}" in data for part in DATE_PARTS)


def date_parts(value: object) -> dict[str, str]:
    """A date field's value (a date, its ISO text, or the parts as typed) as the day, month
    and year its three boxes show."""
    if value is None or value == "":
        return dict.fromkeys(DATE_PARTS, "")
    if hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    text = str(value)
    if NOT_A_DATE in text:
        return dict(zip(DATE_PARTS, [*text.split(NOT_A_DATE), "", "", ""][:3], strict=True))
    iso = text.split("-")
    if len(iso) == 3 and len(iso[0]) == 4:
        year, month, day = iso
        return {"day": day.lstrip("0") or day, "month": month.lstrip("0") or month, "year": year}
    for separator in ("/", " "):
        parts = text.split(separator)
        if len(parts) == 3:
            return dict(zip(DATE_PARTS, parts, strict=True))
    return {"day": "", "month": "", "year": text}


def day_month_year_field(
    label: "Text",
    *,
    example: str,
    hint: "Text",
    required: bool = True,
    required_message: "Text" = "",
    invalid_message: "Text" = "",
    bounded: bool = False,
) -> forms.DateField:
    """A date typed as day/month/year (`example`, e.g. 27/03/2026). The messages are made from
    the label unless given: a public form gives them, translated, as a message made from a
    translated label is not Welsh. `bounded` keeps it between bounds.EARLIEST_DATE and
    LATEST_DATE (`BoundedDateField`)."""
    field_class = BoundedDateField if bounded else forms.DateField
    return field_class(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=hint,
        widget=GovukDateInput(),
        error_messages={
            "required": required_message or f"Enter the {str(label).lower()}",
            "invalid": invalid_message
            or f"Enter the {str(label).lower()} as a real date, for example {example}",
        },
    )
