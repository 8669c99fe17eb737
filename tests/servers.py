"""Real server processes for the PostgreSQL + Redis tests: started as `make run` starts
them (`manage.py serve`), on the test database, and stopped by their own PID."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import Client

from workshop import access

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def servers_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Servers:
    """Server processes on the test database, each on a port of its own."""

    def __init__(self, count: int, **environment: str) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": servers_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            **environment,
        }
        self.ports = [free_port() for _ in range(count)]
        self.processes: list[subprocess.Popen] = []

    def start(self) -> list[int]:
        self.processes = [
            subprocess.Popen(
                [sys.executable, "manage.py", "serve", "--port", str(port)],
                cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            for port in self.ports
        ]
        for port in self.ports:
            wait_for_health(port)
        return self.ports

    def kill(self, index: int) -> None:
        """Kill one process the way a crash does: no chance to say goodbye."""
        self.processes[index].send_signal(signal.SIGKILL)
        self.processes[index].wait()

    def stop(self) -> None:
        for server in self.processes:
            if server.poll() is None:
                server.terminate()
        for server in self.processes:
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def health(port: int) -> int | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None


def wait_for_health(port: int, within: float = 20) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if health(port) == 200:
            return
        time.sleep(0.2)
    raise AssertionError(f"the server on port {port} never became healthy")


def cookie_of(participant) -> str:
    response = HttpResponse()
    access.remember_participant(response, participant)
    morsel = next(iter(response.cookies.values()))
    return f"{morsel.key}={morsel.value}"


def facilitator_cookie(workshop) -> str:
    client = Client()
    client.force_login(workshop.facilitator)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def get_page(port: int, path: str, cookie: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    return response.read().decode()


def post_card(port: int, code: str, cookie: str, title: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", f"/w/{code}/", headers={"Cookie": cookie})
    response = conn.getresponse()
    response.read()
    csrf = next(
        value.split(";")[0].split("=", 1)[1]
        for name, value in response.getheaders()
        if name.lower() == "set-cookie" and value.startswith("csrftoken=")
    )
    body = urllib.parse.urlencode(
        {"title": title, "company": "Spotify", "description": "Seen on another process."}
    )
    conn.request(
        "POST", f"/w/{code}/experiences/", body=body,
        headers={
            "Cookie": f"{cookie}; csrftoken={csrf}", "X-CSRFToken": csrf, "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = conn.getresponse()
    response.read()
    return response.status
