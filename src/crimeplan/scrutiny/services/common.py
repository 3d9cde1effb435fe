"""What the scrutiny services share: the rota's year-long window for a pair's visits, and
saving a record a form has changed, audited against the stored row."""

from typing import Any

from crimeplan.audit.services import audited_change

from .. import rota

PAIR_HISTORY_DAYS = rota.PAIR_WINDOW_DAYS


def audited_save(instance: Any, *, actor: Any, summary: str) -> None:
    """Saves a record a form has changed (or made), audited against the stored row."""
    with audited_change(instance, actor=actor, summary=summary, stored=True):
        instance.full_clean()
        instance.save()
