"""Where the room can reach this server: the address in the join link and the QR code.

A facilitator usually opens Prepwork on the laptop that serves it, at 127.0.0.1, an
address no phone in the room can open. So the join link uses, in order: PREPWORK_URL
when it is set; else the address the facilitator's browser used, unless it is a
loopback address and the server listens on the network, in which case the machine's
own network address takes its place.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

from workshop.models import Workshop


def _host_name(host: str) -> str:
    """The name or address part of a Host header: no port, no IPv6 brackets."""
    return urlsplit(f"//{host}").hostname or host


def is_loopback(host: str) -> bool:
    name = _host_name(host)
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def public_origin(request: HttpRequest) -> str:
    """The scheme, host and port other people's devices use to reach this server."""
    if settings.PREPWORK_URL:
        return settings.PREPWORK_URL
    host = request.get_host()
    if is_loopback(host) and settings.SERVING_NETWORK and settings.NETWORK_ADDRESSES:
        port = urlsplit(f"//{host}").port
        host = settings.NETWORK_ADDRESSES[0] + (f":{port}" if port else "")
    return f"{request.scheme}://{host}"


def join_url(request: HttpRequest, workshop: Workshop) -> str:
    return public_origin(request) + workshop.join_url()


def reachable_by_others(request: HttpRequest) -> bool:
    return not is_loopback(urlsplit(public_origin(request)).netloc)

