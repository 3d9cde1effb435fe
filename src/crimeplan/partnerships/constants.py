"""Kinds of board, the OPCC's part in each, meeting statuses and the register's limits."""

from django.db import models

# Rows a list page shows at a time.
PAGE_SIZE = 25
# Financial years a funding line may be for ("2023/24" is stored as 2023).
EARLIEST_FINANCIAL_YEAR = 2000
LATEST_FINANCIAL_YEAR = 2100


class BoardKind(models.TextChoices):
    PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
    STRATEGIC_BOARD = "strategic_board", "Strategic board"
    COLLABORATION_BOARD = "collaboration_board", "Collaboration board"
    DELIVERY_GROUP = "delivery_group", "Delivery or working group"
    PANEL = "panel", "Panel"


class OpccRole(models.TextChoices):
    """What the OPCC does on the board."""

    CHAIRS = "chairs", "Chairs the board"
    HOSTS = "hosts", "Hosts the board's co-ordinator or secretariat"
    MEMBER = "member", "Member"
    ATTENDS = "attends", "Attends as an observer"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


def financial_year_label(start_year: int) -> str:
    """2023 -> "2023/24": the financial year that starts in April of `start_year`."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"
