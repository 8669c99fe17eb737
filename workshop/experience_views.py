"""The connected-experiences board: add, edit, delete and rate cards, and the
facilitator's starter deck and reveal."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshop import access, selectors, services
from workshop.access import Member
from workshop.forms import ExperienceEditForm, ExperienceForm, RatingForm
from workshop.models import Activity, Experience
from workshop.views import HtmxHttpRequest, back_to_room, render_room

CARD = "workshop/_experience_card.html"


def _board_activity(member: Member) -> Activity:
    """The experiences activity, which must be the open one for participants to write."""
    activity = (
        Activity.objects.select_related("session")
        .filter(session__workshop=member.workshop, kind=Activity.Kind.EXPERIENCES)
        .first()
    )
    if activity is None:
        raise Http404("This workshop has no connected-experiences board.")
    access.check_can_contribute(member, activity)
    return activity


def _card(member: Member, experience_id: int) -> Experience:
    card = get_object_or_404(
        selectors.experiences_with_stats(), pk=experience_id, workshop=member.workshop
    )
    if not access.can_see_experience(member, card):
        raise Http404("That card does not exist.")
    return card


@require_http_methods(["GET", "POST"])
def experience_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """GET: the board's cards in the chosen order. POST: add a card."""
    member = access.require_member(request, code)
    if request.method == "GET":
        sort = request.GET.get("sort", "newest")
        cards = selectors.experience_board(member=member, sort=sort)
        context = {"cards": cards, "member": member, "workshop": member.workshop, "sort": sort}
        return render(request, "workshop/room.html#experience-list", context)
    activity = _board_activity(member)
    form = ExperienceForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request, "workshop/room.html#experience-form",
                {"experience_form": form, "workshop": member.workshop}, status=422,
            )
        return render_room(request, member, status=422, experience_form=form)
    services.experience_create(
        workshop=member.workshop, activity=activity, author=member.participant,
        **form.cleaned_data,
    )
    if request.htmx:
        # The new card reaches this screen with everyone else's, through the socket.
        return render(
            request, "workshop/room.html#experience-form",
            {"experience_form": ExperienceForm(), "workshop": member.workshop, "saved": True},
        )
    return redirect("room", member.workshop.code)


@require_GET
def experience_body(request: HtmxHttpRequest, code: str, experience_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    card = _card(member, experience_id)
    return render(request, f"{CARD}#body", {"card": card, "workshop": member.workshop})


@require_http_methods(["GET", "POST"])
def experience_edit(request: HtmxHttpRequest, code: str, experience_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    card = _card(member, experience_id)
    access.check_can_edit_experience(member, card)
    _board_activity(member)
    context = {"card": card, "workshop": member.workshop}
    # Its own ids, so they do not clash with the add-card form on the same page.
    edit_ids = f"edit-{card.pk}-%s"
    if request.method == "GET":
        form = ExperienceEditForm(
            instance=card, initial={"version": card.version}, auto_id=edit_ids
        )
        return render(request, f"{CARD}#edit-form", {**context, "form": form})
    form = ExperienceEditForm(
        request.POST, instance=Experience(workshop=member.workshop), auto_id=edit_ids
    )
    if not form.is_valid():
        return render(request, f"{CARD}#edit-form", {**context, "form": form}, status=422)
    data = form.cleaned_data
    try:
        saved = services.experience_update(
            experience=card, version=data.pop("version"), **data
        )
    except services.EditConflict as conflict:
        # Keep what this person typed, show what was saved meanwhile, and let them
        # decide: saving again now knowingly replaces the newer version.
        latest = conflict.current
        form = ExperienceEditForm(
            data={**request.POST.dict(), "version": latest.version}, auto_id=edit_ids
        )
        return render(
            request, f"{CARD}#edit-form", {**context, "form": form, "conflict": latest}, status=409
        )
    if request.htmx:
        context["card"] = _card(member, saved.pk)
        return render(request, f"{CARD}#body", context)
    return redirect("room", member.workshop.code)


@require_POST
def experience_delete(request: HtmxHttpRequest, code: str, experience_id: int) -> HttpResponse:
    member = access.require_member(request, code)
    card = _card(member, experience_id)
    access.check_can_delete_experience(member, card)
    if not member.is_facilitator:
        _board_activity(member)
    services.experience_delete(experience=card)
    if request.htmx:
        return HttpResponse("")
    return redirect("room", member.workshop.code)


@require_POST
def experience_rate(request: HtmxHttpRequest, code: str, experience_id: int) -> HttpResponse:
    member = access.require_participant(request, code)
    card = _card(member, experience_id)
    _board_activity(member)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            "A rating is a whole number from 1 to 5.", status=400,
            content_type="text/plain; charset=utf-8",
        )
    rating = services.experience_rate(
        experience=card, participant=member.participant,
        dimension=form.cleaned_data["dimension"], score=form.cleaned_data["score"],
    )
    if request.htmx:
        card.my_rating = rating
        return render(request, f"{CARD}#rating", {"card": card, "workshop": member.workshop})
    return redirect("room", member.workshop.code)


@require_POST
def starter_deck(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    services.starter_deck_load(workshop=member.workshop)
    return back_to_room(request, member)


@require_POST
def reveal(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    services.experiences_reveal(workshop=member.workshop, activity=_board_activity(member))
    return back_to_room(request, member)
