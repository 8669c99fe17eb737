"""Live fan-out: how long a new experience card takes to reach every socket in the room.

Run by hand from the project folder (never by the test suite):

    .venv/bin/python benchmarks/live_fanout.py [--participants 100] [--cards 50] [--rate 5] [--redis]

It starts its own servers and stops them by PID at the end:
- default (embedded): one daphne process, a temporary SQLite file, the in-memory layer;
- --redis: two daphne processes on PostgreSQL (a fresh database `prepwork_bench`, dropped
  at the end) and channels-redis (Redis database 5, flushed at start and end);
  participants' sockets and the card posts are spread across both processes.

N participants join the workshop (signed cookies, as the join view sets them), open a
websocket each, and then cards are added at a steady rate with htmx POSTs, as a browser
does. Per card: from just before its POST until the last socket received a message
naming the card's unique marker; a card some socket has not received within 10 s is
`lost`. The floor is the same fan-out done in the same run with a bare `group_send` of a
payload of the same size (benchmarks/fanout_asgi.py), sent at the same rate.

Prints one JSON object on stdout; progress, HTTP reply times, the servers' CPU per
message and any server traceback go to stderr. Talks only to 127.0.0.1. The client runs
on the same machine as the servers: run it on an otherwise idle machine.
"""

import argparse
import asyncio
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG_DATABASE = "prepwork_bench"
REDIS_URL = f"redis://{HOST}:6379/5"
TIMEOUT = 10.0  # seconds a card may take to reach every socket before it counts as lost
POSTING_CLIENTS = 10
CONNECT_BATCH = 10
MARKER = re.compile(r"BMK[RF]\d{5}Z")  # R: a real card, F: a floor message; same length


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def marker(kind: str, index: int) -> str:
    return f"BMK{kind}{index:05d}Z"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- Servers and data (synchronous) ---------------------------------------------------


def server_env(tmp: Path, redis: bool) -> dict[str, str]:
    """The servers' environment, production-like: DEBUG off, a fixed key (the participants'
    cookies are signed with it here and checked with it there), only 127.0.0.1 allowed."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="workshop.settings", DEBUG="false", ALLOWED_HOSTS=HOST,
        SECRET_KEY="prepwork-benchmark-only-secret-key-0123456789abcdefghijklmnop",
        DATABASE_URL=(f"postgres://postgres@{HOST}:5432/{PG_DATABASE}" if redis
                      else f"sqlite:///{tmp / 'bench.sqlite3'}"),
    )
    if redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def reset_scale_out_stores(create: bool) -> None:
    """Drop (and recreate) the benchmark's PostgreSQL database; empty its Redis database."""
    import psycopg
    import redis

    with psycopg.connect(f"postgresql://postgres@{HOST}:5432/postgres", autocommit=True) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        if create:
            pg.execute(f"CREATE DATABASE {PG_DATABASE}")
    redis.Redis.from_url(REDIS_URL).flushdb()


def set_up_data(env: dict[str, str], participants: int) -> dict:
    """Migrate, then create a facilitator, a workshop on its experiences board and the
    participants, in this process with Django pointed at the servers' database."""
    os.environ.update({k: env[k] for k in
                       ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DATABASE_URL")})
    os.environ.pop("REDIS_URL", None)  # no socket is open yet: nothing to push to
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.http import HttpResponse

    from workshop import access, services
    from workshop.models import Activity, Participant

    call_command("migrate", interactive=False, verbosity=0)
    user = get_user_model().objects.create_user("bench-facilitator", password=None)
    workshop = services.workshop_create(
        facilitator=user, organisation="Benchmark Ltd", title="Fan-out", dates={}
    )
    board = Activity.objects.get(session__workshop=workshop, kind=Activity.Kind.EXPERIENCES)
    services.activity_open(workshop=workshop, activity=board)
    roles = Participant.Role.values
    cookie_name = access.participant_cookie_name(workshop)
    cookies = []
    for i in range(participants):
        person = services.participant_join(
            workshop=workshop, name=f"Participant {i + 1}", role=roles[i % len(roles)]
        )
        response = HttpResponse()
        access.remember_participant(response, person)
        cookies.append(f"{cookie_name}={response.cookies[cookie_name].value}")
    connections.close_all()
    return {"workshop_id": workshop.pk, "code": workshop.code, "cookies": cookies}


def start_server(port: int, env: dict[str, str], log_path: Path) -> subprocess.Popen:
    with open(log_path, "wb") as log_file:
        return subprocess.Popen(
            [str(ROOT / ".venv/bin/daphne"), "-b", HOST, "-p", str(port),
             "benchmarks.fanout_asgi:application"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )


def wait_until_serving(server: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"daphne on :{port} exited:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=2, trust_env=False).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"daphne on :{port} did not answer within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


# --- The room (asynchronous) ------------------------------------------------------------


class Room:
    """Every participant's socket, and when each marked message reached how many."""

    def __init__(self) -> None:
        self.sockets = []
        self.readers = []
        self.last_message = time.perf_counter()
        self.messages = 0
        self.arrivals: dict[str, list] = {}  # marker -> [sockets reached, time of the last]
        self.sample: str | None = None  # one real card fragment, as a socket received it

    async def join(self, url: str, origin: str, cookie: str) -> None:
        ws = await connect(
            url, origin=origin, additional_headers={"Cookie": cookie}, proxy=None,
            compression=None, open_timeout=15, ping_interval=None, close_timeout=2,
            max_size=2**22,
        )
        self.sockets.append(ws)
        self.readers.append(asyncio.create_task(self.read(ws)))

    async def read(self, ws) -> None:
        try:
            async for message in ws:
                now = time.perf_counter()
                self.messages += 1
                self.last_message = now
                if "BMK" not in message:  # presence and other pushes: not a card
                    continue
                for found in set(MARKER.findall(message)):
                    arrival = self.arrivals.setdefault(found, [0, 0.0])
                    arrival[0] += 1
                    arrival[1] = now
                    if self.sample is None and found[3] == "R":
                        self.sample = message
        except Exception as error:  # a dropped socket shows up as lost cards
            log(f"socket ended: {error!r}")

    async def settle(self, quiet: float, limit: float) -> None:
        """Wait until no message has arrived for `quiet` seconds (at most `limit`)."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            if time.perf_counter() - self.last_message >= quiet:
                return
            await asyncio.sleep(0.05)
        log(f"the room did not settle within {limit:.0f} s")

    async def close(self) -> None:
        if self.sockets:
            await asyncio.wait([asyncio.create_task(ws.close()) for ws in self.sockets], timeout=10)
        for reader in self.readers:
            reader.cancel()


async def send_series(
    room: Room, kind: str, count: int, rate: float, post, pids: list[int]
) -> tuple[list, int]:
    """Call post(i, marker) at `rate` per second without waiting for replies, then wait
    for the markers to reach every socket. Returns the latencies (s) and the lost count."""
    started: dict[str, float] = {}
    replies: list[float] = []

    async def one(index: int) -> None:
        mark = marker(kind, index)
        started[mark] = time.perf_counter()
        try:
            response = await post(index, mark)
            replies.append(time.perf_counter() - started[mark])
            if response.status_code >= 300:
                log(f"{mark}: HTTP {response.status_code} {response.text[:300]!r}")
        except httpx.HTTPError as error:
            log(f"{mark}: {error!r}")

    tasks = []
    cpu_before, client_before = cpu_seconds(pids), time.process_time()
    begin = time.perf_counter()
    for index in range(count):
        await asyncio.sleep(max(0.0, begin + index / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(index)))
    await asyncio.wait(tasks, timeout=TIMEOUT + 5)
    everyone = len(room.sockets)
    deadline = max(started.values(), default=begin) + TIMEOUT
    while time.perf_counter() < deadline:
        if all(room.arrivals.get(m, [0])[0] >= everyone for m in started):
            break
        await asyncio.sleep(0.02)
    latencies = []
    for mark, t0 in started.items():
        reached, last = room.arrivals.get(mark, [0, 0.0])
        if reached >= everyone and last - t0 <= TIMEOUT:
            latencies.append(last - t0)
    server_cpu = 1000 * (cpu_seconds(pids) - cpu_before) / count
    client_cpu = 1000 * (time.process_time() - client_before) / count
    log(f"{kind}: HTTP replies p50 {percentile(replies, 50)} ms, p95 {percentile(replies, 95)} ms;"
        f" CPU per message: servers {server_cpu:.1f} ms, this client {client_cpu:.1f} ms")
    return latencies, count - len(latencies)


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) the servers have used so far; 0 where /proc is missing."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)], 1)


async def measure(ports: list[int], pids: list[int], data: dict, cards: int, rate: float) -> dict:
    code, cookies = data["code"], data["cookies"]
    room = Room()
    log(f"connecting {len(cookies)} sockets to port(s) {ports}")
    for start in range(0, len(cookies), CONNECT_BATCH):
        batch = range(start, min(start + CONNECT_BATCH, len(cookies)))
        await asyncio.gather(*(
            room.join(f"ws://{HOST}:{ports[i % len(ports)]}/ws/w/{code}/",
                      f"http://{HOST}:{ports[i % len(ports)]}", cookies[i])
            for i in batch
        ))
        await room.settle(quiet=0.2, limit=10)
    await room.settle(quiet=1.5, limit=60)
    log(f"{len(room.sockets)} sockets connected; {room.messages} presence messages drained")

    # One posting client per participant among the first few, each with its own CSRF token.
    posters = []
    for i in range(min(POSTING_CLIENTS, len(cookies))):
        base = f"http://{HOST}:{ports[i % len(ports)]}"
        client = httpx.AsyncClient(base_url=base, timeout=TIMEOUT, trust_env=False)
        page = await client.get(f"/w/{code}/", headers={"Cookie": cookies[i]})
        page.raise_for_status()
        csrf = page.cookies["csrftoken"]
        headers = {"Cookie": f"{cookies[i]}; csrftoken={csrf}", "X-CSRFToken": csrf,
                   "HX-Request": "true", "Origin": base, "Referer": f"{base}/w/{code}/"}
        posters.append((client, headers))
    await room.settle(quiet=1.0, limit=30)

    try:
        def post_card(index: int, mark: str):
            client, headers = posters[index % len(posters)]
            form = {"title": f"Rows that reorder themselves {mark}", "company": "Netflix",
                    "description": "The home page learns what you watch and reorders the rows.",
                    "link": ""}
            return client.post(f"/w/{code}/experiences/", data=form, headers=headers)

        log(f"posting {cards} cards at {rate}/s")
        latencies, lost = await send_series(room, "R", cards, rate, post_card, pids)
        if room.sample is None:
            raise RuntimeError("no socket received any card: nothing to measure the floor with")
        sample_marker = MARKER.search(room.sample).group()
        log(f"real: {len(latencies)} cards measured, {lost} lost; card fragment "
            f"{len(room.sample.encode())} bytes")
        await room.settle(quiet=1.0, limit=30)

        def post_floor(index: int, mark: str):
            client, headers = posters[index % len(posters)]
            return client.post(f"/__bench__/floor?workshop={data['workshop_id']}",
                               content=room.sample.replace(sample_marker, mark).encode(),
                               headers=headers)

        log(f"posting {cards} floor messages at {rate}/s")
        floor, floor_lost = await send_series(room, "F", cards, rate, post_floor, pids)
        if floor_lost:
            log(f"floor: {floor_lost} lost")
    finally:
        for client, _ in posters:
            await client.aclose()
        await room.close()
    return {
        "participants": len(cookies), "cards": cards,
        "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
        "max_ms": percentile(latencies, 100), "lost": lost,
        "floor_p50_ms": percentile(floor, 50), "floor_p95_ms": percentile(floor, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--cards", type=int, default=50)
    parser.add_argument("--rate", type=float, default=5.0, help="cards per second")
    parser.add_argument("--redis", action="store_true",
                        help="two daphne processes on PostgreSQL and channels-redis")
    args = parser.parse_args()
    if args.participants < 1 or args.cards < 1 or args.rate <= 0:
        parser.error("--participants, --cards and --rate must be positive")

    tmp = Path(tempfile.mkdtemp(prefix="prepwork-fanout-"))
    servers: list[subprocess.Popen] = []
    try:
        env = server_env(tmp, args.redis)
        if args.redis:
            reset_scale_out_stores(create=True)
        data = set_up_data(env, args.participants)
        ports = [free_port() for _ in range(2 if args.redis else 1)]
        for n, port in enumerate(ports):
            servers.append(start_server(port, env, tmp / f"daphne-{n}.log"))
        for n, (server, port) in enumerate(zip(servers, ports)):
            wait_until_serving(server, port, tmp / f"daphne-{n}.log")
        log(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        log(f"daphne PIDs {[s.pid for s in servers]} serving workshop {data['code']}")
        result = asyncio.run(
            measure(ports, [s.pid for s in servers], data, args.cards, args.rate)
        )
    finally:
        for n, server in enumerate(servers):
            stop_server(server)
            lines = (tmp / f"daphne-{n}.log").read_text(errors="replace").splitlines()
            errors = "\n".join(line for line in lines if not line.startswith(HOST))
            if "Traceback" in errors:  # a server error: show it before the log goes
                log(f"--- daphne-{n}.log, without the access log ---\n{errors[:8000]}")
        if args.redis:
            reset_scale_out_stores(create=False)
        shutil.rmtree(tmp, ignore_errors=True)
    result.update(mode="redis" if args.redis else "embedded", processes=len(servers))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
