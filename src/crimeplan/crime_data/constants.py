from django.db import models


class DatasetKind(models.TextChoices):
    """What a stored slice of police.uk data is. API extracts cover an area around a point,
    not a whole force, so they are kept apart from the archive's force-wide street data."""

    STREET = "street", "Street-level crime (archive)"
    STREET_API = "street_api", "Street-level crime (police.uk API extract)"
    OUTCOMES = "outcomes", "Outcomes"
    STOP_AND_SEARCH = "stop_and_search", "Stop and search"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class ImportKind(models.TextChoices):
    POLICE_UK = "police_uk", "police.uk files"
    RECORDED_CRIME = "recorded_crime", "Home Office recorded crime"
    AGGREGATES = "aggregates", "Aggregated-data template"
    POPULATIONS = "populations", "Population template"


class AreaKind(models.TextChoices):
    FORCE = "force", "Force"
    DISTRICT = "district", "District"
    GROUP = "msg", "Comparison group (figure supplied for the group as a whole)"
    REGION = "region", "The force's region as a whole (e.g. South West)"
    NATIONAL = "national", "England and Wales"
