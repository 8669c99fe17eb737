"""Several server processes behind one address serve the same workshop: a change made
through one process reaches a participant connected to another (PostgreSQL + Redis)."""

import asyncio
import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from websockets.asyncio.client import connect

from workshop import access, services
from workshop.models import Activity

pytestmark = [pytest.mark.scale_out, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def servers_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_servers():
    env = {**os.environ, "DATABASE_URL": servers_database_url(), "REDIS_URL": settings.REDIS_URL}
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_for_health(port)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_for_health(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the server on port {port} never became healthy")


def cookie_of(participant) -> str:
    response = HttpResponse()
    access.remember_participant(response, participant)
    morsel = next(iter(response.cookies.values()))
    return f"{morsel.key}={morsel.value}"


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


def test_a_card_posted_to_one_process_reaches_a_participant_on_another(
    two_servers, workshop, bob, carol
):
    activity = Activity.objects.get(session__workshop=workshop, kind=Activity.Kind.EXPERIENCES)
    services.activity_open(workshop=workshop, activity=activity)
    first, second = two_servers

    async def scenario() -> str:
        async with connect(
            f"ws://127.0.0.1:{first}/ws/w/{workshop.code}/",
            additional_headers={"Cookie": cookie_of(bob)},
            origin=f"http://127.0.0.1:{first}",
        ) as bobs_socket:
            status = await asyncio.to_thread(
                post_card, second, workshop.code, cookie_of(carol), "Cross-process DJ"
            )
            assert status == 200
            async with asyncio.timeout(5):
                while True:
                    message = await bobs_socket.recv()
                    if "Cross-process DJ" in message:
                        return message

    message = asyncio.run(scenario())
    assert 'hx-swap-oob="afterbegin:#experience-list"' in message
    assert "Carol" in message
