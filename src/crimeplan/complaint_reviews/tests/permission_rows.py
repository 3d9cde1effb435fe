"""Who may open each complaint review page (gathered by core's permission matrix), the query
parameters its pages read, and how to plant a spreadsheet formula in its download.

The application form, its confirmation, the figures and their downloads are public; every
case page is for the review officers (OPCC policy officers and administrators) only.
"""

from collections.abc import Callable

from crimeplan.accounts.constants import Role
from crimeplan.core.tests.matrix import PUBLIC, Row
from crimeplan.core.tests.spreadsheets import Download
from crimeplan.core.tests.world import World

from .factories import ComplaintReviewFactory, RecommendationFactory, ValidReviewFactory

REVIEWERS = frozenset({Role.OPCC_POLICY, Role.OPCC_ADMIN})


def _review(world: World) -> int:
    return ComplaintReviewFactory().pk


def _valid(world: World) -> int:
    return ValidReviewFactory().pk


ROWS: list[Row] = [
    Row("complaint_reviews:apply", PUBLIC),
    Row("complaint_reviews:apply_done", PUBLIC, ok_status=302),
    Row("complaint_reviews:figures", PUBLIC),
    Row("complaint_reviews:figures_export", PUBLIC, lambda w: {"file_format": "csv"}),
    Row("complaint_reviews:review_list", REVIEWERS),
    Row("complaint_reviews:review_create", REVIEWERS),
    Row("complaint_reviews:review_detail", REVIEWERS, lambda w: {"pk": _review(w)}),
    Row("complaint_reviews:review_validity", REVIEWERS, lambda w: {"pk": _review(w)}),
    Row("complaint_reviews:review_acknowledge", REVIEWERS, lambda w: {"pk": _review(w)}),
    Row("complaint_reviews:review_request_file", REVIEWERS, lambda w: {"pk": _valid(w)}),
    Row("complaint_reviews:review_file_received", REVIEWERS, lambda w: {"pk": _valid(w)}),
    Row("complaint_reviews:review_conflict", REVIEWERS, lambda w: {"pk": _valid(w)}),
    Row("complaint_reviews:review_decide", REVIEWERS, lambda w: {"pk": _valid(w)}),
    Row(
        "complaint_reviews:recommendation_response",
        REVIEWERS,
        lambda w: {"pk": RecommendationFactory().pk},
    ),
    Row(
        "complaint_reviews:letter",
        REVIEWERS,
        lambda w: {"pk": _review(w), "kind": "acknowledgment"},
    ),
    Row(
        "complaint_reviews:letter_export",
        REVIEWERS,
        lambda w: {"pk": _review(w), "kind": "acknowledgment"},
    ),
    Row("api:complaint_reviews_figures", PUBLIC),
]

QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "complaint_reviews:review_list": ("page",),
}


def _figures(world: World) -> Download:
    # The figures are counts and quarter names the code writes: nothing typed by anyone
    # reaches the download, so there is no formula to plant; the public fetches it.
    ComplaintReviewFactory()
    return Download("anonymous", carries_formulas=False)


def _letter(world: World) -> Download:
    # A letter is a PDF, not a spreadsheet: nothing in it is read as a formula.
    review = ComplaintReviewFactory()
    kwargs = {"pk": review.pk, "kind": "acknowledgment"}
    return Download(Role.OPCC_POLICY, kwargs, carries_formulas=False)


DOWNLOAD_PLANTS: dict[str, Callable[[World], Download]] = {
    "complaint_reviews:figures_export": _figures,
    "complaint_reviews:letter_export": _letter,
}
