"""The connected-experiences board: add, edit, delete and rate cards, and the
facilitator's starter deck and reveal."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from experiences import cards as card_views
from experiences import selectors, services
from experiences.forms import ExperienceEditForm, ExperienceForm, RatingForm
from experiences.models import Experience
from workshop import access, room, votes
from workshop.access import Member
from workshop.http import HtmxHttpRequest, refusal
from workshop.models import Activity
from workshop.services import EditConflict

BOARD = "experiences/board.html"


def _board_activity(member: Member) -> Activity:
    return room.board_activity(member, Activity.Kind.EXPERIENCES)


def _card(member: Member, experience_id: int) -> Experience:
    card = get_object_or_404(
        selectors.with_stats(), pk=experience_id, workshop=member.workshop
    )
    if not access.can_see(member, card):
        raise Http404("That card does not exist.")
    card.workshop = member.workshop
    return card_views.prepare([card], board_url=selectors.board_url(member.workshop))[0]


def _fragment_context(member: Member, **extra) -> dict:
    workshop = member.workshop
    return {"workshop": workshop, "experiences_url": selectors.board_url(workshop), **extra}


@require_http_methods(["GET", "POST"])
def experience_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """GET: the board's cards in the chosen order. POST: add a card."""
    member = access.require_member(request, code)
    if request.method == "GET":
        activity = room.find_board_activity(member.workshop, Activity.Kind.EXPERIENCES)
        if activity is None:
            raise Http404("This workshop has no connected-experiences board.")
        context = selectors.board_context(
            workshop=member.workshop, activity=activity, audience=member.audience,
            member=member, options=request.GET,
        )
        context.update(
            room.viewer_context(workshop=member.workshop, audience=member.audience, member=member)
        )
        context.update(
            votes.stage_context(
                workshop=member.workshop, activity=activity, audience=member.audience,
                member=member,
            )
        )
        return render(request, f"{BOARD}#cards", context)
    activity = _board_activity(member)
    form = ExperienceForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request, f"{BOARD}#form", _fragment_context(member, experience_form=form),
                status=422,
            )
        return room.render_room(request, member, status=422, experience_form=form)
    services.experience_create(
        workshop=member.workshop, activity=activity, author=member.participant,
        **form.cleaned_data,
    )
    if not request.htmx:
        return redirect("room", member.workshop.code)
    # The new card reaches this screen with everyone else's, through the socket; the
    # fresh form takes the focus back for the next card.
    form = ExperienceForm()
    form.fields["title"].widget.attrs["autofocus"] = True
    response = render(
        request, f"{BOARD}#form", _fragment_context(member, experience_form=form, saved=True)
    )
    return trigger_client_event(response, "roomSaved", {"message": "Added. Everyone sees it now."})


@require_GET
def experience_body(request: HtmxHttpRequest, code: str, experience_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    card = _card(member, experience_id)
    return render(request, f"{BOARD}#body", _fragment_context(member, card=card, shared=True))


@require_http_methods(["GET", "POST"])
def experience_edit(request: HtmxHttpRequest, code: str, experience_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    card = _card(member, experience_id)
    access.check_can_edit(member, card)
    _board_activity(member)
    context = _fragment_context(member, card=card, shared=True)
    # Its own ids, so they do not clash with the add-card form on the same page.
    edit_ids = f"edit-{card.pk}-%s"
    if request.method == "GET":
        form = ExperienceEditForm(
            instance=card, initial={"version": card.version}, auto_id=edit_ids
        )
        return render(request, f"{BOARD}#edit-form", {**context, "form": form})
    form = ExperienceEditForm(
        request.POST, instance=Experience(workshop=member.workshop), auto_id=edit_ids
    )
    if not form.is_valid():
        return render(request, f"{BOARD}#edit-form", {**context, "form": form}, status=422)
    data = form.cleaned_data
    try:
        saved = services.experience_update(
            experience=card, version=data.pop("version"), **data
        )
    except EditConflict as conflict:
        # Keep what this person typed, show what was saved meanwhile, and let them
        # decide: saving again now knowingly replaces the newer version.
        latest = conflict.current
        form = ExperienceEditForm(
            data={**request.POST.dict(), "version": latest.version}, auto_id=edit_ids
        )
        return render(
            request, f"{BOARD}#edit-form", {**context, "form": form, "conflict": latest},
            status=409,
        )
    if request.htmx:
        context["card"] = _card(member, saved.pk)
        return render(request, f"{BOARD}#body", context)
    return redirect("room", member.workshop.code)


@require_POST
def experience_delete(request: HtmxHttpRequest, code: str, experience_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    card = _card(member, experience_id)
    access.check_can_remove(member, card)
    if not member.is_facilitator:
        _board_activity(member)
    services.experience_delete(experience=card)
    if request.htmx:
        return HttpResponse(status=204)
    return redirect("room", member.workshop.code)


@require_POST
def experience_rate(request: HtmxHttpRequest, code: str, experience_id: int) -> HttpResponse:
    member = access.require_participant(request, code)
    card = _card(member, experience_id)
    _board_activity(member)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return refusal("A rating is a whole number from 1 to 5.")
    services.experience_rate(experience=card, participant=member.participant, **form.cleaned_data)
    if request.htmx:
        # The new averages reach every screen, this one included, through the socket.
        return HttpResponse(status=204)
    return redirect("room", member.workshop.code)


@require_POST
def starter_deck(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    services.starter_deck_load(workshop=member.workshop)
    return room.back_to_room(request, member)


@require_POST
def reveal(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    services.experiences_reveal(workshop=member.workshop, activity=_board_activity(member))
    return room.back_to_room(request, member)
