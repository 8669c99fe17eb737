"""The facilitator's pages, the join flow, the room and its controls."""

import asyncio

import segno
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from workshop import access, boards, limits, relay, room, selectors, services, votes
from workshop.access import Member
from workshop.forms import (
    DotForm, JoinCodeForm, JoinForm, NorthStarForm, ParticipantLimitForm, TimerForm, VoteForm,
    WorkshopForm,
)
from workshop.http import HtmxHttpRequest, refusal
from workshop.models import Activity, Participant, Workshop


def _no_facilitator_yet() -> bool:
    return not get_user_model().objects.exists()


# --- Facilitator accounts and workshops ------------------------------------------------


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    if _no_facilitator_yet():
        return redirect("setup")
    if request.user.is_authenticated:
        return redirect("dashboard")
    return redirect("join")


@require_http_methods(["GET", "POST"])
def setup(request: HtmxHttpRequest) -> HttpResponse:
    """Create the first facilitator; once one exists this page is gone."""
    if not _no_facilitator_yet():
        raise Http404("Prepwork is already set up.")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.is_staff = True
        user.is_superuser = True
        user.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Prepwork. Create your first workshop.")
        return redirect("workshop_new")
    return render(request, "workshop/setup.html", {"form": form})


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    workshops = (
        Workshop.objects.filter(facilitator=request.user)
        .select_related("current_activity__session")
        .prefetch_related("phases")
    )
    return render(request, "workshop/dashboard.html", {"workshops": workshops})


@login_required
@require_http_methods(["GET", "POST"])
def workshop_new(request: HtmxHttpRequest) -> HttpResponse:
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        workshop = services.workshop_create(
            facilitator=request.user,
            organisation=data["organisation"],
            title=data["title"],
            facilitator_sees_names=data["facilitator_sees_names"],
            dates={
                phase: data[f"{phase}_date"] for phase in ("kickstart", "planning", "execution")
            },
        )
        messages.success(request, f"Workshop created. Participants join with {workshop.code}.")
        return redirect("room", workshop.code)
    return render(request, "workshop/workshop_new.html", {"form": form})


# --- Joining ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest) -> HttpResponse:
    form = JoinCodeForm(request.POST or request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        # An address that has typed too many codes of no workshop is answered no more,
        # whether this one is right or not.
        limits.check_code_guesses(request)
        if Workshop.objects.filter(code=code).exists():
            return redirect("join_workshop", code)
        limits.count_code_guess(request)
        form.add_error("code", "No workshop has that code. Check it on the facilitator's screen.")
    status = 422 if form.errors else 200
    return render(request, "workshop/join.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def join_workshop(request: HtmxHttpRequest, code: str) -> HttpResponse:
    workshop = access.workshop_for_code(code, request)
    member = access.member_of(workshop=workshop, user=request.user, cookies=request.COOKIES)
    if member is not None:
        return redirect("room", workshop.code)
    limits.check_code_guesses(request)
    form = JoinForm(request.POST or None)
    room_full = False
    if request.method == "POST" and form.is_valid():
        limits.take_join(request, workshop.pk)
        try:
            participant = services.participant_join(
                workshop=workshop, name=form.cleaned_data["name"], role=form.cleaned_data["role"]
            )
        except services.RoomFull:
            room_full = True
        else:
            response = redirect("room", workshop.code)
            access.remember_participant(response, participant)
            return response
    room_full = room_full or selectors.room_is_full(workshop)
    context = {
        "workshop": workshop,
        "form": form,
        "room_full": room_full,
        "was_removed": access.was_removed(request, workshop),
    }
    status = 409 if room_full and request.method == "POST" else 422 if form.errors else 200
    return render(request, "workshop/join_workshop.html", context, status=status)


# --- The room --------------------------------------------------------------------------


@require_GET
def room_page(request: HtmxHttpRequest, code: str) -> HttpResponse:
    workshop = access.workshop_for_code(code, request)
    member = access.member_of(workshop=workshop, user=request.user, cookies=request.COOKIES)
    if member is None:
        if request.htmx:
            return HttpResponseClientRedirect(workshop.join_url())
        return redirect("join_workshop", workshop.code)
    return room.render_room(request, member)


@require_GET
def present(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The projector view: what every participant may see, the timer, and how to join."""
    member = access.require_facilitator(request, code)
    context = room.present_context(request, member)
    # A viewBox and no fixed size, so the stylesheet scales the whole code, never crops
    # it; the quiet zone (four modules) is drawn white, whatever the card behind it.
    context["qr_svg"] = segno.make(context["join_link"], error="m").svg_inline(
        omitsize=True, border=4, dark="#14213d", light="#fff",
        title="QR code to join the workshop",
    )
    template = room.PRESENT
    if request.htmx:
        template += "#room-body"
    return render(request, template, context)


@require_GET
def people(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Everyone in the room, by name: one click away rather than on every push."""
    member = access.require_member(request, code)
    context = {
        "workshop": member.workshop,
        "member": member,
        "everyone": selectors.people_by_name(member.workshop),
    }
    return render(request, "workshop/_people.html#everyone", context)


def _activity(member: Member, activity_id: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("session"),
        pk=activity_id,
        session__workshop=member.workshop,
    )


@require_POST
def activity_open(request: HtmxHttpRequest, code: str, activity_id: int) -> HttpResponse:
    member = access.require_facilitator(request, code)
    services.activity_open(workshop=member.workshop, activity=_activity(member, activity_id))
    return room.back_to_room(request, member)


@require_POST
def activity_lock(request: HtmxHttpRequest, code: str, activity_id: int) -> HttpResponse:
    member = access.require_facilitator(request, code)
    locked = request.POST.get("locked") == "on"
    services.activity_set_locked(activity=_activity(member, activity_id), locked=locked)
    return room.back_to_room(request, member)


@require_POST
def activity_hiding(request: HtmxHttpRequest, code: str, activity_id: int) -> HttpResponse:
    member = access.require_facilitator(request, code)
    hide = request.POST.get("hide") == "on"
    services.activity_set_hiding(activity=_activity(member, activity_id), hide=hide)
    return room.back_to_room(request, member)


@require_POST
def activity_anonymous(request: HtmxHttpRequest, code: str, activity_id: int) -> HttpResponse:
    member = access.require_facilitator(request, code)
    anonymous = request.POST.get("anonymous") == "on"
    services.activity_set_anonymous(activity=_activity(member, activity_id), anonymous=anonymous)
    return room.back_to_room(request, member)


@require_POST
def north_star(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The facilitator records the north star; every screen shows it at once."""
    member = access.require_facilitator(request, code)
    workshop = member.workshop
    form = NorthStarForm(request.POST)
    if not form.is_valid():
        if not request.htmx:
            return room.render_room(request, member, status=422, north_star_form=form)
        context = {
            "workshop": workshop, "north_star_form": form,
            "levels": room.north_star_levels(workshop),
        }
        return render(request, f"{room.NORTH_STAR}#form", context, status=422)
    services.north_star_set(workshop=workshop, **form.cleaned_data)
    if not request.htmx:
        return redirect("room", workshop.code)
    context = {
        "workshop": workshop, "north_star_form": NorthStarForm.of(workshop),
        "levels": room.north_star_levels(workshop), "saved": True,
    }
    return render(request, f"{room.NORTH_STAR}#form", context)


# --- Dot votes ------------------------------------------------------------------------


def _voting_activity(member: Member, activity_id: int) -> tuple[Activity, boards.Board]:
    """An activity of this workshop whose board holds dot votes, with its board."""
    activity = _activity(member, activity_id)
    board = boards.for_activity(activity)
    if board is None or not board.has_votes:
        raise Http404("That board has no dot vote.")
    return activity, board


@require_POST
def vote_open(request: HtmxHttpRequest, code: str, activity_id: int) -> HttpResponse:
    member = access.require_facilitator(request, code)
    activity, _ = _voting_activity(member, activity_id)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return refusal("Give each person from 1 to 20 dots.")
    services.vote_open(activity=activity, **form.cleaned_data)
    return room.back_to_room(request, member)


@require_POST
def vote_control(request: HtmxHttpRequest, code: str, activity_id: int, change) -> HttpResponse:
    """Close, reveal or clear a vote: `change` is the service, named by the URL."""
    member = access.require_facilitator(request, code)
    change(activity=_voting_activity(member, activity_id)[0])
    return room.back_to_room(request, member)


@require_POST
def dots(request: HtmxHttpRequest, code: str, activity_id: int) -> HttpResponse:
    """A participant gives a dot to an item, or takes one back; their meter comes back."""
    member = access.require_participant(request, code)
    activity, board = _voting_activity(member, activity_id)
    access.check_can_contribute(member, activity)
    form = DotForm(request.POST)
    if not form.is_valid():
        return refusal("Choose an item on the board to give a dot to or take one from.")
    item_id = form.cleaned_data["item"]
    try:
        if form.cleaned_data["change"] == "give":
            services.dot_give(
                activity=activity, participant=member.participant, item_id=item_id,
                items=board.vote_items(workshop=member.workshop),
            )
        else:
            services.dot_take(activity=activity, participant=member.participant, item_id=item_id)
    except services.VoteRefused as refused:
        return refusal(str(refused), status=409)
    if not request.htmx:
        return redirect("room", member.workshop.code)
    vote = votes.vote_on(activity)
    context = {
        "workshop": member.workshop, "oob": True,
        **votes.own_context(vote, member.participant.pk),
    }
    return render(request, f"{room.VOTE}#mine", context)


@require_POST
def timer_start(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    form = TimerForm(request.POST)
    if not form.is_valid():
        return refusal("A timer runs from 1 to 180 minutes.")
    services.timer_start(workshop=member.workshop, minutes=form.cleaned_data["minutes"])
    return room.back_to_room(request, member)


@require_POST
def timer_stop(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    services.timer_stop(workshop=member.workshop)
    return room.back_to_room(request, member)


@require_POST
def ready(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_participant(request, code)
    ready = request.POST.get("ready") == "on"
    services.participant_set_ready(participant=member.participant, ready=ready)
    if request.htmx:
        context = {"workshop": member.workshop, "member": member, "audience": member.audience}
        return render(request, f"{room.ROOM}#ready-button", context)
    return redirect("room", member.workshop.code)


@require_POST
def participant_limit(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The facilitator sets how many participants the room takes."""
    member = access.require_facilitator(request, code)
    form = ParticipantLimitForm(request.POST)
    if not form.is_valid():
        return refusal(form.errors["participant_limit"][0])
    services.workshop_set_participant_limit(
        workshop=member.workshop, limit=form.cleaned_data["participant_limit"]
    )
    if request.htmx:
        response = HttpResponse(status=204)
        return trigger_client_event(
            response, "roomSaved",
            {"message": f"The room now takes {member.workshop.participant_limit} participants."},
        )
    return redirect("room", member.workshop.code)


@require_POST
def participant_remove(request: HtmxHttpRequest, code: str, participant_id: int) -> HttpResponse:
    member = access.require_facilitator(request, code)
    participant = get_object_or_404(
        Participant, pk=participant_id, workshop=member.workshop, removed_at__isnull=True
    )
    services.participant_remove(participant=participant)
    return room.back_to_room(request, member)


# --- Health and errors -----------------------------------------------------------------


class GroupsLost(Exception):
    """The layer answers but no longer delivers this process's groups (a Redis that
    restarted empty): its screens hear nothing until the relay joins them again."""


async def _channel_layer_answers() -> None:
    process = relay.of_this_process()
    if process is not None and process.sockets:
        # The process serves sockets: what matters is that their groups still deliver.
        # (Its relay is also the one receiver of this process's channels on Redis.)
        if process.lost or not await process.delivers():
            # Not ok this time; join them again now rather than at the relay's next check.
            await process.reestablish()
            raise GroupsLost
        return
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "health.check"})
    await asyncio.wait_for(layer.receive(channel), timeout=3)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not ok"
        checks["database"] = f"error: {error.__class__.__name__}"
    try:
        async_to_sync(_channel_layer_answers)()
        checks["channel_layer"] = "ok"
    except Exception as error:  # noqa: BLE001
        checks["channel_layer"] = f"error: {error.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


def _error_page(request: HttpRequest, status: int, reason: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return refusal(reason, status=status)
    return render(request, f"{status}.html", {"reason": reason}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    reason = "Prepwork could not read that request."
    if isinstance(exception, RequestDataTooBig):
        reason = "That is far more text than any field takes. Nothing was saved."
    return _error_page(request, 400, reason)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 403, str(exception) or "You are not allowed to do that.")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    reason = "This page does not exist."
    if isinstance(exception, Http404) and exception.args and isinstance(exception.args[0], str):
        reason = exception.args[0]
    return _error_page(request, 404, reason)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without the page's security token, or from an address this site is
    not served at: nothing was saved, and a fresh page sends it right."""
    message = (
        "Nothing was saved: this form came without the security check of a fresh page "
        "(an old tab, blocked cookies, or an address this site is not served at). "
        "Reload the page and send it again."
    )
    if getattr(request, "htmx", False):
        return refusal(message, status=403)
    return render(request, "403_csrf.html", {"reason": message}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    reason = "Something went wrong on our side. Nothing you saved before is lost; try again."
    if getattr(request, "htmx", False):
        return refusal(reason, status=500)
    # No context processors: the error may come from one of them.
    return HttpResponse(render_to_string("500.html", {"reason": reason}), status=500)
