"""Forms of the delivery pages. Choices are limited to the plan's own records."""

from typing import Any, cast

from django import forms
from django.utils import timezone

from crimeplan.accounts.models import Organisation, User
from crimeplan.core.forms import GovukDateInput
from crimeplan.geography.models import District

from .constants import ActionStatus
from .models import Action, Commitment, FundingItem, GoldenThread, Milestone, Plan


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
            "start_date": GovukDateInput(),
            "due_date": GovukDateInput(),
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
            "due_date": GovukDateInput(),
            "done_on": GovukDateInput(),
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
    reported_on = forms.DateField(label="Date of the update", widget=GovukDateInput())
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


class PublicUpdateForm(forms.Form):
    """What the public is told about an action (models.PublicUpdate)."""

    published_on = forms.DateField(label="Date published", widget=GovukDateInput())
    text = forms.CharField(
        label="What the public is told",
        max_length=1000,
        help_text="Plain words for residents: what was done and what happens next. It appears "
        "on the public pages beside the places and survey findings this action answers. Name no "
        "one.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    text_cy = forms.CharField(
        label="The same in Welsh",
        max_length=1000,
        required=False,
        help_text="Needed where the force is bound by the Welsh Language Standards. Without it, "
        "the Welsh pages show the English.",
        widget=forms.Textarea(attrs={"rows": 5, "lang": "cy"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text="A .toml or .xlsx plan file, as `crimeplan delivery export` writes.",
    )


# Editing the plan's content ----------------------------------------------------------------

RICH_TEXT_HELP = (
    "Paragraphs as <p>…</p>; you may use <strong>, <em>, <h3>, <br>, lists (<ul>, <ol>, "
    '<li>) and links (<a href="https://…"> or a path of this site). Anything else is '
    "removed when you save."
)


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def glossary_from_lines(text: str) -> dict[str, str]:
    """Lines "ACR = what it stands for" to a glossary; a line that is not one names itself."""
    glossary: dict[str, str] = {}
    seen: dict[str, int] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        acronym, equals, expansion = (part.strip() for part in line.partition("="))
        if not equals or not acronym or not expansion:
            problems.append(
                f"Line {number} ({line.strip()[:40]!r}): write it as ACRONYM = what it stands for."
            )
        elif acronym in seen:
            problems.append(f"Line {number}: {acronym} is already given on line {seen[acronym]}.")
        else:
            seen[acronym] = number
            glossary[acronym] = expansion
    if problems:
        raise forms.ValidationError(problems)
    return glossary


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PlanContentForm(forms.Form):
    foreword = forms.CharField(
        label="Foreword", required=False, help_text=RICH_TEXT_HELP, widget=_textarea(10)
    )
    foreword_by = forms.CharField(
        label="Foreword by",
        required=False,
        max_length=300,
        help_text="The name and role printed under the foreword.",
    )
    introduction = forms.CharField(
        label="Introduction", required=False, help_text=RICH_TEXT_HELP, widget=_textarea(10)
    )
    due_regard = forms.CharField(
        label="Due regard",
        required=False,
        help_text="What the plan pays due regard to, one a line.",
        widget=_textarea(5),
    )
    golden_threads = forms.CharField(
        label="Golden threads",
        required=False,
        help_text="One a line, in the order they are printed. A thread that actions are tagged "
        "with cannot be removed.",
        widget=_textarea(5),
    )
    glossary = forms.CharField(
        label="Glossary",
        required=False,
        help_text="One acronym a line, as ACRONYM = what it stands for (for example "
        "CSP = Community Safety Partnership).",
        widget=_textarea(8),
    )
    report_frameworks = forms.CharField(
        label="Performance tables of the report",
        required=False,
        help_text="The ids of the performance frameworks whose tables the plan update prints, "
        "one a line, in the order they are printed (for example gloucestershire-2021-25-asb).",
        widget=_textarea(4),
    )
    note = forms.CharField(
        label="What you changed and why",
        required=False,
        max_length=500,
        help_text="Kept with this revision of the plan.",
    )

    @classmethod
    def initial_for(cls, plan: Plan) -> dict[str, str]:
        return {
            "foreword": plan.foreword,
            "foreword_by": plan.foreword_by,
            "introduction": plan.introduction,
            "due_regard": "\n".join(plan.due_regard),
            "golden_threads": "\n".join(t.name for t in plan.golden_threads.all()),
            "glossary": "\n".join(f"{a} = {e}" for a, e in plan.glossary.items()),
            "report_frameworks": "\n".join(plan.report_frameworks),
        }

    def clean_due_regard(self) -> list[str]:
        return lines_of(self.cleaned_data["due_regard"])

    def clean_golden_threads(self) -> list[str]:
        return lines_of(self.cleaned_data["golden_threads"])

    def clean_report_frameworks(self) -> list[str]:
        return lines_of(self.cleaned_data["report_frameworks"])

    def clean_glossary(self) -> dict[str, str]:
        return glossary_from_lines(self.cleaned_data["glossary"])


class PriorityForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300)
    aim = forms.CharField(label="Aim", required=False, widget=_textarea(3))
    commitments = forms.CharField(
        label="Commitments",
        required=False,
        help_text="One a line. A commitment keeps its actions while its words stay the same; "
        "one with actions cannot be removed.",
        widget=_textarea(8),
    )
    note = forms.CharField(
        label="What you changed and why",
        required=False,
        max_length=500,
        help_text="Kept with this revision of the plan.",
    )

    def clean_commitments(self) -> list[str]:
        return lines_of(self.cleaned_data["commitments"])


class ItemForm(forms.Form):
    """One delivered or next item; `name` (e.g. "What we've done, item 2") names it in
    every error, so the error summary says which item is wrong."""

    item_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label="What", required=False, widget=_textarea(3))
    evidence = forms.CharField(label="Evidence", required=False, widget=_textarea(2))
    references = forms.CharField(
        label="References",
        required=False,
        help_text="One a line: measure:<id>, funding:<number>, award:<reference>, "
        "review:<reference>, action:<id>, an https:// address or a path of this site.",
        widget=_textarea(2),
    )
    when = forms.CharField(
        label="When", required=False, max_length=100, help_text="For example, by March 2025."
    )

    def __init__(self, *args: Any, plan: Plan, name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan, self.name = plan, name
        for field in self.fields.values():
            if field.label:
                field.label = f"{name}: {str(field.label).lower()}"

    def clean_references(self) -> list[str]:
        from .references import UnresolvedReference, resolve_reference

        references = lines_of(self.cleaned_data["references"])
        problems = []
        for reference in references:
            try:
                resolve_reference(reference, plan=self.plan, public=False)
            except UnresolvedReference as error:
                problems.append(f"{self.name}: reference {error}")
        if problems:
            raise forms.ValidationError(problems)
        return references

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        deleting = cleaned.get("DELETE")
        if not deleting and self.has_changed() and not (cleaned.get("text") or "").strip():
            self.add_error("text", f"{self.name}: give the item's text, or remove the item.")
        return cleaned


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, plan: Plan, heading: str, **kwargs: Any) -> None:
        self.plan, self.heading = plan, heading
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        number = "new" if index is None else index + 1
        return {"plan": self.plan, "name": f"{self.heading}, item {number}"}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Remove {getattr(form, 'name', 'this item')}"

    @staticmethod
    def initial_for(items: Any) -> list[dict[str, Any]]:
        return [
            {
                "item_id": i.pk,
                "text": i.text,
                "evidence": i.evidence,
                "references": "\n".join(i.references),
                "when": i.when,
            }
            for i in items
        ]


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=2, can_delete=True, max_num=200
)
