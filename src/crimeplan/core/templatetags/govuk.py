"""Renders Django form fields with GOV.UK Design System markup."""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from crimeplan.core.forms import GovukDateInput, date_parts

register = template.Library()


def field_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.filter
def govuk_anchor(field: BoundField) -> str:
    """The id an error-summary link should point at: the first option of a group."""
    if field_kind(field) in {"checkboxes", "radios"}:
        return f"{field.auto_id}_0"
    if field_kind(field) == "date":
        return f"{field.auto_id}_day"
    return str(field.id_for_label)


@register.inclusion_tag("core/includes/field.html")
def govuk_field(field: BoundField, width: str = "") -> dict[str, object]:
    kind = field_kind(field)
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    widget_html: SafeString | str = ""
    if kind in {"input", "select", "textarea"}:
        base = {"input": "govuk-input", "select": "govuk-select", "textarea": "govuk-textarea"}[
            kind
        ]
        classes = [base]
        if field.errors:
            classes.append(f"{base}--error")
        if width:
            classes.append(f"govuk-input--width-{width}" if kind == "input" else "")
        attrs: dict[str, str | bool] = {"class": " ".join(c for c in classes if c)}
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        widget_html = field.as_widget(attrs=attrs)
    return {
        "field": field,
        "kind": kind,
        "widget_html": widget_html,
        "described_by": " ".join(described_by),
        "date": date_parts(field.value()) if kind == "date" else None,
    }
