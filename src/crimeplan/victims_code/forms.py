"""The forms of the Victims' Code returns and the joint review. The counts of a typed-in return
are taken as text and checked by the service, with the same rules as a file
(`reading.check_lines`), so the two ways of making a return cannot disagree."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from crimeplan.accounts.models import Organisation
from crimeplan.core.forms import BoundedDateField, GovukDateInput

from .constants import NOTE_MAX_LENGTH, VictimsRight
from .models import ReviewAction, ReviewMeeting
from .reading import Problem, RawLine

QUARTERS = [
    (q, f"Q{q} ({months})")
    for q, months in enumerate(
        ("April to June", "July to September", "October to December", "January to March"), start=1
    )
]
DATE = GovukDateInput()
RIGHTS = list(VictimsRight.choices)


def _year(label: str = "Financial year it starts in") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text="2025 for 2025/26",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year the financial year starts in",
            "min_value": "Enter a year from 2000 to 2100",
            "max_value": "Enter a year from 2000 to 2100",
            "invalid": "Enter the year as a number, like 2025",
        },
    )


def _quarter(label: str = "Quarter") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=QUARTERS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the quarter"},
    )


def _date(label: str, *, required: bool = True) -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=required,
        widget=DATE,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, for example 31 1 2026",
        },
    )


class _AgencyChoice(forms.Form):
    def __init__(self, *args: Any, agencies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"] = forms.ModelChoiceField(
            label="Agency",
            queryset=agencies,
            empty_label=None if agencies.count() == 1 else "Choose the agency",
            error_messages={"required": "Choose the agency the return is for"},
        )


class UploadForm(_AgencyChoice):
    file = forms.FileField(
        label="Return (.csv or .xlsx, from the template)",
        error_messages={"required": "Choose the return file", "empty": "The file is empty"},
    )
    field_order = ["agency", "file"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not str(upload.name).lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be .csv or .xlsx (use the template)")
        return upload


def line_field(number: int, part: str) -> str:
    return f"r{number:02d}_{part}"


class EnterForm(_AgencyChoice):
    """A return typed in: the quarter, then each right's two counts and a note (a right left
    empty is not returned)."""

    year = _year()
    quarter = _quarter()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, (_code, label) in enumerate(RIGHTS, start=1):
            self.fields[line_field(number, "eligible")] = forms.CharField(
                label=f"Right {label}: victims it applied to", required=False, max_length=20
            )
            self.fields[line_field(number, "complied")] = forms.CharField(
                label=f"Right {number}: of those, victims it was complied with for",
                required=False,
                max_length=20,
            )
            self.fields[line_field(number, "note")] = forms.CharField(
                label=f"Right {number}: note (no names)",
                required=False,
                max_length=NOTE_MAX_LENGTH,
            )

    def raw_lines(self) -> list[RawLine]:
        """The rights given a count, numbered by the right."""
        lines = []
        for number, (code, _label) in enumerate(RIGHTS, start=1):
            eligible = self.cleaned_data.get(line_field(number, "eligible"), "").strip()
            complied = self.cleaned_data.get(line_field(number, "complied"), "").strip()
            note = self.cleaned_data.get(line_field(number, "note"), "")
            if eligible or complied or note.strip():
                lines.append(RawLine(number, code, eligible, complied, note))
        return lines

    def add_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            name = None
            if problem.line is not None and problem.field in {"eligible", "complied", "note"}:
                name = line_field(problem.line, problem.field)
            elif problem.field in {"year", "quarter"}:
                name = problem.field
            self.add_error(name, problem.message if name else str(problem))


class AgencyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose the organisation",
        error_messages={"required": "Choose the organisation to expect returns from"},
    )
    since_year = _year("Returns expected from the financial year")
    since_quarter = _quarter("and quarter")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            archived_at__isnull=True
        ).exclude(victims_code_agency__archived_at__isnull=True, victims_code_agency__isnull=False)


class MeetingForm(forms.ModelForm):
    year = _year()
    quarter = _quarter("Quarter reviewed")
    held_on = _date("Date held")
    notes = forms.CharField(
        label="Notes",
        required=False,
        help_text="What was discussed. Do not name victims.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    class Meta:
        model = ReviewMeeting
        fields = ["year", "quarter", "held_on", "notes"]


class ActionForm(forms.ModelForm):
    action = forms.CharField(
        label="Action agreed",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action agreed"},
    )
    owner = forms.ModelChoiceField(
        label="Organisation that owns it",
        queryset=Organisation.objects.filter(archived_at__isnull=True).order_by("name"),
        empty_label="Choose the organisation",
        error_messages={"required": "Choose the organisation that owns the action"},
    )
    due_on = _date("Date due")
    done_on = _date("Date done (when it is done)", required=False)
    done_note = forms.CharField(
        label="What was done",
        required=False,
        help_text="Do not name victims.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = ReviewAction
        fields = ["action", "owner", "due_on", "done_on", "done_note"]
