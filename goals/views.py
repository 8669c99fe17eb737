"""The goals board: add goals, move them on the 2x2, remove them."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from goals import selectors, services
from goals.forms import GoalEditForm, GoalForm, MoveForm
from goals.models import Goal
from workshop import access, room
from workshop.access import Member
from workshop.http import HtmxHttpRequest, refusal
from workshop.models import Activity
from workshop.services import EditConflict

BOARD = selectors.BOARD


def _board_activity(member: Member) -> Activity:
    return room.board_activity(member, Activity.Kind.GOALS)


def _goal(member: Member, goal_id: int) -> Goal:
    goal = get_object_or_404(Goal, pk=goal_id, workshop=member.workshop)
    goal.workshop = member.workshop
    return goal


def _form_context(member: Member, form: GoalForm, **extra) -> dict:
    workshop = member.workshop
    return {
        "workshop": workshop, "goals_url": selectors.board_url(workshop),
        "goal_form": form, **extra,
    }


@require_POST
def goal_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Add a goal; it waits in the tray until someone places it."""
    member = access.require_member(request, code)
    activity = _board_activity(member)
    form = GoalForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(request, f"{BOARD}#form", _form_context(member, form), status=422)
        return room.render_room(request, member, status=422, goal_form=form)
    goal = services.goal_create(
        workshop=member.workshop, activity=activity, author=member.participant,
        **form.cleaned_data,
    )
    if not request.htmx:
        return redirect("room", member.workshop.code)
    department = form.cleaned_data["department"]
    fresh = GoalForm(initial={"department": department})
    fresh.fields["text"].widget.attrs["autofocus"] = True
    response = render(
        request, f"{BOARD}#form",
        _form_context(member, fresh, saved=True, weak_metric=goal.needs_better_metric),
    )
    return trigger_client_event(
        response, "roomSaved", {"message": "Added to the tray. Drag it onto the grid."}
    )


@require_POST
def goal_move(request: HtmxHttpRequest, code: str, goal_id: int) -> HttpResponse:
    """Move a goal: on the shared grid, or, during a silent round, on this participant's
    own grid."""
    member = access.require_member(request, code)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return refusal("A place on the grid runs from -1 to 1 on each axis, x and y both.")
    place = form.cleaned_data
    goal = _goal(member, goal_id)
    if not services.move_is_due(("goal", goal.pk), final=place["final"]):
        return _done(request, member)
    _board_activity(member)
    silent = selectors.open_round(member.workshop)
    if silent is None:
        services.goal_move(goal=goal, **place)
    elif silent.is_placing and member.participant is not None:
        services.placement_move(
            silent=silent, goal=goal, participant=member.participant, x=place["x"], y=place["y"]
        )
    elif silent.is_placing:
        return refusal("A silent round is on: the room is placing goals. Reveal it first.", 409)
    elif member.is_facilitator:
        services.goal_move(goal=goal, **place)
    else:
        return refusal("The facilitator is settling where each goal goes.", 409)
    return _done(request, member)


def _done(request: HtmxHttpRequest, member: Member) -> HttpResponse:
    if request.htmx:
        return HttpResponse(status=204)
    return redirect("room", member.workshop.code)


@require_http_methods(["GET", "POST"])
def goal_edit(request: HtmxHttpRequest, code: str, goal_id: int) -> HttpResponse:
    """The author's edit of their goal's words; a save over a newer version is refused
    with that version shown, and what this person typed kept."""
    member = access.require_member(request, code)
    goal = _goal(member, goal_id)
    access.check_can_edit(member, goal)
    _board_activity(member)
    goal = selectors.prepare([goal], board_url=selectors.board_url(member.workshop))[0]
    context = {"workshop": member.workshop, "goal": goal}
    edit_ids = f"goal-edit-{goal.pk}-%s"
    if request.method == "GET":
        form = GoalEditForm(instance=goal, initial={"version": goal.version}, auto_id=edit_ids)
        form.fields["text"].widget.attrs["autofocus"] = True
        return render(request, f"{BOARD}#edit-form", {**context, "form": form})
    form = GoalEditForm(request.POST, auto_id=edit_ids)
    if not form.is_valid():
        return render(request, f"{BOARD}#edit-form", {**context, "form": form}, status=422)
    data = form.cleaned_data
    try:
        services.goal_update(goal=goal, version=data.pop("version"), **data)
    except EditConflict as conflict:
        latest = conflict.current
        form = GoalEditForm(
            data={**request.POST.dict(), "version": latest.version}, auto_id=edit_ids
        )
        return render(
            request, f"{BOARD}#edit-form", {**context, "form": form, "conflict": latest},
            status=409,
        )
    if request.htmx:
        response = HttpResponse("")
        return trigger_client_event(response, "roomSaved", {"message": "Goal saved."})
    return redirect("room", member.workshop.code)


@require_POST
def goal_merge(request: HtmxHttpRequest, code: str, goal_id: int) -> HttpResponse:
    """The facilitator folds a duplicate (`merged`, posted) into this goal."""
    member = access.require_facilitator(request, code)
    keep = _goal(member, goal_id)
    try:
        merged = _goal(member, int(request.POST.get("merged", "")))
    except ValueError:
        return refusal("Say which goal to merge into this one.")
    if merged.pk == keep.pk:
        return refusal("A goal cannot be merged into itself.")
    services.goal_merge(keep=keep, merged=merged)
    return room.back_to_room(request, member)


@require_POST
def goal_delete(request: HtmxHttpRequest, code: str, goal_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    goal = _goal(member, goal_id)
    access.check_can_remove(member, goal)
    if not member.is_facilitator:
        _board_activity(member)
    services.goal_delete(goal=goal)
    return _done(request, member)


# --- Silent rounds, run by the facilitator ------------------------------------------------


@require_POST
def silent_start(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    _board_activity(member)
    if selectors.open_round(member.workshop) is not None:
        return refusal("A silent round is already on.", 409)
    services.round_start(workshop=member.workshop)
    return room.back_to_room(request, member)


@require_POST
def silent_reveal(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    silent = selectors.open_round(member.workshop)
    if silent is None or not silent.is_placing:
        return refusal("There is no silent round to reveal.", 409)
    services.round_reveal(silent=silent)
    return room.back_to_room(request, member)


@require_POST
def silent_close(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    silent = selectors.open_round(member.workshop)
    if silent is None:
        return refusal("There is no silent round to finish.", 409)
    services.round_close(silent=silent)
    return room.back_to_room(request, member)
