"""A performance report published in Welsh too, where the site offers Welsh: the framework
file's Welsh names, the analysts' Welsh comments, charts and notes worded in Welsh, frozen
beside the English with the same figures, and its own PDF; what the Welsh copy lacks blocks
publication. Where the site does not offer Welsh, nothing of it is asked or made."""

import copy
import dataclasses
import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.world import build_world
from crimeplan.crime_data import aggregates
from crimeplan.performance import charts, commentary, computed, services
from crimeplan.performance import framework as fw
from crimeplan.performance.constants import Aim
from crimeplan.performance.models import Snapshot, SnapshotFile
from crimeplan.performance.spc import xmr
from crimeplan.performance.wording import Note, say

from .factories import example_files, saved_framework

SLUG = "gloucestershire-2021-25"
WELSH_ON = override_settings(LANGUAGES=[("en-gb", "English"), ("cy", "Cymraeg")])


def welsh_framework(text: str) -> fw.Framework:
    """The example framework with every Welsh key filled."""
    english = fw.loads(text)
    return dataclasses.replace(
        english,
        name_cy="Cynllun Atal Troseddu 2021-25",
        baseline=dataclasses.replace(english.baseline, label_cy="2019 (cy)"),
        current=dataclasses.replace(english.current, label_cy="12 mis hyd at Fedi 2023"),
        measures=tuple(
            dataclasses.replace(
                m,
                name_cy=f"Mesur {index}",
                period_note_cy=f"Nodyn {index}" if m.period_note else "",
            )
            for index, m in enumerate(english.measures, start=1)
        ),
    )


# -- the framework file and the notes (pure) ----------------------------------------------------


def test_the_framework_file_keeps_its_welsh_and_says_what_is_missing() -> None:
    text = framework_text()
    english = fw.loads(text)
    assert english.welsh_gaps[:3] == [
        "name_cy",
        "periods.baseline.label_cy",
        "periods.current.label_cy",
    ]
    assert f"measures[{len(english.measures)}].name_cy" in english.welsh_gaps
    welsh = welsh_framework(text)
    assert welsh.welsh_gaps == []
    again = fw.loads(fw.dumps(welsh))
    assert again == welsh
    assert 'name_cy = "Mesur 1"' in fw.dumps(welsh)
    assert "name_cy" not in fw.dumps(english)


def test_a_welsh_key_must_be_text() -> None:
    text = framework_text().replace('label = "2019"', 'label = "2019"\nlabel_cy = 2019', 1)
    with pytest.raises(fw.FrameworkError) as error:
        fw.loads(text)
    assert error.value.key == "periods.baseline.label_cy"


def test_a_note_is_its_english_and_can_be_said_again() -> None:
    note = Note(
        "%(measure)s: the force's figures are not complete.",
        measure_id="burglary",
        measure="Burglary",
    )
    assert note == "Burglary: the force's figures are not complete."
    assert "not complete" in note
    welsh = {"%(measure)s: the force's figures are not complete.": "%(measure)s: anghyflawn."}
    assert note.say(welsh.get) == "Burglary: anghyflawn."  # no Welsh name given
    assert note.say(welsh.get, names={"burglary": "Bwrgleriaeth"}) == "Bwrgleriaeth: anghyflawn."
    assert say("A plain note.", welsh.get) == "A plain note."
    # Copied (as a cache or a pickle copies it), it keeps what it was made from.
    assert copy.deepcopy(note).say(welsh.get) == "Burglary: anghyflawn."


# -- charts ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_welsh_chart_names_its_axes_months_and_points_in_welsh() -> None:
    months = [datetime.date(2024, m, 1) for m in range(1, 13)]
    result = xmr(
        months, [Decimal(v) for v in (10, 12, 11, 9, 13, 10, 12, 11, 10, 9, 12, 30)], aim=Aim.REDUCE
    )
    english = charts.xmr_chart(result, title="Burglary", description="A summary.")
    with translation.override("cy"):
        welsh = charts.xmr_chart(
            result, title="Bwrgleriaeth", description="Crynodeb.", translated=True
        )
    assert ">Month<" in english.svg and ">Mis<" not in english.svg
    assert ">Mis<" in welsh.svg and ">Nifer<" in welsh.svg and ">Amrywiad<" in welsh.svg
    assert ">Ion 2024<" in welsh.svg and ">Jan 2024<" in english.svg
    assert "pryder" in welsh.svg or "gwelliant" in welsh.svg
    assert "<title" in welsh.svg and "Bwrgleriaeth" in welsh.svg
    assert english.key != welsh.key


# -- publication ----------------------------------------------------------------------------


def framework_text() -> str:
    framework, _, _ = example_files()
    return framework.read_text()


def comment_where_needed(record, text: str, text_cy: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    needed = [
        r.measure.id for r in computed.computed_table(record).table.rows if r.aim_met is False
    ]
    for measure_id in needed:
        services.commentary_save(
            actor=None, record=record, measure_id=measure_id, text=text, text_cy=text_cy
        )
    return needed


@pytest.fixture
def loaded(reference: None) -> None:
    _, data, populations = example_files()
    aggregates.run(paths=[data, populations], force_id="gloucestershire")


@pytest.mark.django_db
@WELSH_ON
def test_what_the_welsh_copy_lacks_blocks_publication(loaded: None) -> None:
    record, _ = saved_framework(SLUG)
    comment_where_needed(record, "{measure} changed by {force_change}.", None)
    with pytest.raises(ValidationError) as error:
        services.publish(actor=None, record=record, title="Q2", title_cy="Ch2")
    message = " ".join(error.value.messages)
    assert "published in Welsh too" in message
    assert "the framework file's name_cy" in message and "measures[1].name_cy" in message
    assert "a Welsh comment on" in message
    assert not Snapshot.objects.exists()


@pytest.mark.django_db
@WELSH_ON
def test_a_report_is_published_in_welsh_beside_the_english(loaded: None, client) -> None:  # type: ignore[no-untyped-def]
    welsh = welsh_framework(framework_text())
    record, _ = services.framework_save(actor=None, slug=SLUG, toml=fw.dumps(welsh))
    needed = comment_where_needed(
        record, "{measure} changed by {force_change}.", "Newidiodd {measure} {force_change}."
    )
    assert needed
    with pytest.raises(ValidationError) as error:
        services.publish(actor=None, record=record, title="Q2 report", title_cy="  ")
    assert error.value.message_dict == {"title_cy": ["Enter the report's title in Welsh"]}

    snapshot = services.publish(
        actor=None, record=record, title="Q2 report", title_cy="Adroddiad Ch2"
    )
    english, copy = snapshot.document, snapshot.document_cy
    assert copy is not None
    assert copy["title"] == "Adroddiad Ch2" and copy["language"] == "cy"
    assert copy["framework"] == "Cynllun Atal Troseddu 2021-25"
    assert copy["periods"]["current"]["label"] == "12 mis hyd at Fedi 2023"
    assert copy["periods"]["current"]["start"] == english["periods"]["current"]["start"]
    assert len(copy["measures"]) == len(english["measures"])
    for index, (en, cy) in enumerate(zip(english["measures"], copy["measures"], strict=True), 1):
        assert cy["measure"] == f"Mesur {index}"
        for key in ("id", "force_baseline", "force_current", "force_change", "verdict"):
            assert cy[key] == en[key], (key, en["id"])
        assert cy["aim"] in {"lleihau", "cynyddu", "monitro"}
        if en["id"] in needed:
            # The Welsh comment is filled from the same row, with the Welsh name.
            figure = en["force_change"]
            unit = "%" if en["change_unit"] == "%" else " pwynt canran"
            assert cy["comment"] == f"Newidiodd Mesur {index} {figure}{unit}."
            assert en["comment"].startswith(en["measure"])
        # The example's figures are yearly: no monthly series to chart, said in Welsh.
        assert cy["chart_summary"].startswith("Dim cyfres fisol: ")
    assert any("mae'r cyfraddau'n defnyddio poblogaeth" in note for note in copy["notes"])
    assert any("12 mis hyd at Fedi 2023" in note for note in copy["notes"])
    assert any("rates use the" in note for note in english["notes"])

    formats = set(SnapshotFile.objects.filter(snapshot=snapshot).values_list("format", flat=True))
    assert formats == {"csv", "xlsx", "ods", "pdf", "pdf-cy"}
    welsh_pdf = bytes(SnapshotFile.objects.get(snapshot=snapshot, format="pdf-cy").content)
    reader = pypdf.PdfReader(io.BytesIO(welsh_pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Adroddiad Ch2" in text and "Mesur 1" in text and "Trwydded" in text
    # The figures in full, as the English PDF has them, and how the change is tested.
    assert "Y ffigurau yn llawn" in text and "prawf sgôr Poisson" in text
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert reader.metadata is not None and reader.metadata.title == "Adroddiad Ch2"

    # The Welsh page shows the Welsh copy; the English page is as it was.
    client.get(reverse("site:language", args=["cy"]))
    page = client.get(reverse("performance:published", args=[SLUG, snapshot.number])).text
    main = page.split("<main", 1)[1]
    assert "Adroddiad Ch2" in main and "Mesur 1" in main and "Newidiodd Mesur" in main
    assert "yn Saesneg yn unig" not in main and 'lang="en-GB"' not in main
    listing = client.get(reverse("performance:published_list")).text
    assert ">Adroddiad Ch2</a>" in listing
    assert "yn Saesneg yn unig" not in listing  # every listed report has its Welsh copy
    download = client.get(
        reverse("performance:published_download", args=[SLUG, snapshot.number, "pdf"])
    )
    assert download.content == welsh_pdf
    assert "-cy.pdf" in download["Content-Disposition"]
    client.get(reverse("site:language", args=["en-gb"]))
    page = client.get(reverse("performance:published", args=[SLUG, snapshot.number])).text
    assert "Q2 report" in page and "Mesur 1" not in page
    download = client.get(
        reverse("performance:published_download", args=[SLUG, snapshot.number, "pdf"])
    )
    assert "-cy" not in download["Content-Disposition"]


@pytest.mark.django_db
def test_where_welsh_is_not_offered_nothing_of_it_is_asked_or_made(loaded: None) -> None:
    record, _ = saved_framework(SLUG)
    comment_where_needed(record, "{measure} changed.", None)
    assert services.readiness(computed.computed_table(record).table, {}).missing_welsh == []
    snapshot = services.publish(actor=None, record=record, title="Q2 report")
    assert snapshot.document_cy is None
    assert not SnapshotFile.objects.filter(snapshot=snapshot, format="pdf-cy").exists()


@pytest.mark.parametrize(
    "typed",
    [
        "Gostyngiad o 12 y cant.",
        "Cododd 12.5 canran.",
        "Newid o 3 pwynt canran.",
        "Newid o 3 o bwyntiau canran.",
        "{mesur} wedi newid.",
    ],
)
def test_a_welsh_comment_is_checked_as_an_english_one_is(typed: str) -> None:
    with pytest.raises(commentary.CommentError):
        commentary.check(typed)


@pytest.mark.django_db
def test_welsh_written_for_an_old_english_comment_is_asked_for_again(loaded: None) -> None:
    record, _ = saved_framework(SLUG)
    saved = services.commentary_save(
        actor=None, record=record, measure_id="all-crime", text="{measure} rose.", text_cy="Cododd."
    )
    # Saved where Welsh is not offered (no Welsh given): the same English keeps its Welsh...
    services.commentary_save(
        actor=None, record=record, measure_id="all-crime", text="{measure} rose."
    )
    saved.refresh_from_db()
    assert saved.text_cy == "Cododd."
    # ...a changed English drops it, so the Welsh copy cannot say the old comment.
    services.commentary_save(actor=None, record=record, measure_id="all-crime", text="It fell.")
    saved.refresh_from_db()
    assert saved.text_cy == ""


@pytest.mark.django_db
def test_a_monthly_chart_and_its_summary_in_welsh(reference: None) -> None:
    from django.conf import settings

    from crimeplan.crime_data import policeuk
    from crimeplan.performance.demo import REFERENCE

    policeuk.run(paths=[settings.CRIMEPLAN_SHARED_DATA / "police-uk-street-2024-jan-apr"])
    text = (REFERENCE / "police-uk-2024.toml").read_text()
    english = fw.loads(text)
    welsh = dataclasses.replace(
        english,
        measures=tuple(
            dataclasses.replace(m, name_cy="Byrgleriaeth") if m.id == "burglary-police-uk" else m
            for m in english.measures
        ),
    )
    record, _ = services.framework_save(actor=None, slug="early-2024", toml=fw.dumps(welsh))
    en = services.measure_chart(record, welsh, "burglary-police-uk")
    cy = services.measure_chart(record, welsh, "burglary-police-uk", language="cy")
    assert en["summary"].startswith("4 months of Burglary from police.uk street-level crime")
    assert cy["summary"].startswith("Byrgleriaeth: 4 mis o ddata (ffynhonnell: troseddau lefel")
    assert "Ionawr 2024 i Ebrill 2024" in cy["summary"] and "Cymedr" in cy["summary"]
    assert ">Ion 2024<" in cy["svg"] and ">Mis<" in cy["svg"] and ">Jan 2024<" in en["svg"]
    assert "Byrgleriaeth: siart XmR misol" in cy["svg"]


@pytest.mark.django_db
@WELSH_ON
def test_the_analyst_is_asked_for_the_welsh_comment_and_title(loaded: None, client) -> None:  # type: ignore[no-untyped-def]
    record, _ = saved_framework(SLUG)
    measure = next(r for r in computed.computed_table(record).table.rows if r.aim_met is False)
    client.force_login(build_world().people[Role.OPCC_ANALYST])
    url = reverse("performance:commentary_edit", args=[SLUG, measure.measure.id])
    assert "Comment in Welsh" in client.get(url).text
    response = client.post(url, {"text": "{measure} changed.", "text_cy": ""})
    assert response.status_code == 200 and "Enter the comment in Welsh" in response.text
    response = client.post(url, {"text": "{measure} changed.", "text_cy": "Codi o 5 y cant."})
    assert response.status_code == 200 and "typed figure" in response.text
    response = client.post(url, {"text": "{measure} changed.", "text_cy": "Newidiodd {measure}."})
    assert response.status_code == 302
    saved = record.commentary.get(measure_id=measure.measure.id)
    assert saved.text_cy == "Newidiodd {measure}."
    assert saved.history.count() == 1  # audited as any change to a comment is
    publish = client.get(reverse("performance:publish", args=[SLUG])).text
    assert "Title of the report in Welsh" in publish
    assert "Its Welsh copy needs: the framework file&#x27;s name_cy" in publish
    response = client.post(reverse("performance:publish", args=[SLUG]), {"title": "Q2"})
    assert response.status_code == 200 and "Enter the report&#x27;s title in Welsh" in response.text
    assert not Snapshot.objects.exists()
