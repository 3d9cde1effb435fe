from crimeplan.core.plugins import ModuleConfig, NavEntry


class GeographyConfig(ModuleConfig):
    name = "crimeplan.geography"
    label = "geography"
    verbose_name = "Geography"
    url_prefix = "forces/"
    urls = "crimeplan.geography.urls"
    permissions = "crimeplan.geography.permissions"
    navigation = (
        NavEntry(
            "Forces and areas",
            "geography:force_list",
            "crimeplan.geography.selectors.shows_forces",
            130,
        ),
    )
