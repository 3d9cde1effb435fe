"""Forms of the staff pages: funds, rounds, assessment, awards, money, monitoring and
evaluation. Amounts are typed in pounds and cleaned to whole pence; every error names what to
fix."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import Q

from crimeplan.accounts.constants import Role
from crimeplan.accounts.models import Organisation, User
from crimeplan.delivery.models import Action, Priority
from crimeplan.geography.models import District

from ..constants import (
    BidOutcome,
    CostType,
    Decision,
    FundAgain,
    FundKind,
    MatchFundingForm,
)
from ..models import Criterion
from .fields import PoundsField, date_field


class FundForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the fund's name"})
    kind = forms.ChoiceField(
        choices=FundKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of fund"},
    )
    funder = forms.CharField(
        max_length=200,
        help_text="e.g. Home Office",
        error_messages={"required": "Enter the funder"},
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    costs_split = forms.BooleanField(
        required=False, label="Costs are split into labour and non-labour"
    )
    carry_over_allowed = forms.BooleanField(
        required=False, initial=True, label="Money may be carried over between financial years"
    )
    specified_authorities = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(archived_at__isnull=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Jointly decided funds only: each must agree before an award",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == FundKind.JOINT and not data.get("specified_authorities"):
            self.add_error(
                "specified_authorities", "Select the specified authorities of a joint fund"
            )
        if data.get("kind") != FundKind.JOINT and data.get("specified_authorities"):
            self.add_error(
                "specified_authorities", "Only a jointly decided fund has specified authorities"
            )
        return data


class FundEditForm(FundForm):
    """A fund's kind is fixed once made: its bids or applications depend on it."""

    def __init__(self, *args: Any, kind: str, linked: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.fund_kind = kind
        # Authorities already linked stay choices even once archived: an edit must not drop
        # them unseen.
        field = self.fields["specified_authorities"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - narrows the type
        field.queryset = Organisation.objects.filter(
            Q(archived_at__isnull=True) | Q(pk__in=list(linked))
        )

    def clean(self) -> dict[str, Any]:
        data = forms.Form.clean(self) or {}
        authorities = data.get("specified_authorities")
        if self.fund_kind == FundKind.JOINT and not authorities:
            self.add_error(
                "specified_authorities", "Select the specified authorities of a joint fund"
            )
        if self.fund_kind != FundKind.JOINT and authorities:
            self.add_error(
                "specified_authorities", "Only a jointly decided fund has specified authorities"
            )
        return data


class RoundForm(forms.Form):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter the round's name"})
    years = forms.CharField(max_length=20, required=False, help_text="e.g. 2025/26")
    opens_on = date_field("Opening date", required=False)
    closes_on = date_field("Closing date", required=False)
    budget = PoundsField(
        label="Budget", minimum_pence=0, error_messages={"required": "Enter the budget"}
    )
    max_bids = forms.IntegerField(
        required=False, min_value=1, label="Most bids or applications per applicant"
    )
    max_amount = PoundsField(label="Most one bid may ask for", required=False)
    match_funding_percent = forms.IntegerField(
        min_value=0,
        max_value=100,
        initial=0,
        label="Match funding required (%)",
        error_messages={
            "required": "Enter the match funding percentage (0 for none)",
            "min_value": "Match funding must be 0%% or more",
            "max_value": "Match funding must be 100%% or less",
        },
    )
    match_funding_form = forms.ChoiceField(
        choices=MatchFundingForm.choices, initial=MatchFundingForm.EITHER, label="Match funding in"
    )


class RoundEditForm(RoundForm):
    won_total = PoundsField(
        label="Total won by the OPCC, as published",
        required=False,
        minimum_pence=0,
        help_text="National rounds only, where the amount of each bid is not known",
    )

    def __init__(self, *args: Any, national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not national:
            del self.fields["won_total"]


class CriterionForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the criterion"})
    guidance = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    weight = forms.IntegerField(min_value=1, max_value=100, initial=1)
    max_score = forms.IntegerField(min_value=1, max_value=100, initial=5, label="Highest score")


class QuestionForm(forms.Form):
    text = forms.CharField(
        max_length=300, label="Question", error_messages={"required": "Enter the question"}
    )
    eligible_answer = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="The answer that is eligible",
        error_messages={"required": "Select the answer that is eligible"},
    )
    reason_if_ineligible = forms.CharField(
        max_length=500,
        label="Why the other answer is ineligible",
        help_text="Shown to the applicant",
        error_messages={"required": "Say why the other answer is ineligible"},
    )


class PanelMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Grant assessor",
        error_messages={"required": "Select a grant assessor"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__role=Role.GRANT_ASSESSOR, memberships__ended_at__isnull=True
        ).distinct()


class BidForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the bid's title"})
    outcome = forms.ChoiceField(choices=[], error_messages={"required": "Select the outcome"})
    amount_asked = PoundsField(label="Amount asked", required=False)
    amount_won = PoundsField(label="Amount won", required=False, minimum_pence=0)
    match_funding = PoundsField(label="Match funding", required=False, minimum_pence=0)
    match_funding_form = forms.ChoiceField(
        choices=MatchFundingForm.choices, label="Match funding in"
    )
    submitted_on = date_field("Date submitted", required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = BidOutcome.choices  # type: ignore[attr-defined]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the panel's decision"},
    )
    amount = PoundsField(
        label="Amount to fund",
        required=False,
        help_text="Needed when the panel decides to fund the application.",
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="The panel's reasons",
        error_messages={"required": "Give the panel's reasons"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not "(optional)": it is needed for one answer (the service says so if missing).
        self.fields["amount"].required_when = Decision.FUND  # type: ignore[attr-defined]


class ScoreField(forms.CharField):
    """A score typed as a whole number of 0 or more; anything else (nothing, a word, a
    fraction, a sign) is `message`. Whether it is at most the criterion's highest score is the
    service's rule."""

    def __init__(self, *, message: str, **kwargs: Any) -> None:
        self.message = message
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> int:
        try:
            text = super().clean(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(self.message) from error
        if not text.isdigit():
            raise forms.ValidationError(self.message)
        try:
            return int(text)
        except ValueError as error:  # a digit that is not 0-9, e.g. "²"
            raise forms.ValidationError(self.message) from error


class ScoreForm(forms.Form):
    """One panel member's scores of an application: for each criterion of its round a score
    (`criterion_<id>`) and an optional comment (`comment_<id>`, kept as typed)."""

    def __init__(self, *args: Any, criteria: Iterable[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = ScoreField(
                label=criterion.name,
                message=f"Score {criterion.name} from 0 to {criterion.max_score}",
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                required=False, strip=False, label=f"Comment on {criterion.name} (optional)"
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        """Criterion id -> (score, comment), what `services.scores_record` takes."""
        data = self.cleaned_data
        return {c.pk: (data[f"criterion_{c.pk}"], data[f"comment_{c.pk}"]) for c in self.criteria}

    def rows(self) -> list[tuple[Criterion, str, str, str | None]]:
        """For each criterion: (criterion, score as typed, comment, its error or None)."""
        rows = []
        for criterion in self.criteria:
            score, comment = f"criterion_{criterion.pk}", f"comment_{criterion.pk}"
            errors = self.errors.get(score)
            rows.append(
                (
                    criterion,
                    str(self[score].value() or "").strip(),
                    str(self[comment].value() or ""),
                    "; ".join(str(m) for m in errors) if errors else None,
                )
            )
        return rows

    def general_errors(self) -> list[str]:
        """Errors that are not about one criterion's score, for the top of the summary."""
        return [
            "; ".join(str(m) for m in messages)
            for name, messages in self.errors.items()
            if not name.startswith("criterion_")
        ]


class ConflictForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What is the conflict of interest?",
        error_messages={"required": "Say what the conflict of interest is"},
    )


class AgreementForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Specified authority",
        error_messages={"required": "Select the authority"},
    )
    agrees = forms.TypedChoiceField(
        choices=[("yes", "Agrees"), ("no", "Does not agree")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Decision",
        error_messages={"required": "Select whether the authority agrees"},
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, authorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities  # type: ignore[attr-defined]


class AwardForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the award's title"})
    recipient = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(archived_at__isnull=True),
        label="Provider",
        error_messages={"required": "Select the provider"},
    )
    amount = PoundsField(label="Amount", error_messages={"required": "Enter the amount"})
    labour = PoundsField(label="Labour costs", required=False, minimum_pence=0)
    non_labour = PoundsField(label="Non-labour costs", required=False, minimum_pence=0)
    starts_on = date_field("Start date")
    ends_on = date_field("End date")
    district = forms.ModelChoiceField(
        queryset=District.objects.all(), required=False, empty_label="County-wide"
    )
    priority = forms.ModelChoiceField(
        queryset=Priority.objects.select_related("plan").order_by("-plan__term_start", "position"),
        required=False,
        empty_label="Not linked to a plan priority",
        label="Plan priority",
        error_messages={"invalid_choice": "Select a priority from the list"},
    )
    conditions = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    published = forms.BooleanField(
        required=False, initial=True, label="List in the public list of grants awarded"
    )
    delivery_actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.select_related("commitment__priority").order_by(
            "commitment__priority__position", "title"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Delivery actions this award pays for (optional)",
    )

    def __init__(self, *args: Any, new_applicant: str = "", **kwargs: Any) -> None:
        """`new_applicant`: the name of an applicant the Office has no organisation for,
        offered as the first choice: the award then adds them as an organisation."""
        super().__init__(*args, **kwargs)
        if new_applicant:
            field = cast(forms.ModelChoiceField, self.fields["recipient"])
            field.required = False
            field.empty_label = f"{new_applicant} (new: added as an organisation)"
            # The empty choice is an answer here, not "optional".
            field.required_when = "always"  # type: ignore[attr-defined]
            field.help_text = (
                "The applicant is not yet an organisation here. Leave this choice to add "
                f"{new_applicant} when the award is made, or select the organisation they are."
            )


class InstalmentForm(forms.Form):
    due_on = date_field("Due date")
    amount = PoundsField(label="Amount", error_messages={"required": "Enter the amount"})


class PaymentForm(forms.Form):
    paid_on = date_field("Date paid")
    amount = PoundsField(label="Amount", error_messages={"required": "Enter the amount"})
    reference = forms.CharField(max_length=100, required=False, label="Payment reference")


class SpendForm(forms.Form):
    financial_year = forms.TypedChoiceField(
        choices=[], coerce=int, error_messages={"required": "Select the financial year"}
    )
    cost_type = forms.ChoiceField(choices=CostType.choices, label="Cost type")
    amount = PoundsField(label="Amount", error_messages={"required": "Enter the amount"})
    description = forms.CharField(
        max_length=300, error_messages={"required": "Say what the money was spent on"}
    )

    def __init__(self, *args: Any, years: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = years  # type: ignore[attr-defined]


class CarryOverForm(forms.Form):
    from_year = forms.TypedChoiceField(
        choices=[],
        coerce=int,
        label="Carry over unspent money from",
        error_messages={"required": "Select the financial year"},
    )
    amount = PoundsField(label="Amount", error_messages={"required": "Enter the amount"})

    def __init__(self, *args: Any, years: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_year"].choices = years  # type: ignore[attr-defined]


class ReturnsScheduleForm(forms.Form):
    every_months = forms.TypedChoiceField(
        choices=[(3, "Every 3 months"), (6, "Every 6 months"), (12, "Every 12 months")],
        coerce=int,
        widget=forms.RadioSelect,
        label="How often returns are due",
        error_messages={"required": "Select how often returns are due"},
    )
    days_to_submit = forms.IntegerField(min_value=1, max_value=90, initial=28)


class ReturnForm(forms.Form):
    outputs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was delivered: sessions, people reached, items bought",
        error_messages={"required": "Describe the outputs of the period"},
    )
    outcomes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What changed for people as a result",
        error_messages={"required": "Describe the outcomes of the period"},
    )
    spend_to_date = PoundsField(
        label="Spend to date",
        minimum_pence=0,
        error_messages={"required": "Enter the spend to date"},
    )
    case_study = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class EvaluationForm(forms.Form):
    what_changed = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what changed because of the grant"},
    )
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Give the evidence"}
    )
    fund_again = forms.ChoiceField(
        choices=FundAgain.choices,
        widget=forms.RadioSelect,
        label="Fund this again?",
        error_messages={"required": "Say whether to fund this again"},
    )
