"""Changes to delivery plans. Each service validates, saves, writes the audit trail in the
same transaction, and returns what it changed.

By stage: `plan_files` (importing a plan file, and a stored plan's file), `editing` (the
plan's content and its priorities) and `actions` (actions, milestones and progress updates);
each change to a plan's content records a revision. Callers import the package,
`from crimeplan.delivery import services`, never a stage's module.
"""

from .actions import (
    ACTION_M2M,
    action_create,
    action_update,
    milestone_save,
    progress_update_add,
    public_update_add,
    public_update_withdraw,
)
from .editing import (
    ItemEdit,
    plan_content_update,
    priority_update,
)
from .plan_files import (
    plan_import,
    plan_spec,
)

__all__ = [
    "ACTION_M2M",
    "ItemEdit",
    "action_create",
    "action_update",
    "milestone_save",
    "plan_content_update",
    "plan_import",
    "plan_spec",
    "priority_update",
    "progress_update_add",
    "public_update_add",
    "public_update_withdraw",
]
