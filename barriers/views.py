"""The asset audit and the barriers board: add, edit, tick and remove assets; log,
edit, progress and remove barriers; make a gap in the audit a barrier."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from barriers import selectors, services
from barriers.forms import (
    AssetEditForm, AssetForm, AssetStatusForm, BarrierEditForm, BarrierForm, BarrierStatusForm,
)
from barriers.models import Asset, Barrier
from workshop import access, room
from workshop.access import Member
from workshop.http import HtmxHttpRequest, refusal
from workshop.models import Activity
from workshop.services import EditConflict

BOARD = selectors.BOARD


def _board_activity(member: Member) -> Activity:
    return room.board_activity(member, Activity.Kind.BARRIERS)


def _asset(member: Member, asset_id: int) -> Asset:
    asset = get_object_or_404(Asset, pk=asset_id, workshop=member.workshop)
    asset.workshop = member.workshop
    asset.url = f"{selectors.assets_url(member.workshop)}{asset.pk}/"
    return asset


def _barrier(member: Member, barrier_id: int) -> Barrier:
    barrier = get_object_or_404(selectors.with_people(), pk=barrier_id, workshop=member.workshop)
    barrier.workshop = member.workshop
    barrier.url = f"{selectors.board_url(member.workshop)}{barrier.pk}/"
    return barrier


def _added(request, member, partial: str, form, saved: str, **context) -> HttpResponse:
    if not request.htmx:
        return redirect("room", member.workshop.code)
    form.fields[next(iter(form.fields))].widget.attrs["autofocus"] = True
    context = {"workshop": member.workshop, **_urls(member), **context, "saved": True}
    response = render(request, f"{BOARD}#{partial}", context)
    return trigger_client_event(response, "roomSaved", {"message": saved})


def _urls(member: Member) -> dict:
    return {
        "assets_url": selectors.assets_url(member.workshop),
        "barriers_url": selectors.board_url(member.workshop),
    }


def _refused_form(request, member, partial: str, **context) -> HttpResponse:
    if request.htmx:
        context = {"workshop": member.workshop, **_urls(member), **context}
        return render(request, f"{BOARD}#{partial}", context, status=422)
    return room.render_room(request, member, status=422, **context)


def _edit(request, member: Member, item, form_class, update, **form_kwargs) -> HttpResponse:
    """An item's editor, in the room's editor panel (a push of the board leaves it be):
    a save over a newer version is refused with that version shown, and what this
    person typed kept."""
    kind = type(item).__name__.lower()
    context = {"workshop": member.workshop, "item": item, "kind": kind, **_urls(member)}
    ids = f"{kind}-edit-{item.pk}-%s"
    if request.method == "GET":
        form = form_class(
            instance=item, initial={"version": item.version}, auto_id=ids, **form_kwargs
        )
        return render(request, f"{BOARD}#{kind}-edit", {**context, "form": form})
    form = form_class(request.POST, auto_id=ids, **form_kwargs)
    if not form.is_valid():
        return render(request, f"{BOARD}#{kind}-edit", {**context, "form": form}, status=422)
    data = form.cleaned_data
    try:
        update(version=data.pop("version"), **data)
    except EditConflict as conflict:
        latest = conflict.current
        form = form_class(
            data={**request.POST.dict(), "version": latest.version}, auto_id=ids, **form_kwargs
        )
        return render(
            request, f"{BOARD}#{kind}-edit", {**context, "form": form, "conflict": latest},
            status=409,
        )
    return room.written(request, member, "Saved. Everyone sees it now.")


# --- The asset audit --------------------------------------------------------------------


@require_POST
def asset_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Add an asset to the audit."""
    member = access.require_member(request, code)
    _board_activity(member)
    form = AssetForm(request.POST)
    if not form.is_valid():
        return _refused_form(request, member, "asset-form", asset_form=form)
    services.asset_create(workshop=member.workshop, author=member.participant, **form.cleaned_data)
    fresh = AssetForm(initial={"category": form.cleaned_data["category"]})
    return _added(request, member, "asset-form", fresh, "Added to the audit.", asset_form=fresh)


@require_http_methods(["GET", "POST"])
def asset_edit(request: HtmxHttpRequest, code: str, asset_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    asset = _asset(member, asset_id)
    access.check_can_edit(member, asset)
    _board_activity(member)

    def update(**data):
        services.asset_update(asset=asset, **data)

    return _edit(request, member, asset, AssetEditForm, update)


@require_POST
def asset_status(request: HtmxHttpRequest, code: str, asset_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    asset = _asset(member, asset_id)
    access.check_can_edit(member, asset)
    _board_activity(member)
    form = AssetStatusForm(request.POST)
    if not form.is_valid():
        return refusal("An asset is there, partly there or missing.")
    services.asset_set_status(asset=asset, status=form.cleaned_data["status"])
    return room.written(request, member)


@require_POST
def asset_delete(request: HtmxHttpRequest, code: str, asset_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    asset = _asset(member, asset_id)
    access.check_can_remove(member, asset)
    if not member.is_facilitator:
        _board_activity(member)
    services.asset_delete(asset=asset)
    return room.written(request, member)


@require_POST
def asset_to_barrier(request: HtmxHttpRequest, code: str, asset_id: int) -> HttpResponse:
    """Anyone in the room makes a gap in the audit a barrier, in one action."""
    member = access.require_member(request, code)
    asset = _asset(member, asset_id)
    activity = _board_activity(member)
    if not asset.is_gap:
        return refusal("We have that asset: there is no gap to make a barrier of.", 409)
    try:
        services.barrier_from_asset(asset=asset, activity=activity, author=member.participant)
    except services.AlreadyABarrier:
        return refusal("That gap is a barrier already.", 409)
    return room.written(request, member, "Now a barrier. Give it an owner and a next step.")


# --- Barriers ---------------------------------------------------------------------------


@require_POST
def barrier_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Log a barrier."""
    member = access.require_member(request, code)
    activity = _board_activity(member)
    form = BarrierForm(request.POST, workshop=member.workshop)
    if not form.is_valid():
        return _refused_form(request, member, "barrier-form", barrier_form=form)
    services.barrier_create(
        workshop=member.workshop, activity=activity, author=member.participant,
        **form.cleaned_data,
    )
    fresh = BarrierForm(workshop=member.workshop)
    return _added(request, member, "barrier-form", fresh, "Barrier logged.", barrier_form=fresh)


@require_http_methods(["GET", "POST"])
def barrier_edit(request: HtmxHttpRequest, code: str, barrier_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    barrier = _barrier(member, barrier_id)
    access.check_can_edit(member, barrier)
    _board_activity(member)

    def update(**data):
        services.barrier_update(barrier=barrier, **data)

    return _edit(request, member, barrier, BarrierEditForm, update, workshop=member.workshop)


@require_POST
def barrier_status(request: HtmxHttpRequest, code: str, barrier_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    barrier = _barrier(member, barrier_id)
    access.check_can_progress(member, barrier)
    _board_activity(member)
    form = BarrierStatusForm(request.POST)
    if not form.is_valid():
        return refusal("A barrier is open, in progress or resolved.")
    services.barrier_set_status(barrier=barrier, status=form.cleaned_data["status"])
    return room.written(request, member)


@require_POST
def barrier_delete(request: HtmxHttpRequest, code: str, barrier_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    barrier = _barrier(member, barrier_id)
    access.check_can_remove(member, barrier)
    if not member.is_facilitator:
        _board_activity(member)
    services.barrier_delete(barrier=barrier)
    return room.written(request, member)
