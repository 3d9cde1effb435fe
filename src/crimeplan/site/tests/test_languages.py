"""Welsh where the site offers it: the language switch on every page remembers the visitor's
choice, the page says which language it is in, and every string of the public pages translated
so far has its Welsh (a string left unmarked, or marked without a translation, fails here)."""

import ast
import re
from functools import partial
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

from crimeplan.accounts.constants import Role
from crimeplan.accounts.tests.factories import OrganisationFactory, member
from crimeplan.asb_reviews.forms import ApplicationForm, IncidentForm
from crimeplan.commissioning.forms import (
    AttachmentForm,
    FundingForm,
    OrganisationDetailsForm,
    ProjectForm,
)
from crimeplan.complaint_reviews.forms import PublicApplicationForm
from crimeplan.core.forms import LanguageRadios
from crimeplan.voice.forms import ReportForm

pytestmark = pytest.mark.django_db

WELSH_TOO = [("en-gb", "English"), ("cy", "Cymraeg")]
TEMPLATES = Path(settings.SRC_DIR)
# The public templates translated so far (issue 20 brings every public page in): each string
# they show is marked for translation and has its Welsh.
TRANSLATED = [
    "templates/base.html",
    "templates/429.html",
    "site/templates/site/start.html",
    "site/templates/site/cookies.html",
    "site/templates/site/open_data.html",
    "site/templates/site/accessibility.html",
    "site/templates/site/privacy.html",
    "recommendations/templates/recommendations/public.html",
    "recommendations/templates/recommendations/includes/grades.html",
    "recommendations/templates/recommendations/includes/status.html",
    "geography/templates/geography/force_list.html",
    "geography/templates/geography/force_detail.html",
    "asb_reviews/templates/asb_reviews/figures.html",
    "asb_reviews/templates/asb_reviews/figures_table.html",
    "complaint_reviews/templates/complaint_reviews/figures.html",
    "commissioning/templates/commissioning/public_grants.html",
    "scrutiny/templates/scrutiny/public_report_list.html",
    "scrutiny/templates/scrutiny/public_report.html",
    "scrutiny/templates/scrutiny/includes/report_text.html",
    "scrutiny/templates/scrutiny/report_tables.html",
    "core/templates/core/includes/field.html",
    "core/templates/core/includes/error_summary.html",
    "core/templates/core/includes/honeypot.html",
    "asb_reviews/templates/asb_reviews/apply.html",
    "asb_reviews/templates/asb_reviews/apply_done.html",
    "asb_reviews/templates/asb_reviews/includes/letter_text.html",
    "voice/templates/voice/report_form.html",
    "voice/templates/voice/report_done.html",
    "voice/templates/voice/published_hotspots.html",
    "voice/templates/voice/survey_results.html",
    "voice/templates/voice/_answers.html",
    "voice/templates/voice/_district_counts.html",
    "voice/templates/voice/email/follow_up.txt",
    "complaint_reviews/templates/complaint_reviews/apply.html",
    "complaint_reviews/templates/complaint_reviews/apply_done.html",
    "complaint_reviews/templates/complaint_reviews/includes/letter_text.html",
    "commissioning/templates/commissioning/apply_start.html",
    "commissioning/templates/commissioning/apply_step.html",
    "commissioning/templates/commissioning/apply_check.html",
    "commissioning/templates/commissioning/apply_save.html",
    "commissioning/templates/commissioning/apply_ineligible.html",
    "commissioning/templates/commissioning/apply_done.html",
    "commissioning/templates/commissioning/email/decision.txt",
    "victims_code/templates/victims_code/figures.html",
    "victims_code/templates/victims_code/includes/figures_table.html",
    "victims_code/templates/victims_code/includes/feedback_public.html",
    "core/templates/core/includes/pagination.html",
    "delivery/templates/delivery/published_list.html",
    "delivery/templates/delivery/report_page.html",
    "delivery/templates/delivery/report/body.html",
    "performance/templates/performance/published_list.html",
    "performance/templates/performance/published.html",
    "core/templates/core/includes/meanwhile.html",
    "performance/templates/performance/includes/published_report.html",
]
# The public forms translated so far: every label, hint, message and choice they show.
# (The grant application's eligibility page is labelled by the round's own questions, as
# staff typed them; its yes/no and its message are checked in the browser, in Welsh.)
TRANSLATED_FORMS = [
    ApplicationForm,
    IncidentForm,
    ReportForm,
    PublicApplicationForm,
    OrganisationDetailsForm,
    ProjectForm,
    partial(FundingForm, costs_split=True),
    AttachmentForm,
]
# What they show that is the same in both languages: cookie names, a file format.
SAME_IN_BOTH = {"sessionid", "csrftoken", "JSON"}


def _marked(source: str) -> list[str]:
    """The msgids a template marks, as Django's makemessages reads them."""
    return [
        ast.literal_eval("'" + found + "'")
        for found in re.findall(r"gettext\(u'((?:[^'\\]|\\.)*)'\)", templatize(source))
    ]


def _unmarked(source: str) -> list[str]:
    """Visible text, and the text of labelling attributes, left outside a translation tag."""
    text = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", " ", source, flags=re.S)
    text = re.sub(r"{#.*?#}|<!--.*?-->|<script.*?</script>", " ", text, flags=re.S)
    text = re.sub(r"{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    labels = re.findall(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"', text)
    text = re.sub(r"<[^>]*>", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", " ".join([text, *labels]))
    return [word for word in words if word not in SAME_IN_BOTH and word != "DOCTYPE"]


@pytest.mark.parametrize("template", TRANSLATED)
def test_every_string_of_a_translated_public_template_has_its_welsh(template: str) -> None:
    source = (TEMPLATES / template).read_text()
    assert _unmarked(source) == [], f"{template}: text not marked for translation"
    marked = _marked(source)
    assert marked, template
    with translation.override("cy"):
        untranslated = [m for m in marked if translation.gettext(m) == m]
    assert untranslated == [], f"{template}: no Welsh for these"


def _shown(form: forms.Form) -> list[str]:
    """What a form can show: each field's label, hint, error messages and choices (but the
    names of places, which are data, and of languages, which are in their own language)."""
    shown: list[object] = []
    for field in form.fields.values():
        shown += [field.label, field.help_text, *field.error_messages.values()]
        # The bounds a date field declares (Django's own validators are Django's to translate).
        shown += [
            validator.message
            for validator in field.validators
            if isinstance(validator, MinValueValidator | MaxValueValidator)
        ]
        if isinstance(field, forms.ModelChoiceField):
            shown.append(field.empty_label)
        elif isinstance(field, forms.ChoiceField) and not isinstance(field.widget, LanguageRadios):
            shown += [label for _, label in field.choices]
    # (A lazy plural message with no count, Django's own FileField "max_length", reads as "".)
    return [str(text) for text in shown if text and str(text)]


@override_settings(LANGUAGES=WELSH_TOO)
@pytest.mark.parametrize(
    "form_class", TRANSLATED_FORMS, ids=lambda f: getattr(f, "__name__", None) or f.func.__name__
)
def test_every_string_of_a_translated_public_form_has_its_welsh(form_class) -> None:
    with translation.override("en-gb"):
        english = _shown(form_class())
    with translation.override("cy"):
        welsh = _shown(form_class())
    assert len(english) == len(welsh) > 0
    assert [e for e, w in zip(english, welsh, strict=True) if e == w] == []


def test_the_check_finds_an_unmarked_string_and_a_missing_translation() -> None:
    assert _unmarked('<p class="x">Report a place</p>{% translate "Menu" %}') == [
        "Report",
        "a",
        "place",
    ]
    assert _unmarked('<nav aria-label="Menu">{{ x }}</nav>') == ["Menu"]
    with translation.override("cy"):
        assert translation.gettext("No Welsh for this string") == "No Welsh for this string"


def test_an_english_force_shows_no_switch_and_stays_english(client) -> None:
    page = client.get(reverse("site:start"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="en-GB"' in page and "Skip to main content" in page
    assert "Cymraeg" not in page
    assert client.get(reverse("site:language", args=["cy"])).status_code == 404


@override_settings(LANGUAGES=WELSH_TOO, CRIMEPLAN_OPCC_NAME_CY="Swyddfa Comisiynydd (prawf)")
def test_the_switch_remembers_welsh_and_the_page_says_so(client) -> None:
    start = client.get(reverse("site:start")).content.decode()
    assert '<span aria-current="true">English</span>' in start
    assert f'href="{reverse("site:language", args=["cy"])}?next=/"' in start
    assert 'lang="cy" hreflang="cy">Cymraeg</a>' in start

    response = client.get(reverse("site:language", args=["cy"]), {"next": "/cookies/"})
    assert response.status_code == 302 and response["Location"] == "/cookies/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "cy" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60

    cookies = client.get("/cookies/").content.decode()
    assert '<html lang="cy"' in cookies and "Neidio i'r prif gynnwys" in cookies
    assert '<h1 class="govuk-heading-l">Cwcis</h1>' in cookies
    assert f">{settings.LANGUAGE_COOKIE_NAME}</td>" in cookies  # the new cookie is listed
    assert "Swyddfa Comisiynydd (prawf)" in cookies
    assert 'lang="en-GB" hreflang="en-GB">English</a>' in cookies

    client.get(reverse("site:language", args=["en-gb"]))
    assert '<html lang="en-GB"' in client.get("/cookies/").content.decode()


@override_settings(LANGUAGES=WELSH_TOO)
def test_a_browser_asking_for_welsh_gets_it_until_the_visitor_chooses(client) -> None:
    page = client.get(reverse("site:start"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Y Cynllun Heddlu a Throseddu" in page
    client.get(reverse("site:language", args=["en-gb"]))
    page = client.get(reverse("site:start"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "The Police and Crime Plan" in page


@override_settings(LANGUAGES=WELSH_TOO)
@pytest.mark.parametrize("after", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_the_switch_never_sends_the_visitor_off_the_site(client, after: str) -> None:
    response = client.get(reverse("site:language", args=["cy"]), {"next": after})
    assert response.status_code == 302 and response["Location"] == "/"


@override_settings(LANGUAGES=WELSH_TOO)
def test_whoever_is_signed_in_gets_english_and_no_switch(client) -> None:
    client.get(reverse("site:language", args=["cy"]))
    assert '<html lang="cy"' in client.get(reverse("site:start")).content.decode()
    client.force_login(member(Role.OPCC_POLICY, OrganisationFactory()))
    for path in (reverse("site:start"), reverse("site:staff_home")):
        response = client.get(path)
        page = response.content.decode()
        assert '<html lang="en-GB"' in page and "Skip to main content" in page, path
        assert "Cymraeg" not in page and response["Content-Language"] == "en-gb", path


def test_every_open_data_dataset_is_named_described_and_sourced_in_welsh() -> None:
    """The open-data page shows each dataset's title, description and source translated (the
    feed itself, for machines, keeps English): each is marked and has its Welsh."""
    from crimeplan.core import opendata

    found = opendata.datasets()
    assert len(found) >= 5
    with translation.override("cy"):
        untranslated = [
            text
            for dataset in found
            for text in (dataset.title, dataset.description, dataset.source)
            # As the page's {% translate dataset.title %} looks it up.
            if translation.gettext(text.replace("%", "%%")) == text.replace("%", "%%")
        ]
    assert untranslated == []


def test_every_verdict_word_is_marked_where_the_public_pages_translate_it() -> None:
    """The verdicts come from Django-free modules, so they are marked beside the pages that
    show them: every verdict the engine and the Victims' Code figures can give is marked."""
    from crimeplan.performance.constants import Verdict
    from crimeplan.performance.views import VERDICT_WORDS
    from crimeplan.victims_code import constants as victims_code
    from crimeplan.victims_code import figures

    assert set(VERDICT_WORDS) == {verdict.value for verdict in Verdict}
    assert set(victims_code.VERDICT_WORDS) == set(VERDICT_WORDS) | {
        figures.NOT_ENOUGH,
        figures.NO_PREVIOUS,
    }
    with translation.override("cy"):
        assert all(translation.gettext(word) != word for word in victims_code.VERDICT_WORDS)


def test_every_word_of_the_engine_a_welsh_report_copy_says_has_its_welsh() -> None:
    """A report's Welsh copy words the engine's values (aims, point types) and the chart's
    axes in Welsh: each is marked where it is said, and has its Welsh."""
    from crimeplan.performance.charts import CHART_WORDS, POINT_WORDS
    from crimeplan.performance.constants import Aim, PointType
    from crimeplan.performance.welsh import AIM_WORDS

    assert set(POINT_WORDS) == {point.value for point in PointType}
    with translation.override("en-gb"):
        assert {str(word) for word in AIM_WORDS} == {aim.value for aim in Aim}
    with translation.override("cy"):
        assert all(translation.gettext(w) != w for w in (*POINT_WORDS, *CHART_WORDS))
        assert all(translation.pgettext("performance aim", a.value) != a.value for a in Aim)
