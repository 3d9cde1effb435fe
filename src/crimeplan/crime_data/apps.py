from crimeplan.core.plugins import ModuleConfig, NavEntry


class CrimeDataConfig(ModuleConfig):
    name = "crimeplan.crime_data"
    label = "crime_data"
    verbose_name = "Crime data"
    url_prefix = "crime-data/"
    urls = "crimeplan.crime_data.urls"
    navigation = (
        NavEntry(
            "Crime data", "crime_data:summary", "crimeplan.crime_data.selectors.shows_summary", 100
        ),
        NavEntry(
            "Imports", "crime_data:import_list", "crimeplan.crime_data.selectors.shows_imports", 110
        ),
    )
    permissions = "crimeplan.crime_data.permissions"
    demo = "crimeplan.crime_data.demo"
