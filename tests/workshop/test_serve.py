"""`manage.py serve` behind a TLS proxy: the server believes X-Forwarded-Proto and
X-Forwarded-For from the proxies PREPWORK_PROXY names, and from nobody else. Real
uvicorn processes, as deployed."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://workshop.example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    environment = server_environment(folder)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT, env=environment, check=True, capture_output=True, timeout=120,
    )
    return folder


def server_environment(folder: Path, **env) -> dict:
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "DEBUG", "ALLOWED_HOSTS")
        and not key.startswith("PREPWORK_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="workshop.settings",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        PREPWORK_URL=PUBLIC,
        PREPWORK_CODE_GUESSES_PER_ADDRESS="2/hour",
        **env,
    )
    return environment


def serving(folder: Path, **env) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT, env=server_environment(folder, **env),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/healthz", timeout=2, trust_env=False)
            return server, base
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def guess(base: str, address: str) -> int:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": address,
               "Host": "workshop.example.org"}
    return httpx.get(f"{base}/join/XXXXXX/", headers=headers, trust_env=False).status_code


def test_without_a_named_proxy_forwarded_headers_are_ignored(database):
    server, base = serving(database)
    try:
        headers = {"X-Forwarded-Proto": "https", "Host": "workshop.example.org"}
        response = httpx.get(f"{base}/join/", headers=headers, trust_env=False)
        assert response.status_code == 301
        assert response.headers["Location"] == f"{PUBLIC}/join/"
    finally:
        server.terminate()
        server.wait(10)


def test_a_named_proxy_says_the_browser_used_https_and_where_it_is(database):
    server, base = serving(database, PREPWORK_PROXY="127.0.0.1")
    try:
        headers = {"X-Forwarded-Proto": "https", "Host": "workshop.example.org"}
        response = httpx.get(f"{base}/join/", headers=headers, trust_env=False)
        assert response.status_code == 200
        assert "Secure" in response.headers["Set-Cookie"]
        # Each browser behind the proxy has its own count of guesses.
        assert [guess(base, "198.51.100.1") for _ in range(3)] == [404, 404, 429]
        assert guess(base, "198.51.100.2") == 404
    finally:
        server.terminate()
        server.wait(10)
