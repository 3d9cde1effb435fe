"""Issue 20: the plan update's Welsh copy. Where the site offers Welsh each version is published
in Welsh too, at the same moment: the report's own words from the site's catalogue, the
performance tables worded in Welsh, and what people typed from the plan's translation memory,
publication being refused while any of it lacks its Welsh."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from crimeplan.accounts.constants import Role
from crimeplan.audit.models import AuditEvent
from crimeplan.core.tests.world import build_world
from crimeplan.delivery import demo as delivery_demo
from crimeplan.delivery import report
from crimeplan.delivery.figures import placeholders
from crimeplan.delivery.models import Plan, Priority, WelshText
from crimeplan.delivery.report import Piece
from crimeplan.performance import contracts as performance
from crimeplan.performance import demo as performance_demo

from .test_report import snapshot_loaded  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

WELSH_ON = [("en-gb", "English"), ("cy", "Cymraeg")]


@pytest.fixture
def demo_plan(reference: None, settings) -> Plan:  # type: ignore[no-untyped-def]
    settings.CRIMEPLAN_FORCE = "gloucestershire"
    settings.LANGUAGES = WELSH_ON
    performance_demo.load()
    delivery_demo.load()
    return Plan.objects.get(slug=delivery_demo.SLUG)


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _stand_in(piece: Piece) -> str:
    """A stand-in for a translator's Welsh: the English marked "cy:", its placeholders and
    tags kept, so the test can find where each piece is printed."""
    return f"<p>cy:</p>{piece.source}" if piece.html else f"cy:{piece.source}"


def _translate_everything(plan: Plan) -> list[Piece]:
    built, _body = report.draft(plan, welsh=True)
    pieces = list(built.translator.pieces.values())
    report.welsh_save(
        plan=plan, actor=None, pieces=pieces, welsh={p.key: _stand_in(p) for p in pieces}
    )
    return pieces


def test_the_welsh_copy_asks_for_each_typed_piece_and_is_worded_in_welsh(demo_plan) -> None:  # type: ignore[no-untyped-def]
    built, body = report.draft(demo_plan, welsh=True)
    pieces = {p.where: p for p in built.translator.pieces.values()}
    first = demo_plan.priorities.first()
    assert pieces["The plan's name"].source == demo_plan.name
    assert pieces["Foreword"].html and pieces["Foreword"].source == demo_plan.foreword
    assert pieces[f"Priority {first.code}: its title"].source == first.title
    assert pieces[f"Priority {first.code}: commitment 1"].source == (first.commitments.first().text)
    # A delivered item's evidence is named apart from its text.
    item = next(i for i in first.items.all() if i.kind == "delivered" and i.evidence)
    evidence = built.translator.pieces[item.evidence]
    kind = item.get_kind_display().lower()
    assert evidence.where == f"{first.code}, {kind} item {item.position}: its evidence"
    assert built.translator.pieces[item.text].where == f"{first.code}, {kind} item {item.position}"
    # The framework files give no Welsh names, so the tables' names are asked for too.
    assert any(w.startswith("The table 'gloucestershire-2021-25") for w in pieces)
    # None has Welsh yet: each is printed in English, and all of them are missing.
    assert len(built.translator.missing) == len(built.translator.pieces) > 50
    assert '<article class="plan-report" lang="cy">' in body
    text = _text(body)
    for welsh in ("Cynnwys", "Rhagair", "Y cynllun ar un dudalen", "Blaenoriaeth 1:", "Geirfa"):
        assert welsh in text, welsh
    assert "Nifer: heddlu" in text and "Prawf siawns" in text  # the tables' own words
    assert "Contents" not in text and "What we've done" not in text


def test_publication_waits_for_every_piece_of_welsh_then_publishes_both(demo_plan) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(report.PublicationBlocked) as blocked:
        report.report_publish(plan=demo_plan, actor=None)
    lacking = [p for p in blocked.value.problems if "lacks the Welsh" in p]
    assert len(lacking) == 1 and lacking[0].startswith("In the Welsh copy: The Welsh copy lacks")
    built, _body = report.draft(demo_plan, welsh=True)
    count = len(built.translator.pieces)
    assert f"lacks the Welsh of {count} pieces of the plan's text" in lacking[0]
    assert f"; and {count - 5} more. Add it on" in lacking[0]
    assert not demo_plan.published_reports.exists()

    pieces = _translate_everything(demo_plan)
    published = report.report_publish(plan=demo_plan, actor=None)
    first = demo_plan.priorities.first()
    welsh = _text(published.html_cy)
    assert '<article class="plan-report" lang="cy">' in published.html_cy
    assert published.title_cy.startswith(f"cy:{demo_plan.name}: diweddariad, ")
    assert f"Blaenoriaeth 1: cy:{first.title}" in welsh
    assert "cy: " + _text(first.commitments.first().text).strip() in welsh or (
        f"cy:{first.commitments.first().text}" in welsh
    )
    # Figures written into the text are filled in in the Welsh as in the English.
    assert "{" not in welsh and "{" not in _text(published.html)
    with_figures = next(p for p in pieces if placeholders(p.source))
    assert "cy:" + with_figures.source.split("{")[0] in welsh
    # The English is as it was: no stand-in Welsh, tagged English.
    assert "cy:" not in published.html and 'lang="en-GB"' in published.html
    assert bytes(published.pdf_cy).startswith(b"%PDF") and bytes(published.pdf).startswith(b"%PDF")
    assert bytes(published.pdf_cy) != bytes(published.pdf)


def test_english_that_changes_needs_its_welsh_again(demo_plan) -> None:  # type: ignore[no-untyped-def]
    _translate_everything(demo_plan)
    built, _body = report.draft(demo_plan, welsh=True)
    assert built.translator.missing == []
    priority = demo_plan.priorities.first()
    Priority.objects.filter(pk=priority.pk).update(title="Safer roads for everyone")
    built, _body = report.draft(demo_plan, welsh=True)
    assert [p.where for p in built.translator.missing] == [f"Priority {priority.code}: its title"]


def test_welsh_must_keep_the_figures_of_its_english_and_is_saved_all_or_nothing(  # type: ignore[no-untyped-def]
    demo_plan,
) -> None:
    figures = Piece("Priority P1, delivered item 2", "Down {burglary.force_change}", False, "")
    rich = Piece("Foreword", "<p>Hello</p>", True, "")
    with pytest.raises(ValidationError) as refused:
        report.welsh_save(
            plan=demo_plan,
            actor=None,
            pieces=[figures, rich],
            welsh={rich.key: "<p>Helo</p>", figures.key: "I lawr {burglary.group_change}"},
        )
    assert refused.value.messages == [
        "Priority P1, delivered item 2: the Welsh must hold the same figure placeholders as "
        "the English ({burglary.force_change})"
    ]
    assert not WelshText.objects.exists()
    changed = report.welsh_save(
        plan=demo_plan,
        actor=None,
        pieces=[figures, rich],
        welsh={
            rich.key: '<p>Helo</p><script>alert("x")</script>',
            figures.key: "I lawr {burglary.force_change}",
        },
    )
    assert changed == 2
    assert WelshText.objects.get(source="<p>Hello</p>").welsh == "<p>Helo</p>"
    event = AuditEvent.objects.filter(object_id=str(demo_plan.pk)).latest("pk")
    assert "Welsh of 2 piece(s)" in event.summary and "Helo" not in str(event.__dict__)
    # A blank Welsh takes it away; a piece the update no longer prints is refused.
    assert report.welsh_save(plan=demo_plan, actor=None, pieces=[rich], welsh={rich.key: " "}) == 1
    with pytest.raises(ValidationError, match="not in the plan update any more"):
        report.welsh_save(plan=demo_plan, actor=None, pieces=[rich], welsh={figures.key: "x"})


def test_a_welsh_table_takes_the_frameworks_welsh_and_says_the_rest(demo_plan) -> None:  # type: ignore[no-untyped-def]
    asked: list[tuple[str, str]] = []

    def say(text: str, where: str) -> str:
        asked.append((text, where))
        return f"cy:{text}"

    ranks = 0
    said = {"Yes": "Ie", "No": "Na", "": ""}
    for slug in demo_plan.report_frameworks:
        english = performance.report_table(slug)
        welsh = performance.report_table(slug, welsh=True, say=say)
        assert welsh.title == f"cy:{english.title}"
        assert (english.title, "the table's title") in asked
        assert [r.measure for r in welsh.rows] == [f"cy:{r.measure}" for r in english.rows]
        assert welsh.columns[0].heading.endswith((": heddlu", "Targed"))
        assert [r.aim_met for r in welsh.rows] == [said[r.aim_met] for r in english.rows]
        assert welsh.significance.startswith("Dyfarniad: a yw newid yn fwy nag y byddai siawns")
        # The same figures; a rank is said "safle 3 o 43" (position 3 of 43) in Welsh.
        for ours, theirs in zip(english.rows, welsh.rows, strict=True):
            for key, value in ours.cells.items():
                if ours.kind == "rank" and value and key.startswith(("force_", "group_")):
                    ranks += 1
                    assert re.fullmatch(r"safle \d+ o \d+", theirs.cells[key]), theirs.cells[key]
                else:
                    assert theirs.cells[key] == value, (ours.measure_id, key)
        # The English table is untouched by having made a Welsh one.
        assert performance.report_table(slug) == english
    assert ranks, "the demo's tables hold a rank"


def test_the_staff_page_lists_what_lacks_welsh_and_saves_it(client, demo_plan) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    url = reverse("delivery:report_welsh", kwargs={"slug": demo_plan.slug})
    client.force_login(world.people[Role.PARTNER_VIEWER])
    assert client.get(url).status_code == 403
    client.force_login(world.people[Role.OPCC_POLICY])
    page = client.get(url)
    assert page.status_code == 200
    built, _body = report.draft(demo_plan, welsh=True)
    total = len(built.translator.pieces)
    assert f"{total} of the {total} pieces have no Welsh yet" in page.text
    assert page.text.count('lang="cy"') == 20  # a page of textareas
    first = built.translator.listed[0]
    assert first.where == "The plan's name"
    field = f"cy-{first.key}"
    assert f'name="{field}"' in page.text
    saved = client.post(url, {field: f"cy:{first.source}"})
    assert saved.status_code == 302
    assert WelshText.objects.get(plan=demo_plan, source=first.source).welsh == f"cy:{first.source}"
    assert f"{total - 1} of the {total} pieces" in client.get(url).text
    everything = client.get(url + "?show=all").text
    assert f"cy:{first.source}" in unescape(everything)
    figures = next(p for p in built.translator.pieces.values() if placeholders(p.source))
    refused = client.post(url, {f"cy-{figures.key}": "Dim ffigurau"})
    assert refused.status_code == 422
    assert "must hold the same figure placeholders" in refused.text
    assert "Dim ffigurau" in refused.text  # what was typed is kept


def test_the_staff_page_says_so_where_the_site_offers_no_welsh(client, demo_plan, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGES = [("en-gb", "English")]
    world = build_world()
    client.force_login(world.people[Role.OPCC_POLICY])
    page = client.get(reverse("delivery:report_welsh", kwargs={"slug": demo_plan.slug}))
    assert page.status_code == 200 and "offers its pages in English only" in page.text
    preview = reverse("delivery:report_preview", kwargs={"slug": demo_plan.slug})
    assert client.get(preview + "?copy=cy").status_code == 404


def test_a_reader_gets_the_copy_in_their_language_and_its_pdf(client, demo_plan) -> None:  # type: ignore[no-untyped-def]
    _translate_everything(demo_plan)
    published = report.report_publish(plan=demo_plan, actor=None)
    kwargs = {"slug": demo_plan.slug, "version": published.version}
    client.get(reverse("site:language", args=["cy"]))
    page = client.get(reverse("delivery:published_detail", kwargs=kwargs)).text
    assert '<html lang="cy"' in page and f"<title>{published.title_cy}" in unescape(page)
    assert "Cyhoeddwyd y fersiwn hon o ddiweddariad y cynllun yn Saesneg yn unig" not in page
    assert '<div lang="en-GB"><article' not in page
    assert f"cy:{demo_plan.name}" in unescape(page)
    pdf = client.get(reverse("delivery:published_pdf_export", kwargs=kwargs))
    assert pdf.content == bytes(published.pdf_cy)
    assert f"{demo_plan.slug}-update-v{published.version}-cy.pdf" in pdf["Content-Disposition"]
    client.get(reverse("site:language", args=["en-gb"]))
    english = client.get(reverse("delivery:published_detail", kwargs=kwargs)).text
    assert "cy:" not in english
    pdf = client.get(reverse("delivery:published_pdf_export", kwargs=kwargs))
    assert pdf.content == bytes(published.pdf)


def test_the_long_run_chart_is_worded_in_welsh_with_the_same_figures(demo_plan) -> None:  # type: ignore[no-untyped-def]
    english = performance.longrun_chart(demo_plan.force_id)
    welsh = performance.longrun_chart(demo_plan.force_id, welsh=True)
    assert english is not None and welsh is not None
    assert welsh.summary.startswith(
        "Digwyddiadau ymddygiad gwrthgymdeithasol a gofnodwyd gan yr heddlu fesul 1,000 o bobl"
    )
    assert "O gymharu â y Grŵp Mwyaf Tebyg, roedd cyfradd Gloucestershire" in welsh.summary
    assert "year ending" not in welsh.summary
    assert welsh.columns[0] == "Blwyddyn yn dod i ben fis Mawrth"
    assert all(column.endswith("(fesul 1,000)") for column in welsh.columns[1:])
    not_held = {"not held": "heb ei gadw"}
    assert welsh.rows == [[not_held.get(cell, cell) for cell in row] for row in english.rows]
    assert "Digwyddiadau ymddygiad gwrthgymdeithasol fesul 1,000 o bobl fesul blwyddyn" in welsh.svg
    assert welsh.svg != english.svg and welsh.source == english.source
    # The English is as it was, whichever was drawn first.
    assert performance.longrun_chart(demo_plan.force_id) == english
    assert english.summary.startswith("Anti-social behaviour incidents recorded by the police")


def test_a_later_welsh_copy_says_in_welsh_what_changed(demo_plan) -> None:  # type: ignore[no-untyped-def]
    _translate_everything(demo_plan)
    report.report_publish(plan=demo_plan, actor=None)
    priority = demo_plan.priorities.first()
    item = priority.items.filter(kind="delivered").first()
    item.text = "A new community safety hub opened"
    item.save()
    _translate_everything(demo_plan)
    second = report.report_publish(plan=demo_plan, actor=None)
    assert "What changed since version 1" in second.html
    assert "Beth sydd wedi newid ers fersiwn 1" in second.html_cy
    changes = re.search(r'id="changes">.*?</section>', second.html_cy, re.S).group(0)
    lines = re.findall(r"<li>(.*?)</li>", changes)
    assert lines and all(unescape(line).startswith("Adran ") for line in lines), lines
    assert any(
        "ychwanegwyd 'cy:A new community safety hub opened" in unescape(line) for line in lines
    ), lines


def test_the_welsh_copy_says_its_acronyms_and_verdicts_in_welsh(demo_plan) -> None:  # type: ignore[no-untyped-def]
    pieces = _translate_everything(demo_plan)
    published = report.report_publish(plan=demo_plan, actor=None)
    glossary = {
        p.where.removeprefix("Glossary: "): p for p in pieces if p.where.startswith("Glossary: ")
    }
    acronym, piece = next(iter(glossary.items()))
    # The first use of an acronym is marked with its expansion, in each copy's language.
    assert f'<abbr title="cy:{piece.source}">{acronym}</abbr>' in published.html_cy
    assert f'<abbr title="{piece.source}">{acronym}</abbr>' in published.html
    assert "cy:" not in re.sub(r"<abbr[^>]*>", "", published.html)
    # A verdict written into the text as a figure is said in the copy's language.
    lookup_en = report.tables._figure_lookup(report.build_report(plan=demo_plan).tables)
    built_cy = report.build_report(plan=demo_plan, welsh=True)
    with translation.override("cy"):
        lookup_cy = report.tables._figure_lookup(built_cy.tables)
    slug = demo_plan.report_frameworks[0]
    measure = built_cy.tables[0].rows[0].measure_id
    assert lookup_en(slug, measure)["verdict"] in {
        "significant improvement",
        "significant deterioration",
        "no significant change",
        "significant change",
        "not testable",
    }
    assert lookup_cy(slug, measure)["verdict"] in {
        "gwelliant arwyddocaol",
        "dirywiad arwyddocaol",
        "dim newid arwyddocaol",
        "newid arwyddocaol",
        "dim modd ei brofi",
    }


def test_a_printed_table_is_said_in_welsh_from_the_memory(  # type: ignore[no-untyped-def]
    reference,
    snapshot_loaded,  # noqa: F811
    settings,
) -> None:
    from .factories import plan_from_fixture

    settings.LANGUAGES = WELSH_ON
    plan = plan_from_fixture()
    english = report.build_report(plan=plan).tables[0]
    built = report.build_report(plan=plan, welsh=True)
    wheres = [p.where for p in built.translator.listed]
    assert "The table 'printed': the table's title" in wheres
    assert f"The table 'printed': the measure {english.rows[0].measure_id}" in wheres
    _translate_everything(plan)
    welsh = report.build_report(plan=plan, welsh=True).tables[0]
    assert welsh.title == f"cy:{english.title}" and welsh.source == f"cy:{english.source}"
    assert [r.measure for r in welsh.rows] == [f"cy:{r.measure}" for r in english.rows]
    assert [r.cells for r in welsh.rows] == [r.cells for r in english.rows]
    said = {"Yes": "Ie", "No": "Na", "": ""}
    assert [r.aim_met for r in welsh.rows] == [
        said.get(r.aim_met, f"cy:{r.aim_met}") for r in english.rows
    ]


def test_the_published_list_names_each_version_in_the_readers_language(
    client, demo_plan, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGES = [("en-gb", "English")]
    older = report.report_publish(plan=demo_plan, actor=None)  # before Welsh was offered
    settings.LANGUAGES = WELSH_ON
    _translate_everything(demo_plan)
    newer = report.report_publish(plan=demo_plan, actor=None)
    assert not older.title_cy and newer.title_cy
    client.get(reverse("site:language", args=["cy"]))
    listing = unescape(client.get(reverse("delivery:published_list")).text)
    assert f">{newer.title_cy}</a>" in listing
    assert f'lang="en-GB">{older.title}</a> (yn Saesneg yn unig)' in listing
    client.get(reverse("site:language", args=["en-gb"]))
    listing = unescape(client.get(reverse("delivery:published_list")).text)
    assert listing.count(f">{older.title}</a>") == 2 and "cy:" not in listing


def test_staff_read_the_welsh_copy_and_keep_their_page_when_saving(client, demo_plan) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    client.force_login(world.people[Role.OPCC_POLICY])
    url = reverse("delivery:report_welsh", kwargs={"slug": demo_plan.slug})
    built, _body = report.draft(demo_plan, welsh=True)
    second_page = built.translator.listed[20]
    saved = client.post(f"{url}?show=all&page=2", {f"cy-{second_page.key}": "Cymraeg"})
    assert saved.status_code == 302 and saved["Location"] == f"{url}?show=all&page=2"
    # A refused piece is marked where it is, and the summary links to it.
    figures = next(p for p in built.translator.listed if placeholders(p.source))
    refused = client.post(url, {f"cy-{figures.key}": "<b>Dim</b> ffigurau"}).text
    assert f'href="#welsh-{figures.key}"' in refused
    assert f'aria-describedby="welsh-{figures.key}-hint welsh-{figures.key}-error"' in refused
    assert "&lt;b&gt;Dim&lt;/b&gt; ffigurau" in refused  # what was typed, escaped
    # Signed-in staff read in English; ?copy=cy gives them the Welsh copy and its PDF.
    _translate_everything(demo_plan)
    published = report.report_publish(plan=demo_plan, actor=None)
    page = reverse("delivery:published_detail", args=[demo_plan.slug, published.version])
    assert "cy:" not in client.get(page).text
    welsh = client.get(page + "?copy=cy").text
    assert '<article class="plan-report" lang="cy">' in welsh and "?copy=cy" in welsh
    pdf = reverse("delivery:published_pdf_export", args=[demo_plan.slug, published.version])
    assert client.get(pdf + "?copy=cy").content == bytes(published.pdf_cy)
    draft_pdf = reverse("delivery:report_pdf_export", args=[demo_plan.slug])
    response = client.get(draft_pdf + "?copy=cy")
    assert response.content.startswith(b"%PDF") and "-cy.pdf" in response["Content-Disposition"]


def test_the_offices_name_and_address_are_said_in_welsh(demo_plan, settings) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.accounts.constants import OrganisationKind
    from crimeplan.accounts.models import Organisation
    from crimeplan.accounts.tests.factories import OrganisationFactory

    Organisation.objects.filter(kind=OrganisationKind.OPCC).delete()
    OrganisationFactory(
        kind=OrganisationKind.OPCC, name="The Office", address="1 High Street\nGloucester"
    )
    settings.CRIMEPLAN_OPCC_NAME_CY = ""
    built, _body = report.draft(demo_plan, welsh=True)
    wheres = {p.where: p.source for p in built.translator.listed}
    assert wheres["The Office's name"] == "The Office"
    assert wheres["The Office's postal address"] == "1 High Street\nGloucester"
    _translate_everything(demo_plan)
    built, body = report.draft(demo_plan, welsh=True)
    assert built.contact.name == "cy:The Office"
    assert "cy:1 High Street<br>Gloucester" in body
    settings.CRIMEPLAN_OPCC_NAME_CY = "Swyddfa'r Comisiynydd"
    assert report.draft(demo_plan, welsh=True)[0].contact.name == "Swyddfa'r Comisiynydd"
    english, _body = report.draft(demo_plan)
    assert (english.contact.name, english.contact.address) == (
        "The Office",
        "1 High Street\nGloucester",
    )
