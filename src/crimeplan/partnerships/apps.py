from crimeplan.core.plugins import ModuleConfig, NavEntry


class PartnershipsConfig(ModuleConfig):
    name = "crimeplan.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships, boards and jointly funded posts"
    url_prefix = "partnerships/"
    urls = "crimeplan.partnerships.urls"
    api_prefix = "/partnerships"
    api_router = "crimeplan.partnerships.api.router"
    navigation = (
        NavEntry(
            "Partnerships",
            "partnerships:board_list",
            "crimeplan.partnerships.selectors.shows_register",
            35,
        ),
    )
    permissions = "crimeplan.partnerships.permissions"
    demo = "crimeplan.partnerships.demo"
