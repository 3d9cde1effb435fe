from django.apps import AppConfig


class VoiceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "crimeplan.voice"
    verbose_name = "The public's voice"
