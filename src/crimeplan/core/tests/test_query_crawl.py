"""A crawl of every page in the permission matrix with hostile query and path parameters:
huge, negative and zero numbers, year 0 and 10000, malformed and extreme dates, unicode, NUL
bytes, very long strings, repeated keys and undecodable bytes, sent as the OPCC administrator
and a partner (or, for a page neither may open, a role that may). No answer is a server error:
a bad value is a 400, a 404 or the form's error message.

`QUERY_PARAMETERS` lists the query parameters each page reads (an app adds its own pages' in
`QUERY_PARAMETERS` of its `tests/permission_rows.py`). Nothing escapes it: during the
crawl every read of `request.GET` is recorded and a page reading a key it does not list fails,
and every key the code names literally (`request.GET.get("x")`) or through a form bound to
`request.GET` must be listed for some page.

Hypothesis is derandomised and bounded (`EXAMPLES` per page and viewer), so CI sends the same
requests every run.
"""

import ast
import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crimeplan.accounts.constants import Role

from .matrix import PUBLIC, Row, app_declarations
from .test_permission_matrix import TABLE
from .world import World, build_world

SRC = Path(__file__).resolve().parents[2]

# The query parameters each page reads, by URL name. A page not listed reads none.
FILTERS_OF_ACTIONS = ("priority", "owner", "district", "golden_thread", "status")


def date_input(name: str) -> tuple[str, ...]:
    """A date filter's parameters: the GOV.UK date input's three boxes, or the whole date."""
    return (name, f"{name}_day", f"{name}_month", f"{name}_year")


AUDIT_FILTERS = (
    "actor", "action", "object_type", "object_id", *date_input("date_from"), *date_input("date_to")
)  # fmt: skip
HOTSPOT_FILTERS = (*date_input("start"), *date_input("end"), "crime_types")
QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "accounts:organisation_list": ("page",),
    "asb_reviews:case_list": ("status", "overdue"),
    "site:language": ("next",),
    "asb_reviews:figures": ("year",),
    "asb_reviews:figures_export": ("year",),
    "audit:event_list": (*AUDIT_FILTERS, "page"),
    "audit:event_export": AUDIT_FILTERS,
    "commissioning:application_export": ("format",),
    "commissioning:award_create": ("application",),
    "commissioning:report": ("by",),
    "commissioning:report_export": ("by", "format"),
    "commissioning:apply_step": ("change",),
    "crime_data:import_list": ("page",),
    "crime_data:summary": ("start", "end", "by", "format"),
    "crime_data:force_summary": ("start", "end", "by", "format"),
    "delivery:action_list": (*FILTERS_OF_ACTIONS, "page"),
    "delivery:report_preview": ("copy",),
    "delivery:report_welsh": ("show", "page"),
    "delivery:action_export": FILTERS_OF_ACTIONS,
    "delivery:timeline": FILTERS_OF_ACTIONS,
    "delivery:timeline_export": FILTERS_OF_ACTIONS,
    "performance:overview": ("priority",),
    "performance:framework_edit": ("page",),
    "performance:published_list": ("page",),
    "scrutiny:visit_list": ("status", "page"),
    "scrutiny:issue_list": ("status", "page"),
    "scrutiny:volunteer_list": ("page",),
    "scrutiny:figures": ("year",),
    "scrutiny:figures_export": ("year", "format"),
    "voice:hotspot_area": HOTSPOT_FILTERS,
    "voice:hotspot_export": HOTSPOT_FILTERS,
    "voice:moderation_list": ("status", "page"),
    # Each app's own, from its tests/permission_rows.py.
    **app_declarations("QUERY_PARAMETERS"),
}

EXAMPLES = 20  # generated queries per page and viewer, for a page that reads any
HOSTILE_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "0000",
    "2024",
    "10000",
    "-2024",
    "9" * 30,
    "-" + "9" * 30,
    "1" * 5000,
    "1e309",
    "NaN",
    "inf",
    "0x10",
    "1.5",
    "2024-01",
    "2024-13",
    "2024-01-01",
    "2024-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-0001-01-01",
    "\x00",
    "a\x00b",
    "x" * 20_000,
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "%00",
    "١٢٣٤",  # Arabic-Indic digits: str.isdigit() is true, int() reads them
    "²⁰²⁴",  # superscripts: str.isdigit() is true, int() refuses them
    "\U0001d7da\U0001d7d8\U0001d7da\U0001d7dc",  # 2024 in double-struck digits
    "\u202e",
    "😀",
]
# Values that pass a page's first check, so that the crawl also reaches what lies behind it.
PLAUSIBLE = [
    "csv",
    "xlsx",
    "ods",
    "json",
    "pdf",
    "geojson",
    "summary",
    "fund",
    "month,crime_type",
    "district",
    "1",
    "on",
    "pending",
    "accepted",
    "open",
    "CSC",
    "create",
    "2024",
    "2025",
    "2024-01",
    "2024-01-31",
]
# Each of these is also sent alone as each parameter a page reads: the edges that random
# combinations may miss (the first and last dates Python knows, year 0, NUL, a long string).
EDGES = [
    "",
    " ",
    "0",
    "-1",
    "9" * 30,
    "0000",
    "10000",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-02-30",
    "\x00",
    "x" * 20_000,
    "²⁰²⁴",
    "1e309",
]
# Raw query strings that no browser would send: bad percent-encoding, bytes that are not
# UTF-8, empty keys, a key with no value.
RAW_QUERIES = ["%ff%fe=%c0%af", "page=%", "=&&=&", "year", "a=%E2%82", "format=csv&format=%00"]
# Values for a path parameter in place of the real one; those its converter refuses are
# skipped (Django answers 404 before any view runs).
PATH_VALUES: list[object] = [0, 2**31, 2**63, 10**30, "a\x00b", "x" * 3000, "é", "..", "-"]

HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
# Requests sent and answers by class, for the report (printed with `pytest -s`).
TALLY: Counter[str] = Counter()


# -- recording what the views read ------------------------------------------------------------

READ: set[str] = set()


class RecordingQueryDict(QueryDict):
    """`request.GET`, noting each key a view (or a form bound to it) looks up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._recording = False  # building the dict looks keys up too
        super().__init__(*args, **kwargs)
        self._recording = True

    def _note(self, key: object) -> None:
        # A template's `{{ request.GET.urlencode }}` tries the key "urlencode" first.
        if getattr(self, "_recording", False) and not hasattr(QueryDict, str(key)):
            READ.add(str(key))

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return super().__contains__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._note(key)
        return super().get(key, default)

    def getlist(self, key: str, default: Any = None) -> Any:
        self._note(key)
        return super().getlist(key, default)

    # Going through every key (to log the query, say) looks each up, but reads no particular
    # parameter.
    def items(self) -> Any:
        return ((key, MultiValueDict.__getitem__(self, key)) for key in self)

    def values(self) -> Any:
        return (MultiValueDict.__getitem__(self, key) for key in self)

    def dict(self) -> dict[str, Any]:
        return dict(self.items())


class RecordQueryReads:
    """Test-only middleware: replaces `request.GET` with a recording one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = RecordingQueryDict(
            request.META.get("QUERY_STRING", ""), encoding=request.encoding
        )
        return self.get_response(request)


# -- the pages --------------------------------------------------------------------------------


def _crawled_rows() -> list[Row]:
    """Each page read with GET, once (the first of its rows)."""
    seen: set[str] = set()
    rows = []
    for row in TABLE:
        if row.method == "get" and row.url_name not in seen:
            seen.add(row.url_name)
            rows.append(row)
    return rows


CRAWLED = _crawled_rows()


def _viewers(row: Row) -> list[str]:
    if row.allowed == PUBLIC:
        return ["anonymous", Role.OPCC_ADMIN]
    chosen = [r for r in (Role.OPCC_ADMIN, Role.PARTNER_EDITOR) if r in row.allowed]
    return chosen or [sorted(row.allowed)[0]]


@pytest.fixture
def world(reference: None) -> World:
    return build_world()


@pytest.fixture
def recording(settings):  # type: ignore[no-untyped-def]
    settings.MIDDLEWARE = [f"{__name__}.RecordQueryReads", *django_settings.MIDDLEWARE]
    READ.clear()
    yield READ


def _queries(keys: tuple[str, ...]) -> st.SearchStrategy[list[tuple[str, str]]]:
    value = st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.sampled_from(PLAUSIBLE),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.dates().map(lambda d: d.isoformat()),
        st.text(max_size=40),
    )
    key = st.sampled_from([*keys, "unknown"])
    return st.lists(st.tuples(key, value), min_size=1, max_size=2 * len(keys) + 2)


def _hostile_paths(row: Row, kwargs: dict[str, object]) -> Iterator[str]:
    for name in kwargs:
        for value in PATH_VALUES:
            try:
                yield reverse(row.url_name, kwargs={**kwargs, name: value})
            except NoReverseMatch:
                continue


def _no_server_error(response: HttpResponse, what: str) -> None:
    TALLY["requests"] += 1
    TALLY[f"{response.status_code // 100}xx"] += 1
    assert response.status_code < 500, (what, response.status_code)


def _crawl_query(client, url: str, declared: tuple[str, ...], viewer: str) -> None:  # type: ignore[no-untyped-def]
    """Each parameter alone at each edge, then generated combinations of them all."""
    for key in declared:
        for value in EDGES:
            _no_server_error(client.get(url, {key: value}), f"{viewer} {url} {key}={value!r}")

    @HYPOTHESIS
    @given(query=_queries(declared))
    def crawl(query: list[tuple[str, str]]) -> None:
        _no_server_error(client.get(url, query), f"{viewer} {url} {query!r}")

    crawl()


@pytest.mark.parametrize("row", CRAWLED, ids=lambda row: row.url_name)
def test_no_parameter_causes_a_server_error(  # type: ignore[no-untyped-def]
    client, world: World, recording: set[str], row: Row
) -> None:
    kwargs = row.kwargs(world)
    url = reverse(row.url_name, kwargs=kwargs)
    declared = QUERY_PARAMETERS.get(row.url_name, ())
    for viewer in _viewers(row):
        client.logout()
        if viewer != "anonymous":
            client.force_login(world.people[viewer])
        for raw in RAW_QUERIES:
            _no_server_error(client.get(url, QUERY_STRING=raw), f"{viewer} {url}?{raw}")
        for path in _hostile_paths(row, kwargs):
            _no_server_error(client.get(path), f"{viewer} {path}")
        if declared:
            _crawl_query(client, url, declared, viewer)
        else:
            # Still bound to any form that reads the query, so that its reads are recorded.
            for query in ([("unknown", "x"), ("page", "\x00")], [("x" * 300, "y" * 20_000)]):
                _no_server_error(client.get(url, query), f"{viewer} {url} {query!r}")
    undeclared = recording - set(declared)
    assert not undeclared, f"{row.url_name} reads {sorted(undeclared)}: add to QUERY_PARAMETERS"


@pytest.fixture(scope="module", autouse=True)
def _report_tally():  # type: ignore[no-untyped-def]
    yield
    print(f"\ncrawl: {dict(sorted(TALLY.items()))}")


# -- nothing escapes the crawl ----------------------------------------------------------------

_LITERAL_READ = re.compile(r"""request\.GET(?:\.get|\.getlist|\.pop)?\s*[(\[]\s*["']([^"']+)["']""")


def _source_files() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


def _forms_bound_to_the_query(path: Path) -> Iterator[type[forms.BaseForm]]:
    """Form classes constructed with `request.GET` (or `request.GET or ...`) as their data."""
    tree = ast.parse(path.read_text())
    module = importlib.import_module(".".join(path.relative_to(SRC.parent).with_suffix("").parts))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if isinstance(first, ast.BoolOp):
            first = first.values[0]
        if ast.unparse(first) == "request.GET":
            found = eval(ast.unparse(node.func), vars(module))  # noqa: S307 - our own source
            if isinstance(found, type) and issubclass(found, forms.BaseForm):
                yield found


def test_every_query_parameter_the_code_names_is_crawled() -> None:
    crawled = {key for keys in QUERY_PARAMETERS.values() for key in keys}
    named: set[str] = set()
    for path in _source_files():
        text = path.read_text()
        named |= set(_LITERAL_READ.findall(text))
        if "request.GET" in text:
            for form in _forms_bound_to_the_query(path):
                named |= set(form.base_fields)
    assert named, "the scan found no query parameter at all"
    assert named - crawled == set()


def test_every_listed_page_exists() -> None:
    assert set(QUERY_PARAMETERS) <= {row.url_name for row in CRAWLED}


# -- what the crawl found, pinned --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/voice/hotspots/a%00b/", "/audit/?actor=%00", "/audit/export/?actor=x&object_id=%00"],
)
def test_a_nul_character_in_an_address_is_a_400(client, world: World, path: str) -> None:  # type: ignore[no-untyped-def]
    """On PostgreSQL these were server errors: a NUL in a lookup, or in the audit event of
    a download's filters."""
    client.force_login(world.people[Role.OPCC_ADMIN])
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_the_api_answers_its_own_422_for_a_nul(client, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/forces/a%00b")
    assert response.status_code == 422
    assert "match pattern" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize("start", ["0001-01-01", "1999-12-31", "9999-12-31"])
def test_hotspot_dates_outside_the_bounds_are_the_forms_error(
    client, world: World, start: str
) -> None:  # type: ignore[no-untyped-def]
    """The comparison with the period before starts a year before `start`: from the year 1
    that date does not exist (OverflowError, a server error)."""
    client.force_login(world.people[Role.OPCC_ADMIN])
    response = client.get(
        reverse("voice:hotspot_area", kwargs={"area": "county"}), {"start": start}
    )
    assert response.status_code == 200
    assert "Enter a date between 1 January 2000 and 31 December 2100" in response.content.decode()


@pytest.mark.parametrize("application", [" ", "abc", "²", "9" * 5000, "-1"])
def test_a_new_award_for_an_application_that_is_no_id_is_not_found(
    client, world: World, application: str
) -> None:  # type: ignore[no-untyped-def]
    from crimeplan.commissioning.tests.factories import RoundFactory

    client.force_login(world.people[Role.OPCC_ADMIN])
    url = reverse("commissioning:award_create", kwargs={"pk": RoundFactory().pk})
    assert client.get(url, {"application": application}).status_code == 404


@pytest.mark.parametrize("year", [0, 1999, 2101, 10**30])
def test_publishing_a_report_for_a_year_out_of_range_is_not_found(
    client, world: World, year: int
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.people[Role.OPCC_ADMIN])
    url = reverse("scrutiny:report_publish", kwargs={"kind": "icv", "year": year})
    assert client.get(url).status_code == 404
