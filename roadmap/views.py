"""The roadmap out of the room: the facilitator's PDFs, versions and share link; the
stakeholder's read-only page and downloads; the dates for calendars."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST, require_safe

from roadmap import calendar, pdf, services
from roadmap.assemble import assemble
from roadmap.models import RoadmapVersion
from workshop import access, room
from workshop.http import HtmxHttpRequest, refusal
from workshop.models import Workshop


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(workshop: Workshop, version: RoadmapVersion | None) -> str:
    return f"{workshop.code}-roadmap-{f'v{version.number}' if version else 'draft'}.pdf"


@require_safe
def roadmap_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The facilitator's PDF of the roadmap as it stands: a draft, marked so on every page."""
    member = access.require_facilitator(request, code)
    rendered = pdf.render(assemble(member.workshop))
    return _pdf(rendered.pdf, _file_name(member.workshop, None))


@require_safe
def version_pdf(request: HttpRequest, code: str, number: int) -> HttpResponse:
    member = access.require_facilitator(request, code)
    version = get_object_or_404(RoadmapVersion, workshop=member.workshop, number=number)
    return _pdf(bytes(version.pdf), _file_name(member.workshop, version))


@require_POST
def finalise(request: HtmxHttpRequest, code: str) -> HttpResponse:
    member = access.require_facilitator(request, code)
    version = services.finalise(workshop=member.workshop)
    return room.written(request, member, f"Version {version.number} is final. Share it when ready.")


@require_POST
def share(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Publish, replace or revoke the share link."""
    member = access.require_facilitator(request, code)
    change = request.POST.get("change")
    try:
        if change == "publish":
            services.publish(workshop=member.workshop)
            message = "Published. Send stakeholders the link."
        elif change == "replace":
            services.publish(workshop=member.workshop, new_token=True)
            message = "A new link: the old one no longer works."
        elif change == "revoke":
            services.revoke(workshop=member.workshop)
            message = "Not shared any more: the link no longer works."
        else:
            return refusal("Publish, replace or revoke the link.")
    except services.NothingToShare as nothing:
        return refusal(str(nothing), 409)
    return room.written(request, member, message)


@require_safe
def workshop_calendar(request: HttpRequest, code: str, key: str = "") -> HttpResponse:
    """Everyone in the room: the dates of the roadmap as it stands (the draft, which the
    room is still shaping), or one of them."""
    member = access.require_member(request, code)
    workshop = member.workshop
    return _calendar(workshop, calendar.dates(assemble(workshop)), key,
                     link=request.build_absolute_uri(f"/w/{code}/"), prefix=f"{workshop.code}-")


# --- Stakeholders: the share link reads and downloads, nothing more --------------------


def _latest(workshop: Workshop) -> RoadmapVersion:
    # Its page and dates; the PDF is fetched only when downloaded.
    version = workshop.roadmap_versions.defer("pdf").first()
    if version is None:
        raise Http404("No version of this roadmap is finalised.")
    return version


@require_safe
def stakeholder(request: HttpRequest, token: str) -> HttpResponse:
    workshop = access.require_stakeholder(token)
    version = _latest(workshop)
    return render(request, "roadmap/stakeholder.html", {
        "workshop": workshop, "version": version, "token": token,
        "versions": list(workshop.roadmap_versions.defer("pdf", "html", "dates")),
        "dates": calendar.listed(version.dates),
    })


@require_safe
def stakeholder_pdf(request: HttpRequest, token: str, number: int) -> HttpResponse:
    workshop = access.require_stakeholder(token)
    version = get_object_or_404(RoadmapVersion, workshop=workshop, number=number)
    # Named without the join code, which would let the link's holder into the room.
    return _pdf(bytes(version.pdf), f"roadmap-v{version.number}.pdf")


@require_safe
def stakeholder_calendar(request: HttpRequest, token: str, key: str = "") -> HttpResponse:
    """The latest version's dates, as it was finalised: later changes to the boards never
    move them."""
    workshop = access.require_stakeholder(token)
    return _calendar(workshop, _latest(workshop).dates, key,
                     link=request.build_absolute_uri(f"/s/{token}/"), prefix="")


def _calendar(workshop: Workshop, dates: list[dict], key: str, *, link: str,
              prefix: str) -> HttpResponse:
    """The dates as a calendar file, named `prefix` + what it holds."""
    found = calendar.events(dates, link=link)
    if key:
        if key not in found:
            raise Http404("No such date on this roadmap.")
        chosen, name = [found[key]], key
    else:
        chosen, name = list(found.values()), "roadmap"
    body = calendar.feed(chosen, name=f"{workshop.title}: roadmap")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{prefix}{name}.ics"'
    return response

