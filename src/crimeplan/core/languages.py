"""Which languages an installation offers the public: Welsh beside English for a Welsh force.

The four forces of Wales are bound by the Welsh Language Standards: every public page, form,
letter and publication must be available in Welsh, treated no less favourably than English.
`CRIMEPLAN_LANGUAGES` (comma-separated codes) says which languages the site offers; unset, it
is English and Welsh for the Welsh forces and English elsewhere. English is always offered:
staff pages are written in it. Pure (read by the settings, tested without Django), but for
`welsh_offered`, which reads them.
"""

from collections.abc import Sequence

ENGLISH = "en-gb"
WELSH = "cy"
# Each language's own name for itself, as a language switch shows it.
NAMES = {ENGLISH: "English", WELSH: "Cymraeg"}
# Each language's tag for a page's `lang` attribute (BCP 47, as GOV.UK writes it).
HTML_LANG = {ENGLISH: "en-GB", WELSH: "cy"}
# The police.uk ids of the four forces of Wales.
WELSH_FORCES = frozenset({"dyfed-powys", "gwent", "north-wales", "south-wales"})


class LanguageSettingError(ValueError):
    """CRIMEPLAN_LANGUAGES names a language the site does not have, or leaves out English."""


def languages_for(force: str, configured: str | None = None) -> Sequence[tuple[str, str]]:
    """(code, name) of each language offered, English first."""
    if not configured or not configured.strip():
        codes = [ENGLISH, WELSH] if force in WELSH_FORCES else [ENGLISH]
    else:
        codes = [code.strip().lower() for code in configured.split(",") if code.strip()]
        unknown = [code for code in codes if code not in NAMES]
        if unknown:
            raise LanguageSettingError(
                f"CRIMEPLAN_LANGUAGES: {', '.join(unknown)} is not a language the site has "
                f"(it has {', '.join(NAMES)})"
            )
        if ENGLISH not in codes:
            raise LanguageSettingError(
                f"CRIMEPLAN_LANGUAGES: {ENGLISH} must be one of them (staff pages are in English)"
            )
    ordered = [ENGLISH, *sorted(set(codes) - {ENGLISH})]
    return [(code, NAMES[code]) for code in ordered]


def html_lang(code: str) -> str:
    """The `lang` attribute for a page in the language `code` (English for any other)."""
    return HTML_LANG.get(code, HTML_LANG[ENGLISH])


def welsh_offered() -> bool:
    """Whether the site offers Welsh (its LANGUAGES, from `languages_for`), so that what it
    publishes is published in Welsh too. The one function here that reads Django's settings."""
    from django.conf import settings

    return WELSH in dict(settings.LANGUAGES)


def name_in(language: str | None, english: str, welsh: str) -> str:
    """A name (the OPCC's) in `language`: its Welsh name where Welsh is asked for and one is
    configured, otherwise its English name."""
    return welsh if language == WELSH and welsh else english
