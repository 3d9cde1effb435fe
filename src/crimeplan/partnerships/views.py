"""The register's pages: thin, each checks the viewer, calls a selector or a service, and
renders. What a viewer sees is decided in `selectors`; what a change does in `services`."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crimeplan.accounts.permissions import role_required, viewer_for
from crimeplan.core import exports
from crimeplan.core.forms import saved_or_errors

from . import forms, selectors, services
from .constants import PAGE_SIZE
from .models import Board, JointlyFundedPost, Meeting, PostFunding
from .permissions import EDITORS, READERS

DOWNLOAD_FORMATS = ("csv", "xlsx", "ods")


def _board(request: HttpRequest, pk: int) -> Board:
    boards = selectors.board_list(viewer=viewer_for(request.user), include_archived=True)
    return get_object_or_404(boards, pk=pk)


def _post(request: HttpRequest, pk: int) -> JointlyFundedPost:
    posts = selectors.post_list(viewer=viewer_for(request.user), include_archived=True)
    return get_object_or_404(posts, pk=pk)


def _form_page(
    request: HttpRequest, form: Any, *, heading: str, caption: str, button: str, back: str
) -> HttpResponse:
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "heading": heading, "caption": caption, "button": button, "back": back},
    )


# Boards --------------------------------------------------------------------------------


@role_required(*READERS)
@require_safe
def board_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    page = Paginator(selectors.board_list(viewer=viewer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partnerships/board_list.html",
        {"page": page, "can_edit": selectors.may_edit(viewer), "sees_all": viewer.is_opcc_staff},
    )


@role_required(*READERS)
@require_safe
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    board = _board(request, pk)
    return render(
        request,
        "partnerships/board_detail.html",
        {
            "board": board,
            "members": selectors.board_members(board),
            "meetings": selectors.board_meetings(board),
            "can_edit": selectors.may_edit(viewer_for(request.user)),
        },
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def board_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    board = _board(request, pk) if pk else Board()
    form = forms.BoardForm(request.POST or None, instance=board)
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.board_save(board=form.save(commit=False), actor=request.user),
            f"{form.cleaned_data['name']} saved.",
        )
        if saved:
            return redirect("partnerships:board_detail", pk=saved.pk)
    return _form_page(
        request,
        form,
        heading=f"Change {board.name}" if board.pk else "Add a board or partnership",
        caption="Partnerships and boards",
        button="Save board",
        back=board.get_absolute_url() if board.pk else "",
    )


@role_required(*EDITORS)
@require_POST
def board_archive(request: HttpRequest, pk: int) -> HttpResponse:
    board = _board(request, pk)
    try:
        services.board_archive(board=board, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{board.name} archived: it no longer shows in the list.")
    return redirect("partnerships:board_detail", pk=board.pk)


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    board = _board(request, pk)
    form = forms.MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.member_add(
                board=board,
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                role_title=form.cleaned_data["role_title"],
            ),
            "Member added.",
        )
        if saved:
            return redirect("partnerships:board_detail", pk=board.pk)
    return _form_page(
        request,
        form,
        heading="Add a member",
        caption=board.name,
        button="Add member",
        back=board.get_absolute_url(),
    )


@role_required(*EDITORS)
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(selectors.member_list(viewer=viewer_for(request.user)), pk=pk)
    services.member_remove(member=member, actor=request.user)
    messages.success(request, f"{member} taken off the board.")
    return redirect("partnerships:board_detail", pk=member.board_id)


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def meeting_edit(
    request: HttpRequest, pk: int | None = None, board_pk: int | None = None
) -> HttpResponse:
    if pk:
        meeting = get_object_or_404(selectors.meeting_list(viewer=viewer_for(request.user)), pk=pk)
    else:
        meeting = Meeting(board=_board(request, board_pk or 0))
    form = forms.MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.meeting_save(meeting=form.save(commit=False), actor=request.user),
            "Meeting saved.",
        )
        if saved:
            return redirect("partnerships:board_detail", pk=meeting.board_id)
    return _form_page(
        request,
        form,
        heading="Change the meeting" if meeting.pk else "Add a meeting",
        caption=meeting.board.name,
        button="Save meeting",
        back=meeting.board.get_absolute_url(),
    )


# Jointly funded posts -------------------------------------------------------------------


@role_required(*READERS)
@require_safe
def post_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    page = Paginator(selectors.post_list(viewer=viewer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partnerships/post_list.html",
        {
            "page": page,
            "can_edit": selectors.may_edit(viewer),
            "sees_all": viewer.is_opcc_staff,
            "formats": DOWNLOAD_FORMATS,
        },
    )


@role_required(*READERS)
@require_safe
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    return render(
        request,
        "partnerships/post_detail.html",
        {"post": post, "can_edit": selectors.may_edit(viewer_for(request.user))},
    )


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    post = _post(request, pk) if pk else JointlyFundedPost()
    form = forms.PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.post_save(post=form.save(commit=False), actor=request.user),
            f"{form.cleaned_data['title']} saved.",
        )
        if saved:
            return redirect("partnerships:post_detail", pk=saved.pk)
    return _form_page(
        request,
        form,
        heading=f"Change {post.title}" if post.pk else "Add a jointly funded post",
        caption="Jointly funded posts",
        button="Save post",
        back=post.get_absolute_url() if post.pk else "",
    )


@role_required(*EDITORS)
@require_POST
def post_archive(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    try:
        services.post_archive(post=post, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{post.title} archived: it no longer shows in the list.")
    return redirect("partnerships:post_detail", pk=post.pk)


@role_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def funding_add(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    form = forms.FundingForm(request.POST or None, instance=PostFunding(post=post))
    if request.method == "POST" and form.is_valid():
        saved = saved_or_errors(
            request,
            form,
            lambda: services.funding_save(funding=form.save(commit=False), actor=request.user),
            "Funding recorded.",
        )
        if saved:
            return redirect("partnerships:post_detail", pk=post.pk)
    return _form_page(
        request,
        form,
        heading="Record funding",
        caption=post.title,
        button="Save funding",
        back=post.get_absolute_url(),
    )


@role_required(*EDITORS)
@require_POST
def funding_remove(request: HttpRequest, pk: int) -> HttpResponse:
    funding = get_object_or_404(selectors.funding_list(viewer=viewer_for(request.user)), pk=pk)
    services.funding_remove(funding=funding, actor=request.user)
    messages.success(request, "Funding removed.")
    return redirect("partnerships:post_detail", pk=funding.post_id)


@role_required(*READERS)
@require_safe
@exports.download_view(*DOWNLOAD_FORMATS, kwarg="file_format")
def post_export(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """Every post the viewer sees, one row per funder and year, as a spreadsheet."""
    posts = selectors.post_list(viewer=viewer_for(request.user))
    return exports.table_response(
        request=request,
        rows=selectors.funding_rows(posts),
        columns=selectors.FUNDING_COLUMNS,
        file_format=file_format,
        filename="jointly-funded-posts",
        subject="jointly funded posts and their funding",
        title="Jointly funded posts",
        object_type="partnerships.JointlyFundedPost",
    )
