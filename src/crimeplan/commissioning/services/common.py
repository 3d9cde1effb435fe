"""What every commissioning service shares: the audit event of a new record, and sums of
pence. (A change is recorded with `crimeplan.audit.services.audited_change`.)"""

from typing import Any

from django.db import models
from django.db.models import Sum

from crimeplan.audit.services import audit_change


def record_created(instance: models.Model, *, actor: Any, summary: str) -> None:
    audit_change(actor=actor, instance=instance, summary=summary)


def sum_pence(queryset: models.QuerySet[Any], field: str = "amount_pence") -> int:
    return int(queryset.aggregate(total=Sum(field))["total"] or 0)
