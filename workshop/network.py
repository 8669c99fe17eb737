"""This machine's addresses on its networks, for serving a room from a laptop. No Django
here: the settings read it before the apps load."""

import ipaddress
import socket


def network_addresses() -> list[str]:
    """This machine's IPv4 addresses on its networks, the one it routes through first.

    Connecting a UDP socket sends nothing: it only asks the system which address it
    would use to reach an outside address (a documentation range, never contacted).
    """
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            found.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    found.extend(info[4][0] for info in infos)
    unique = []
    for address in found:
        if address not in unique and not ipaddress.ip_address(address).is_loopback:
            unique.append(address)
    return unique


def network_host_names() -> list[str]:
    """The names other machines may know this one by (mDNS included)."""
    name = socket.gethostname()
    return [name, f"{name}.local"] if name else []
