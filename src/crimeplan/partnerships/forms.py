"""Forms for the register's pages. Each message names the field it is about."""

from typing import Any

from django import forms
from django.utils import timezone

from crimeplan.accounts.models import Organisation
from crimeplan.core.forms import BoundedDateField, GovukDateInput
from crimeplan.core.money import format_pence, pounds_to_pence

from .constants import BoardKind, MeetingStatus, OpccRole, financial_year_label
from .models import Board, JointlyFundedPost, Meeting, PostFunding

DATE = GovukDateInput()
# More than any one partner pays towards one post in a year: a slip of the keyboard.
LARGEST_AMOUNT_PENCE = 100_000_000 * 100


def _organisations() -> Any:
    return Organisation.objects.filter(archived_at__isnull=True).order_by("name")


def _date(label: str, *, required: bool = True, help_text: str = "") -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=required,
        widget=DATE,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, for example 1 4 2025",
        },
    )


class BoardForm(forms.ModelForm):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the board's name"}
    )
    kind = forms.ChoiceField(
        label="Kind of board",
        choices=BoardKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of board"},
    )
    chair_organisation = forms.ModelChoiceField(
        label="Organisation that chairs it", queryset=_organisations(), required=False
    )
    opcc_role = forms.ChoiceField(
        label="The OPCC's part in it",
        choices=OpccRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the OPCC's part in the board"},
    )
    terms_review_on = _date(
        "Terms of reference due for review on",
        required=False,
        help_text="For example, 1 4 2025.",
    )

    class Meta:
        model = Board
        fields = [
            "name",
            "kind",
            "chair_organisation",
            "opcc_role",
            "terms_of_reference",
            "terms_review_on",
        ]
        widgets = {"terms_of_reference": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair_organisation"].queryset = _organisations()  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none(), required=False
    )
    role_title = forms.CharField(
        label="Role on the board",
        max_length=200,
        required=False,
        help_text='For example "Chair" or "Head of community safety". No names of people.',
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisation") and not (data.get("role_title") or "").strip():
            self.add_error("organisation", "Choose an organisation or enter a role on the board")
        return data


class MeetingForm(forms.ModelForm):
    held_on = _date("Date of the meeting")
    status = forms.ChoiceField(
        label="Status",
        choices=MeetingStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the meeting is planned, held or cancelled"},
    )

    class Meta:
        model = Meeting
        fields = ["held_on", "status", "decisions_summary"]
        widgets = {"decisions_summary": forms.Textarea(attrs={"rows": 6})}


class PostForm(forms.ModelForm):
    title = forms.CharField(
        label="Post", max_length=200, error_messages={"required": "Enter the post's title"}
    )
    host_organisation = forms.ModelChoiceField(
        label="Host organisation",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the organisation that hosts the post"},
    )
    starts_on = _date("Start date")
    ends_on = _date("End date", required=False, help_text="Leave empty if open-ended.")

    class Meta:
        model = JointlyFundedPost
        fields = ["title", "host_organisation", "purpose", "starts_on", "ends_on"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_organisation"].queryset = _organisations()  # type: ignore[attr-defined]


class FundingForm(forms.ModelForm):
    """A funder's share of a post for one financial year, typed in pounds."""

    funder = forms.ModelChoiceField(
        label="Funding organisation",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the organisation that pays"},
    )
    financial_year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={
            "required": "Choose the financial year",
            "invalid_choice": "Choose a financial year from the list",
        },
    )
    amount = forms.CharField(
        label="Amount in pounds",
        max_length=30,
        help_text="For example, 12500 or 12,500.50.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": "Enter the amount in pounds"},
    )

    class Meta:
        model = PostFunding
        fields = ["funder", "financial_year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = _organisations()  # type: ignore[attr-defined]
        this_year = timezone.localdate().year
        self.fields["financial_year"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a year"),
            *(
                (year, financial_year_label(year))
                for year in range(this_year + 5, this_year - 11, -1)
            ),
        ]

    def clean_amount(self) -> int:
        text = self.cleaned_data["amount"]
        try:
            pence = pounds_to_pence(text)
        except ValueError as error:
            raise forms.ValidationError(
                "Enter the amount in pounds, like 12500 or 12500.50"
            ) from error
        if pence > LARGEST_AMOUNT_PENCE:
            raise forms.ValidationError(
                f"The amount must be no more than {format_pence(LARGEST_AMOUNT_PENCE, whole=True)}"
            )
        return pence

    def save(self, commit: bool = True) -> PostFunding:
        self.instance.amount_pence = self.cleaned_data["amount"]
        return super().save(commit=commit)
