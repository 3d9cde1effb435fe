"""Who sees the shell's own menu entries."""

from crimeplan.accounts.permissions import Viewer


def anyone(viewer: Viewer) -> bool:
    return True


def member(viewer: Viewer) -> bool:
    return viewer.is_member
