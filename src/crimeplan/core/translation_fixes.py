"""Corrections to Django's own Welsh catalogue. This project's catalogue is searched first
(LOCALE_PATHS), so an entry in it wins; the texts are marked here so that `makemessages`
keeps them."""

from django.utils.translation import gettext_noop, pgettext_lazy

CORRECTED = (
    # Django's Welsh spells July "Gorffenaf"; it is "Gorffennaf".
    gettext_noop("July"),
    pgettext_lazy("alt. month", "July"),
)
