"""Forms of the delivery pages. Choices are limited to the plan's own records."""

from typing import Any, cast

from django import forms
from django.utils import timezone

from crimeplan.accounts.models import Organisation, User
from crimeplan.geography.models import District

from .constants import ActionStatus
from .models import Action, Commitment, FundingItem, GoldenThread, Milestone, Plan


class DateInput(forms.DateInput):
    input_type = "date"


class ActionFilterForm(forms.Form):
    priority = forms.ChoiceField(label="Priority", required=False)
    owner = forms.ModelChoiceField(
        label="Owner", queryset=Organisation.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label="District", queryset=District.objects.none(), required=False
    )
    golden_thread = forms.ModelChoiceField(
        label="Golden thread", queryset=GoldenThread.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *ActionStatus.choices], required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["priority"]).choices = [
            ("", "Any priority"),
            *((p.code, f"{p.code}: {p.title}") for p in plan.priorities.all()),
        ]
        owners = Organisation.objects.filter(
            delivery_actions__commitment__priority__plan=plan
        ).distinct()
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owners
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.filter(
            force__police_uk_id=plan.force_id
        )
        cast(
            forms.ModelChoiceField, self.fields["golden_thread"]
        ).queryset = plan.golden_threads.all()
        for name in ("owner", "district", "golden_thread"):
            cast(forms.ModelChoiceField, self.fields[name]).empty_label = "Any"


class CommitmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.priority.code} {obj.position}: {obj.text}"


class ActionForm(forms.ModelForm):
    measure_ids = forms.CharField(
        label="Framework measures",
        required=False,
        help_text="Measure ids of the performance framework, separated by commas "
        "(for example all-crime, burglary).",
    )

    class Meta:
        model = Action
        fields = [
            "commitment", "title", "description", "owner_organisation", "owner_person",
            "shared_with", "districts", "golden_threads", "start_date", "due_date", "status",
            "baseline", "target", "measure_ids", "funding",
        ]  # fmt: skip
        field_classes = {"commitment": CommitmentChoiceField}
        labels = {
            "owner_organisation": "Owner organisation",
            "owner_person": "Owner (person reminded about updates)",
            "shared_with": "Shared with",
            "golden_threads": "Golden threads",
            "start_date": "Start date",
            "due_date": "Due date",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "shared_with": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
            "golden_threads": forms.CheckboxSelectMultiple,
            "funding": forms.CheckboxSelectMultiple,
            "start_date": DateInput(format="%Y-%m-%d"),
            "due_date": DateInput(format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, plan: Plan, partner: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.ModelChoiceField, fields["commitment"]).queryset = Commitment.objects.filter(
            priority__plan=plan
        ).select_related("priority")
        organisations = Organisation.objects.filter(archived_at__isnull=True)
        cast(forms.ModelChoiceField, fields["owner_organisation"]).queryset = organisations
        cast(forms.ModelMultipleChoiceField, fields["shared_with"]).queryset = organisations
        cast(forms.ModelChoiceField, fields["owner_person"]).queryset = User.objects.filter(
            is_active=True, memberships__ended_at__isnull=True
        ).distinct()
        cast(
            forms.ModelMultipleChoiceField, fields["districts"]
        ).queryset = District.objects.filter(force__police_uk_id=plan.force_id)
        cast(
            forms.ModelMultipleChoiceField, fields["golden_threads"]
        ).queryset = GoldenThread.objects.filter(plan=plan)
        cast(
            forms.ModelMultipleChoiceField, fields["funding"]
        ).queryset = FundingItem.objects.filter(plan=plan)
        if self.instance.pk:
            self.initial["measure_ids"] = ", ".join(self.instance.measure_ids)
        if partner:
            # A partner reports on its action; who owns it and what it is for stay the OPCC's,
            # and the people it may name as owner are its own organisation's members.
            for name in ("commitment", "owner_organisation", "shared_with", "funding"):
                del fields[name]
            cast(forms.ModelChoiceField, fields["owner_person"]).queryset = User.objects.filter(
                is_active=True,
                memberships__ended_at__isnull=True,
                memberships__organisation_id=self.instance.owner_organisation_id,
            ).distinct()

    def clean_measure_ids(self) -> list[str]:
        raw = self.cleaned_data.get("measure_ids") or ""
        ids = [part.strip() for part in raw.split(",") if part.strip()]
        for measure_id in ids:
            if not all(ch.isalnum() or ch in "-_" for ch in measure_id):
                raise forms.ValidationError(
                    f"{measure_id!r} is not a measure id: use letters, digits and hyphens."
                )
        return ids

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date must be on or after the start date.")
        return cleaned


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "done_on"]
        labels = {"due_date": "Due date", "done_on": "Done on"}
        help_texts = {"done_on": "Leave empty until the milestone is done."}
        widgets = {
            "due_date": DateInput(format="%Y-%m-%d"),
            "done_on": DateInput(format="%Y-%m-%d"),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProgressUpdateForm(forms.Form):
    reported_on = forms.DateField(label="Date of the update", widget=DateInput(format="%Y-%m-%d"))
    status = forms.ChoiceField(label="Status now", choices=ActionStatus.choices)
    summary = forms.CharField(
        label="What has happened since the last update",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    links = forms.CharField(
        label="Links to evidence",
        required=False,
        help_text="One web address a line.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = MultipleFileField(
        label="Evidence files",
        required=False,
        help_text="PDF, images (PNG, JPEG, GIF, WebP) or office documents; each at most 20 MB.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text="A .toml or .xlsx plan file, as `crimeplan delivery export` writes.",
    )
