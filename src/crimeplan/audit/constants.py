from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    ARCHIVE = "archive", "Archived"
    ROLE_CHANGE = "role_change", "Role changed"
    EXPORT = "export", "Exported"
    VIEW = "view", "Viewed a sensitive page"
    IMPORT = "import", "Imported"
