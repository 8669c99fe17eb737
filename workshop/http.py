"""Small pieces every view of the room uses: the request type htmx gives, and a refusal
written in words for the page's toast."""

from django.http import HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def refusal(reason: str, status: int = 400) -> HttpResponse:
    """A 4xx whose body is the reason, as plain text: the room shows it as a toast."""
    return HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")
