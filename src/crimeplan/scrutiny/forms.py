"""Forms for the scrutiny pages. The visit report's forms are short, one screen each on a
phone, and never ask for a detainee's name."""

import datetime
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone

from crimeplan.accounts.constants import OrganisationKind, Role
from crimeplan.accounts.models import Organisation, User
from crimeplan.core.forms import GovukDateInput

from .constants import (
    DETAINEE_CHECKLIST,
    WELFARE_CHECKLIST,
    ActionStatus,
    CaseOutcome,
    CheckAnswer,
    Compliance,
    DeclineReason,
    IssueCategory,
    PanelKind,
    Scheme,
    TimeOfDay,
    VictimsRight,
)
from .models import Panel, PanelMeeting, Site, Visit, Volunteer
from .rota import TIMES_OF_DAY
from .selectors import panel_member_candidates

DATE = GovukDateInput()
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
AVAILABILITY_CHOICES = [
    (f"{day}:{tod}", f"{WEEKDAYS[day]} {tod}") for day in range(7) for tod in TIMES_OF_DAY
]


def visit_times(
    visit: Visit, arrived: datetime.time, left: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    """Times on the visit's day; leaving at or before the arrival time means after midnight."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(visit.scheduled_on, arrived, zone)
    end = datetime.datetime.combine(visit.scheduled_on, left, zone)
    if end <= start:
        end += datetime.timedelta(days=1)
    return start, end


def initial_times(visit: Visit) -> dict[str, datetime.time]:
    if visit.arrived_at is None or visit.left_at is None:
        return {}
    zone = timezone.get_current_timezone()
    return {
        "arrived": visit.arrived_at.astimezone(zone).time(),
        "left": visit.left_at.astimezone(zone).time(),
    }


def count_field(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=999,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": f"Enter {label.lower()} (0 if none)"},
        **kwargs,
    )


class VolunteerForm(forms.ModelForm):
    account_email = forms.EmailField(
        required=False,
        label="Account they sign in with (e-mail)",
        help_text="Someone an administrator has given the volunteer role in the OPCC.",
    )
    availability = forms.MultipleChoiceField(
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="When they can visit",
    )

    class Meta:
        model = Volunteer
        fields = [
            "scheme",
            "reference",
            "full_name",
            "email",
            "phone",
            "status",
            "applied_on",
            "vetted_on",
            "vetting_expires_on",
            "availability",
        ]
        labels = {
            "vetted_on": "Vetting date",
            "vetting_expires_on": "Vetting expires on",
            "applied_on": "Applied on",
        }
        widgets = {"applied_on": DATE, "vetted_on": DATE, "vetting_expires_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.user_id:
            self.initial["account_email"] = self.instance.user.email

    def clean_account_email(self) -> str:
        email = self.cleaned_data["account_email"].strip().lower()
        if not email:
            self.instance.user = None
            return email
        user = User.objects.filter(
            email=email,
            memberships__role=Role.VOLUNTEER,
            memberships__ended_at__isnull=True,
        ).first()
        if user is None:
            raise forms.ValidationError("No one with this e-mail address has the volunteer role")
        clash = Volunteer.objects.filter(user=user).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("This account already belongs to another volunteer")
        self.instance.user = user
        return email


class TrainingForm(forms.Form):
    course = forms.CharField(max_length=200, error_messages={"required": "Enter the course"})
    completed_on = forms.DateField(widget=DATE, error_messages={"required": "Enter the date"})


def _a_year_after(day: datetime.date) -> datetime.date:
    """The same day a year later; from 29 February, 1 March (there being no 29th)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return datetime.date(day.year + 1, 3, 1)


class RotaForm(forms.Form):
    scheme = forms.ChoiceField(choices=Scheme.choices, widget=forms.RadioSelect)
    start = forms.DateField(label="First day", widget=DATE)
    end = forms.DateField(label="Last day", widget=DATE)
    visit_count = forms.IntegerField(label="Number of visits", min_value=1, max_value=500)
    max_pair_repeats = forms.IntegerField(
        label="Most visits a pair may make together in a year",
        min_value=1,
        max_value=52,
        initial=2,
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        help_text="The same seed gives the same rota. Leave blank for a new one.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day must be on or after the first day")
        if start and end and end >= _a_year_after(start):
            self.add_error("end", "Plan at most a year at a time")
        return data


class VisitAdjustForm(forms.Form):
    scheduled_on = forms.DateField(label="Date", widget=DATE)
    time_of_day = forms.ChoiceField(choices=TimeOfDay.choices, widget=forms.RadioSelect)
    first_visitor = forms.ModelChoiceField(queryset=Volunteer.objects.none())
    second_visitor = forms.ModelChoiceField(queryset=Volunteer.objects.none())
    max_pair_repeats = forms.IntegerField(
        label="Most visits a pair may make together in a year", min_value=1, initial=2
    )

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        volunteers = Volunteer.objects.filter(scheme=visit.site.scheme, archived_at__isnull=True)
        for name in ("first_visitor", "second_visitor"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = volunteers


class ReportForm(forms.Form):
    """The visit's times, who was in custody and what happened, and records reviewed."""

    arrived = forms.TimeField(
        label="Time you arrived", widget=TIME, error_messages={"required": "Enter the time"}
    )
    left = forms.TimeField(
        label="Time you left",
        widget=TIME,
        help_text="If you left after midnight, the report counts it as the next day.",
        error_messages={"required": "Enter the time"},
    )
    detainees_in_custody = count_field("Detainees in custody")
    offered = count_field("Detainees offered a visit")
    spoken_to = count_field("Detainees seen and spoken to")
    declined = count_field("Detainees who declined")
    observed = count_field(
        "Detainees observed only", help_text="For example asleep, or seen through the hatch."
    )
    records_reviewed = count_field("Custody records reviewed")
    notes = forms.CharField(
        label="Anything else to report",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Do not write any detainee's name.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in DeclineReason.choices:
            self.fields[f"declined_{value}"] = count_field(f"Declined: {label}", required=False)
        names = list(self.fields)
        reasons = [f"declined_{value}" for value in DeclineReason.values]
        rest = [n for n in names if n not in reasons]
        at = rest.index("declined") + 1
        self.order_fields([*rest[:at], *reasons, *rest[at:]])

    def decline_fields(self) -> list[forms.BoundField]:
        return [self[f"declined_{value}"] for value in DeclineReason.values]

    def report(self, visit: Visit) -> dict[str, Any]:
        data = self.cleaned_data
        arrived, left = visit_times(visit, data["arrived"], data["left"])
        return {
            "arrived_at": arrived,
            "left_at": left,
            "detainees_in_custody": data["detainees_in_custody"],
            "offered": data["offered"],
            "spoken_to": data["spoken_to"],
            "declined": data["declined"],
            "observed": data["observed"],
            "records_reviewed": data["records_reviewed"],
            "notes": data["notes"],
            "declined_reasons": {
                value: data[f"declined_{value}"]
                for value in DeclineReason.values
                if data.get(f"declined_{value}")
            },
        }

    @staticmethod
    def initial_for(visit: Visit) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(visit, name)
            for name in (
                "detainees_in_custody",
                "offered",
                "spoken_to",
                "declined",
                "observed",
                "records_reviewed",
                "notes",
            )
        }
        initial |= initial_times(visit)
        for value in DeclineReason.values:
            initial[f"declined_{value}"] = visit.declined_reasons.get(value, 0)
        return initial


def _answer_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=CheckAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": f"Answer: {label}"},
    )


class DetaineeForm(forms.Form):
    custody_number = forms.CharField(
        max_length=40,
        label="Custody number",
        help_text="The custody record number only. Never a name.",
        error_messages={"required": "Enter the custody number"},
    )
    child_or_vulnerable = forms.BooleanField(
        required=False, label="A child or vulnerable adult (seen first)"
    )
    concerns = forms.CharField(
        required=False,
        label="Concerns",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Do not write the detainee's name.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in DETAINEE_CHECKLIST:
            self.fields[f"check_{key}"] = _answer_field(label)

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[f"check_{key}"] for key, _ in DETAINEE_CHECKLIST]

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"check_{key}"] for key, _ in DETAINEE_CHECKLIST}


class WelfareForm(forms.Form):
    """The dog section's checklist, with the visit's times and how many dogs were seen."""

    arrived = ReportForm.base_fields["arrived"]
    left = ReportForm.base_fields["left"]
    dogs_seen = count_field("Dogs seen")
    notes = ReportForm.base_fields["notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in WELFARE_CHECKLIST:
            self.fields[f"check_{key}"] = _answer_field(label)

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[f"check_{key}"] for key, _ in WELFARE_CHECKLIST]

    def report(self, visit: Visit) -> dict[str, Any]:
        data = self.cleaned_data
        arrived, left = visit_times(visit, data["arrived"], data["left"])
        return {
            "arrived_at": arrived,
            "left_at": left,
            "dogs_seen": data["dogs_seen"],
            "notes": data["notes"],
            "welfare_checks": {key: data[f"check_{key}"] for key, _ in WELFARE_CHECKLIST},
        }


class IssueForm(forms.Form):
    category = forms.ChoiceField(
        choices=IssueCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the issue is about"},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What is the issue",
        help_text="Do not write any detainee's name; give the custody number if needed.",
        error_messages={"required": "Describe the issue"},
    )
    raised_with_custody_officer = forms.BooleanField(
        required=False, label="Raised with the custody officer during the visit"
    )


class IssueResponseForm(forms.Form):
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="The constabulary's response",
        error_messages={"required": "Enter the response"},
    )
    resolved = forms.BooleanField(required=False, label="This resolves the issue")


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "kind", "organisation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.filter(
            kind=OrganisationKind.CONSTABULARY, archived_at__isnull=True
        )
        self.fields[
            "organisation"
        ].help_text = "Its members (the custody inspector) see the site's filed reports."


class AccountChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"


class PanelForm(forms.ModelForm):
    member_accounts = AccountChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Members who sign in",
        help_text="OPCC staff and partner or Police and Crime Panel members with an account. "
        "They see the panel's anonymised cases, meetings and actions.",
    )

    class Meta:
        model = Panel
        fields = ["name", "kind", "theme", "member_accounts", "other_members"]
        labels = {"kind": "How findings are recorded"}
        widgets = {"other_members": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        serving = (
            list(
                self.instance.memberships.filter(archived_at__isnull=True).values_list(
                    "user_id", flat=True
                )
            )
            if self.instance.pk
            else []
        )
        field = cast(forms.ModelMultipleChoiceField, self.fields["member_accounts"])
        # Those serving stay listed even if their role has since changed, so saving the form
        # does not silently drop them; the selector decides what they can see.
        field.queryset = User.objects.filter(
            Q(pk__in=panel_member_candidates().values("pk")) | Q(pk__in=serving)
        ).order_by("full_name", "email")
        self.initial.setdefault("member_accounts", serving)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = PanelMeeting
        fields = ["held_on", "theme", "minutes"]
        labels = {"held_on": "Date of the meeting"}
        widgets = {"held_on": DATE, "minutes": forms.Textarea(attrs={"rows": 8})}


class CasesForm(forms.Form):
    cases = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Cases",
        help_text=(
            "One case a line: reference, agency, type (for example OOCD-0042, Police, "
            "community resolution). References only: no names."
        ),
        error_messages={"required": "Enter at least one case"},
    )


class SampleForm(forms.Form):
    size = forms.IntegerField(label="Number of cases to review", min_value=1, max_value=500)
    case_type = forms.CharField(
        required=False, max_length=100, label="Only cases of this type (the meeting's theme)"
    )
    seed = forms.IntegerField(
        required=False, min_value=0, help_text="Leave blank to draw a new seed; it is recorded."
    )


class FindingsForm(forms.Form):
    observations = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Observations"
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == PanelKind.VICTIMS_CODE:
            for value, label in VictimsRight.choices:
                self.fields[f"right_{value}"] = forms.ChoiceField(
                    label=label,
                    choices=Compliance.choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Choose a finding for right {label[:2]}"},
                )
        else:
            self.fields["outcome"] = forms.ChoiceField(
                label="The panel's finding",
                choices=CaseOutcome.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose the panel's finding"},
            )

    def rights(self) -> dict[str, str]:
        if self.kind != PanelKind.VICTIMS_CODE:
            return {}
        return {value: self.cleaned_data[f"right_{value}"] for value in VictimsRight.values}


class ActionForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(max_length=200, help_text="The person or organisation who will act.")
    due_on = forms.DateField(label="Due by", widget=DATE)
    meeting = forms.ModelChoiceField(queryset=PanelMeeting.objects.none(), required=False)

    def __init__(self, *args: Any, panel: Panel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["meeting"]).queryset = panel.meetings.all()


class ActionCloseForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(ActionStatus.DONE, "Done"), (ActionStatus.DROPPED, "Dropped")],
        widget=forms.RadioSelect,
        label="Outcome",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Introduction",
        error_messages={"required": "Write an introduction for the public"},
    )


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
