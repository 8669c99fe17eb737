"""Serve Prepwork (what `make run` calls): say where the room reaches it, then hand over
to the ASGI server, which becomes this process."""

import os
import shutil
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# How each server is started. uvicorn with uvloop and httptools writes websocket frames
# at about half daphne's cost per socket (benchmarks/live_room.py); daphne stays for
# the browser tests' live server.
SERVERS = {
    "uvicorn": lambda app, host, port: [
        "uvicorn", app, "--host", host, "--port", str(port), "--loop", "uvloop",
        "--http", "httptools", "--ws", "websockets-sansio", "--ws-per-message-deflate", "false",
        "--lifespan", "off", "--no-access-log", "--timeout-graceful-shutdown", "3",
        *proxy_headers(settings.PREPWORK_PROXY),
    ],
    "daphne": lambda app, host, port: ["daphne", "-b", host, "-p", str(port), app],
}


def proxy_headers(proxies: list[str]) -> list[str]:
    """Whose X-Forwarded-Proto and X-Forwarded-For uvicorn believes: the TLS proxies
    PREPWORK_PROXY names, or nobody's. (Left to itself uvicorn believes any request from
    127.0.0.1, so anything on this machine could claim to be any address, over https.)"""
    if not proxies:
        return ["--no-proxy-headers"]
    return ["--proxy-headers", "--forwarded-allow-ips", ",".join(proxies)]


class Command(BaseCommand):
    help = "Serve Prepwork on an address and port, saying where participants join."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--server", choices=sorted(SERVERS), default="uvicorn")
        parser.add_argument("--application", default="workshop.asgi:application")

    def handle(self, *args, port: int, server: str, application: str, **options):
        # The address comes from the settings (PREPWORK_HOST, which `make run HOST=…`
        # sets), so that the join link and the allowed host names agree with it.
        host = settings.PREPWORK_HOST
        self.stdout.write(self.where(port))
        command = SERVERS[server](application, host, port)
        program = shutil.which(command[0], path=os.path.dirname(sys.executable)) or shutil.which(
            command[0]
        )
        if program is None:
            raise CommandError(f"{command[0]} is not installed: run `make setup`.")
        sys.stdout.flush()
        os.execv(program, command)

    def where(self, port: int) -> str:
        local = f"http://127.0.0.1:{port}/"
        if not settings.SERVING_NETWORK:
            return (
                f"Prepwork is running on {local} for this computer only.\n"
                "To let a room of laptops and phones join, run: make run HOST=0.0.0.0"
            )
        lines = [f"Prepwork is running on {local} and on your network:"]
        origin = settings.PREPWORK_URL
        for address in settings.NETWORK_ADDRESSES:
            lines.append(f"  http://{address}:{port}/")
        if origin:
            lines.append(f"  {origin}/ (PREPWORK_URL)")
        if not (settings.NETWORK_ADDRESSES or origin):
            lines.append("  (no network address found: is this computer on a network?)")
        lines.append("Participants join at the address on the projector's QR code.")
        return "\n".join(lines)
