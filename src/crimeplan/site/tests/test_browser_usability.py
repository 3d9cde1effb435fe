"""Issue 22 (usability), in headless Chromium: the paths residents and staff tripped over,
each walked as its user would, with axe on every page."""

import pytest
from playwright.sync_api import expect

from crimeplan.accounts.constants import Role
from crimeplan.commissioning import services as commissioning
from crimeplan.commissioning.tests.factories import ApplicationFactory
from crimeplan.core.tests.browser import axe_violations, fill_date, sign_in
from crimeplan.core.tests.test_browser import chromium  # noqa: F401 - fixture
from crimeplan.core.tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_violations(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


# What the start page offers beyond the plan: each link and the page it leads to.
START_PAGE_LINKS = [
    ("grants the Office has awarded", "Grants awarded"),
    ("apply for a grant", "Apply for a grant"),
    ("custody visitors and scrutiny panels", "Custody visiting and scrutiny reports"),
    ("how well victims' rights are met", "Victims' Code compliance"),
    (
        "what inspectors recommended and what is being done",
        "Inspections and recommendations: what is being done",
    ),
    ("ask for a review of how the police handled your complaint", None),
    ("complaint review figures", "Police complaint review figures"),
]
# A fresh install's published lists: each says what will appear there, and where to go now.
EMPTY_LISTS = [
    ("/performance/published/", "No performance report has been published yet."),
    ("/delivery/published/", "No plan update has been published yet."),
    ("/scrutiny/published/", "No report has been published yet."),
    ("/grants/", "No grant has been published yet."),
]


def test_the_start_page_leads_to_everything_published_and_empty_lists_say_why(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Item 8: a resident finds grants, the scrutiny reports, the Victims' Code figures, the
    recommendations and the complaint reviews from the start page; on a fresh install each
    published list explains its emptiness and leads back to what is published."""
    context = chromium.new_context()
    page = context.new_page()
    for link, heading in START_PAGE_LINKS:
        page.goto(live_server.url + "/")
        page.get_by_role("main").get_by_role("link", name=link, exact=True).click()
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        else:
            expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.url != live_server.url + "/", link
    for path, empty in EMPTY_LISTS:
        page.goto(live_server.url + path)
        expect(page.get_by_role("main")).to_contain_text(empty)
        no_violations(page)
        page.get_by_role("link", name="see what else the Office publishes").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("The Police and Crime Plan")
    context.close()


def test_a_grant_assessor_finds_the_applications_to_assess(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Item 2: a grant assessor, signed in, reaches the applications of their panel's round
    from the menu and from their home page; an OPCC officer keeps the Commissioning entry."""
    world = build_world()
    assessor = world.people[Role.GRANT_ASSESSOR]
    application = ApplicationFactory(project_title="Youth boxing club")
    commissioning.panel_member_add(actor=None, round=application.round, user=assessor)
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, assessor.email, assessor.totp_secret)
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Grant applications")).to_be_visible()
    no_violations(page)
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Commissioning")).to_have_count(0)
    menu.get_by_role("link", name="Grant applications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grant applications")
    expect(main.get_by_text(application.reference)).to_be_visible()
    no_violations(page)
    context.close()

    context = chromium.new_context()
    page = context.new_page()
    officer = world.people[Role.OPCC_COMMISSIONING]
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Commissioning")).to_be_visible()
    expect(menu.get_by_role("link", name="Grant applications")).to_have_count(0)
    context.close()


def test_a_test_of_chance_is_said_in_words_before_its_figures(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Item 6: an analyst reads a change's test in plain words and a p-value a person can
    read ("p < 0.001", never "p = 0" or "5.8e-14"), with the method behind a details element;
    the public hotspot page says what a hotspot is before its method, which is folded away."""
    from crimeplan.crime_data import aggregates
    from crimeplan.performance.tests.factories import example_files, saved_framework

    _, data, populations = example_files()
    aggregates.run(paths=[data, populations], force_id="gloucestershire")
    saved_framework("gloucestershire-2021-25")
    world = build_world()
    analyst = world.people[Role.OPCC_ANALYST]
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, analyst.email, analyst.totp_secret)
    page.goto(f"{live_server.url}/performance/gloucestershire-2021-25/measures/all-crime/")
    main = page.get_by_role("main")
    # All crime, 39,857 → 54,101: a p-value that prints as 0 to four figures.
    expect(main).to_contain_text("the change is very unlikely to be chance (p < 0.001")
    expect(main).not_to_contain_text("p = 0")
    method = main.get_by_text("Poisson score test", exact=False)
    expect(method).to_be_hidden()
    main.get_by_text("How this is tested").click()
    expect(method).to_be_visible()
    no_violations(page)
    page.goto(f"{live_server.url}/performance/gloucestershire-2021-25/")
    expect(page.get_by_role("main")).not_to_contain_text("e-1")
    context.close()

    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/voice/unsafe-places/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("more often than chance alone would explain")
    getis = main.get_by_text("Getis-Ord Gi*", exact=False)
    expect(getis).to_be_hidden()
    main.get_by_text("How the hotspots are found").click()
    expect(getis).to_be_visible()
    no_violations(page)
    context.close()


def test_an_amount_needed_to_fund_is_not_called_optional(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Smaller item: the panel's decision asks the amount to fund as needed when funding, not
    as "optional", and refuses to fund without it."""
    world = build_world()
    officer = world.people[Role.OPCC_COMMISSIONING]
    application = ApplicationFactory()
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    page.goto(f"{live_server.url}/commissioning/applications/{application.pk}/decide/")
    expect(page.get_by_label("Amount to fund", exact=True)).to_be_visible()
    expect(page.get_by_text("(optional)")).to_have_count(0)
    expect(page.get_by_text("Needed when the panel decides to fund")).to_be_visible()
    no_violations(page)
    page.get_by_label("Fund", exact=True).check()
    page.get_by_label("The panel's reasons").fill("A strong bid.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the amount to fund")
    no_violations(page)
    context.close()


def test_a_late_next_step_is_flagged_in_the_plan_update(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Smaller item: a milestone whose date has passed is listed under "What we hope to do
    next" as late, not as if it were on time."""
    import datetime

    from django.utils import timezone

    from crimeplan.delivery.tests.factories import (
        ActionFactory,
        MilestoneFactory,
        plan_from_fixture,
    )

    world = build_world()
    plan = plan_from_fixture()
    commitment = plan.priorities.get(code="CSC").commitments.first()
    today = timezone.localdate()
    late = ActionFactory(commitment=commitment, title="Late lighting scheme")
    MilestoneFactory(action=late, title="Survey", due_date=today - datetime.timedelta(days=45))
    on_time = ActionFactory(commitment=commitment, title="On-time patrols")
    MilestoneFactory(action=on_time, title="Plan", due_date=today + datetime.timedelta(days=200))
    officer = world.people[Role.OPCC_POLICY]
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    page.goto(f"{live_server.url}/delivery/plans/{plan.slug}/report/")
    late_item = page.get_by_role("listitem").filter(has_text="Late lighting scheme: Survey")
    expect(late_item).to_contain_text("was due by")
    expect(late_item.locator(".govuk-tag")).to_have_text("Late")
    on_time_item = page.get_by_role("listitem").filter(has_text="On-time patrols: Plan")
    expect(on_time_item).not_to_contain_text("Late")
    expect(on_time_item).not_to_contain_text("was due")
    no_violations(page)
    context.close()


def test_a_commissioning_officer_awards_to_a_new_applicant(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Item 3: the panel funds an applicant the Office has never worked with; the
    commissioning officer makes the award without an administrator, and the award adds the
    applicant as an organisation."""
    from crimeplan.accounts.models import Organisation
    from crimeplan.commissioning.constants import Decision
    from crimeplan.commissioning.models import Award

    world = build_world()
    officer = world.people[Role.OPCC_COMMISSIONING]
    application = ApplicationFactory(organisation_name="Forest Boxing Club")
    commissioning.application_moderate(
        actor=None,
        application=application,
        decision=Decision.FUND,
        reasons="A strong bid.",
        amount_pence=250_000,
    )
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    page.goto(f"{live_server.url}/commissioning/applications/{application.pk}/")
    page.get_by_role("link", name="Make the award").click()
    provider = page.get_by_label("Provider", exact=True)
    expect(provider.locator("option:checked")).to_have_text(
        "Forest Boxing Club (new: added as an organisation)"
    )
    expect(page.get_by_text("Provider (optional)")).to_have_count(0)
    no_violations(page)
    fill_date(page, "Start date", "2026-04-01")
    fill_date(page, "End date", "2027-03-31")
    page.get_by_role("button", name="Make award").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(application.project_title)
    expect(page.get_by_role("main")).to_contain_text("Forest Boxing Club")
    no_violations(page)
    grantee = Organisation.objects.get(name="Forest Boxing Club")
    assert Award.objects.get(application=application).recipient == grantee
    context.close()


def test_the_performance_table_shows_its_verdicts_first_with_grouped_figures(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Item 4: on a 1280 px screen an analyst sees each measure's aim met and test of chance
    without scrolling the table; counts are grouped in thousands; the priority codes the
    table uses are spelt out under it."""
    from crimeplan.crime_data import aggregates
    from crimeplan.performance.tests.factories import example_files, saved_framework

    _, data, populations = example_files()
    aggregates.run(paths=[data, populations], force_id="gloucestershire")
    saved_framework("gloucestershire-2021-25")
    world = build_world()
    analyst = world.people[Role.OPCC_ANALYST]
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, analyst.email, analyst.totp_secret)
    page.goto(f"{live_server.url}/performance/gloucestershire-2021-25/")
    table = page.get_by_role("table", name="Performance against the plan")
    for heading in ("Aim met", "Is the change more than chance?"):
        box = table.get_by_role("columnheader", name=heading, exact=True).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, (heading, box)
    all_crime = table.get_by_role("row").filter(has_text="All crime").first
    expect(all_crime).to_contain_text("39,857")
    expect(all_crime).to_contain_text("54,101")
    expect(all_crime).not_to_contain_text("39857")
    codes = page.get_by_role("main").get_by_role("definition")
    expect(page.get_by_role("heading", name="What the priority codes stand for")).to_be_visible()
    assert codes.count() >= 1
    expect(page.get_by_role("main").get_by_role("term").first).to_be_visible()
    no_violations(page)
    context.close()


def test_a_monthly_chart_labels_each_month_once_and_warns_of_trial_limits(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Item 5: four months of police.uk data are charted with each month labelled once, under
    a warning that limits from so few points are trial limits, so its flags may be chance."""
    import re
    from pathlib import Path

    from django.conf import settings

    from crimeplan.crime_data import policeuk
    from crimeplan.performance import services as performance
    from crimeplan.performance.demo import REFERENCE

    policeuk.run(paths=[Path(settings.CRIMEPLAN_SHARED_DATA) / "police-uk-street-2024-jan-apr"])
    performance.framework_save(
        actor=None,
        slug="police-uk-early-2024",
        toml=(REFERENCE / "police-uk-2024.toml").read_text(encoding="utf-8"),
    )
    world = build_world()
    analyst = world.people[Role.OPCC_ANALYST]
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, analyst.email, analyst.totp_secret)
    page.goto(f"{live_server.url}/performance/police-uk-early-2024/measures/burglary-police-uk/")
    main = page.get_by_role("main")
    expect(main.locator(".govuk-warning-text")).to_contain_text(
        "The limits from January 2024 are trial limits: they rest on 4 months, and 12 are "
        "needed for reliable limits."
    )
    svg = main.locator("figure.crimeplan-chart svg").first.inner_html()
    labels = re.findall(r">([A-Z][a-z]{2} \d{4})<", svg)
    assert labels == ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024"], labels
    no_violations(page)
    context.close()


def test_each_staff_home_page_starts_with_what_waits_for_that_person(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Item 9: the home page is a work queue, not the menu again. The partner editor finds
    their organisation's late action and follows it to the update form; the analyst finds the
    measures that need a comment before publication and follows one to its comment form; the
    grant assessor finds the application to score."""
    from crimeplan.crime_data import aggregates
    from crimeplan.performance.tests.factories import example_files, saved_framework
    from crimeplan.site.tests.test_work_queues import _waiting

    _, data, populations = example_files()
    aggregates.run(paths=[data, populations], force_id="gloucestershire")
    saved_framework("gloucestershire-2021-25")
    world = build_world()
    _waiting(world)
    journeys = [
        (Role.PARTNER_EDITOR, "Progress updates overdue", "Street lighting", "Add a progress"),
        (Role.OPCC_ANALYST, "Measures needing a comment", "All crime", "Comment"),
        (Role.GRANT_ASSESSOR, "Applications to score", "Boxing club", None),
    ]
    for role, queue, item, heading in journeys:
        person = world.people[role]
        context = chromium.new_context()
        page = context.new_page()
        sign_in(page, live_server.url, person.email, person.totp_secret)
        main = page.get_by_role("main")
        # After the banner that says they signed in, the first thing is what waits for them.
        headings = main.locator("h2:not(.govuk-notification-banner__title)")
        expect(headings.first).to_have_text("What is waiting for you")
        section = main.get_by_role("region", name=queue, exact=False)
        expect(section).to_be_visible()
        no_violations(page)
        section.get_by_role("link", name=item, exact=False).first.click()
        if heading:
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        else:
            expect(page.get_by_role("main")).to_contain_text(item)
        context.close()


def test_dates_are_typed_in_three_boxes_and_impossible_ones_are_refused(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Item 10: a date is typed as day, month and year in the GOV.UK date input, on every
    form; 31 February is refused naming the field, the boxes keeping what was typed; a payment
    dated in the future is refused; a volunteer cannot report a visit before its day."""
    import datetime

    from django.utils import timezone

    from crimeplan.commissioning.tests.factories import RoundFactory
    from crimeplan.scrutiny.tests.factories import VisitFactory, VolunteerFactory

    world = build_world()
    officer = world.people[Role.OPCC_COMMISSIONING]
    round_ = RoundFactory(budget_pence=1_000_000)
    award = commissioning.award_create(
        actor=None,
        round=round_,
        recipient=world.csp_own,
        title="Safe spaces",
        amount_pence=50_000,
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, officer.email, officer.totp_secret)
    page.goto(f"{live_server.url}/commissioning/awards/{award.pk}/payments/new/")
    date_paid = page.get_by_role("group", name="Date paid")
    expect(date_paid.get_by_label("Day")).to_be_visible()
    no_violations(page)
    fill_date(page, "Date paid", "31/02/2026")
    page.get_by_label("Amount").fill("100")
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the date paid as a real date, for example 1 4 2025"
    )
    expect(date_paid.get_by_label("Day")).to_have_value("31")
    expect(date_paid.get_by_label("Month")).to_have_value("02")
    no_violations(page)
    page.get_by_role("alert").get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_paid_on_day"
    fill_date(page, "Date paid", timezone.localdate() + datetime.timedelta(days=1))
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("alert")).to_contain_text("The date paid cannot be in the future")
    fill_date(page, "Date paid", timezone.localdate())
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safe spaces")
    assert award.payments.get().paid_on == timezone.localdate()
    context.close()

    volunteer = world.people[Role.VOLUNTEER]
    visit = VisitFactory(
        first_visitor=VolunteerFactory(user=volunteer),
        scheduled_on=timezone.localdate() + datetime.timedelta(days=2),
    )
    context = chromium.new_context()
    page = context.new_page()
    sign_in(page, live_server.url, volunteer.email, volunteer.totp_secret)
    page.goto(f"{live_server.url}/scrutiny/visits/{visit.pk}/report/")
    page.get_by_label("Time you arrived").fill("22:10")
    page.get_by_label("Time you left").fill("23:10")
    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_role("alert")).to_contain_text("its report can be written from that day")
    no_violations(page)
    context.close()


def test_the_crime_data_page_charts_each_month(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Smaller item: the crime-data page has a chart, said in words and given as a table."""
    from pathlib import Path

    from django.conf import settings

    from crimeplan.crime_data import policeuk

    street = Path(settings.CRIMEPLAN_SHARED_DATA) / "police-uk-street-2024-jan-apr"
    policeuk.run(paths=[street / "2024-01", street / "2024-02"])
    world = build_world()
    viewer = world.people[Role.PARTNER_VIEWER]
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, viewer.email, viewer.totp_secret)
    page.goto(f"{live_server.url}/crime-data/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Month by month")).to_be_visible()
    chart = main.get_by_role(
        "img", name="Gloucestershire Constabulary: crimes and anti-social behaviour incidents"
    )
    expect(chart).to_be_visible()
    expect(main).to_contain_text("In February 2024, ")
    main.get_by_text("The chart's figures").click()
    expect(main.get_by_role("rowheader", name="January 2024")).to_be_visible()
    no_violations(page)
    context.close()


def test_hotspots_are_named_by_place_on_a_map_with_names_and_a_key(  # type: ignore[no-untyped-def]
    chromium,  # noqa: F811
    live_server,
    live_db,
) -> None:
    """Item 7, what can be done without street map data: a hotspot area is named by its
    street and district rather than by coordinates, the map names its districts, and a key
    says what its marks mean."""
    import h3
    from shapely.geometry import Point, shape

    from crimeplan.crime_data import policeuk
    from crimeplan.geography.models import District
    from crimeplan.voice.tests.factories import planted_hotspot
    from crimeplan.voice.tests.test_area_names import JANUARY, _busiest_cell_and_street

    policeuk.run(paths=[JANUARY])
    cell, street = _busiest_cell_and_street()
    lat, lng = h3.cell_to_latlng(cell)
    districts = list(District.objects.exclude(boundary__isnull=True))
    district = next(d for d in districts if shape(d.boundary).contains(Point(lng, lat)))
    planted_hotspot(latitude=lat, longitude=lng, reports=6)
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/voice/unsafe-places/")
    main = page.get_by_role("main")
    expect(main.get_by_role("rowheader", name=f"Near {street}, {district.name}")).to_be_visible()
    names = main.locator("svg.voice-map text").all_text_contents()
    assert sorted(names) == sorted(d.name for d in districts)
    expect(main.get_by_text("Key to the map")).to_be_visible()
    expect(main.get_by_text("A hotspot (red outline)", exact=False)).to_be_visible()
    no_violations(page)
    context.close()
