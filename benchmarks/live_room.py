"""The live room under load: joining, card fan-out and following the facilitator.

Run by hand from the project folder (never by the test suite):

    .venv/bin/python benchmarks/live_room.py [--participants 100] [--redis]

It starts its own servers (`manage.py serve`, as `make run` does) and stops them by PID:
- default (embedded): one process, a temporary SQLite file, the in-memory layer;
- --redis: two processes on PostgreSQL (a fresh database `prepwork_bench`, dropped at
  the end) and channels-redis (Redis database 5, flushed at start and end), with the
  participants' sockets and posts spread across both.

What it measures, each as real clients do it (HTTP with cookies and CSRF, websockets):
1. join: N participants join at a steady rate (20 a second): the join page, the form,
   the room page, the socket. Per join, the time from asking for the join page to an
   open socket; presence frames each socket got (most in any one second) and the
   largest; how long after the last socket opened the room went quiet.
2. card: cards added at a steady rate; per card, from just before its POST until the
   last socket has it. A card some socket lacks after 10 s is lost. The floor is a bare
   `group_send` of the same bytes (benchmarks/fanout_asgi.py) in the same run.
3. rating: participants rate cards one after another; per rating, until every socket
   has the card's new averages.
4. follow: the facilitator moves the room between two boards; per move, from the POST
   until every participant's socket has the new board, and until each has its own share
   of it (the scores they gave, sent on their own group).
5. page: the board grows to 300 cards; its page's server CPU and bytes, for a
   participant and for the facilitator.
6. drag: one participant drags a goal on the 2x2 at 30 moves a second for 10 seconds
   while everyone watches: the moves sent, the moves the server broadcast (it keeps at
   most ten a second, and the drop), per broadcast move the time from its POST until
   the last socket has it, whether every socket ends on the drop, and the servers' CPU
   per second of dragging.
7. vote: the facilitator opens a dot vote on the experiences board, every participant
   gives a dot (20 a second), the facilitator reveals the counts: the time from the
   open and the reveal until every socket has the new board; per dot, from its POST
   until the voter's own socket has their meter; the frames any socket got for
   somebody else's dot (hidden counts: none); the servers' CPU per dot.
8. barriers, recipes, roadmap: the room moves to a board and participants write to it
   one after another (barriers; recipes, each linted against all the others; barriers
   again while the roadmap is open, which watches them and is assembled anew); each
   write pushes the open board's items (not its forms), once per audience: per write,
   from its POST until every socket has the items, the frame's size, the servers' CPU.
9. slow reader: one more socket stops reading while big pushes go out: is it closed,
   and does the server's memory stay flat?
The servers' memory (RSS) is sampled throughout.

Prints one JSON object on stdout; progress goes to stderr. Talks only to 127.0.0.1. The
client runs on the same machine: run it on an otherwise idle machine.
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
from base64 import b64encode
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG_DATABASE = "prepwork_bench"
REDIS_URL = f"redis://{HOST}:6379/5"
TIMEOUT = 10.0  # seconds a push may take to reach every socket before it counts as lost
POSTING_CLIENTS = 10
MARKER = re.compile(r"BMK[RF]\d{5}Z")  # R: a real card, F: a floor message; same length
STATS = re.compile(r'id="experience-(\d+)-stats"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAGE_KIND = re.compile(r'id="stage" class="stage" data-kind="(\w+)"')
GOAL_X = re.compile(r'class="goal [^"]*" id="goal-\d+" [^>]*data-x="([-\d.]+)"')


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


def marker(kind: str, index: int) -> str:
    return f"BMK{kind}{index:05d}Z"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)], 1)


def summary(values: list[float]) -> dict:
    return {"p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95),
            "max_ms": percentile(values, 100)}


# --- Servers and data (synchronous) ---------------------------------------------------


def server_env(tmp: Path, redis: bool) -> dict[str, str]:
    """Production-like: DEBUG off, a fixed key (cookies are signed with it here and
    checked with it there), only 127.0.0.1 allowed. The whole room joins from this one
    address, far faster than any room does: the limits on joining are lifted."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="workshop.settings", DEBUG="false", ALLOWED_HOSTS=HOST,
        SECRET_KEY="prepwork-benchmark-only-secret-key-0123456789abcdefghijklmnop",
        PREPWORK_JOINS_PER_ADDRESS="100000/minute", PREPWORK_JOINS_PER_WORKSHOP="100000/minute",
        DATABASE_URL=(f"postgres://postgres@{HOST}:5432/{PG_DATABASE}" if redis
                      else f"sqlite:///{tmp / 'bench.sqlite3'}"),
    )
    if redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def reset_scale_out_stores(create: bool) -> None:
    import psycopg
    import redis

    with psycopg.connect(f"postgresql://postgres@{HOST}:5432/postgres", autocommit=True) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        if create:
            pg.execute(f"CREATE DATABASE {PG_DATABASE}")
    redis.Redis.from_url(REDIS_URL).flushdb()


def set_up_data(env: dict[str, str], cards: int, participants: int) -> dict:
    """Migrate; a facilitator and a workshop on its experiences board with some cards,
    with room for everyone who joins."""
    os.environ.update({k: env[k] for k in
                       ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DATABASE_URL")})
    os.environ.pop("REDIS_URL", None)  # no socket is open yet: nothing to push to
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from experiences import services as experience_services
    from workshop import services
    from workshop.models import Activity

    call_command("migrate", interactive=False, verbosity=0)
    user = get_user_model().objects.create_user("bench-facilitator", password=None)
    workshop = services.workshop_create(
        facilitator=user, organisation="Benchmark Ltd", title="Live room", dates={}
    )
    services.workshop_set_participant_limit(workshop=workshop, limit=participants)
    activities = {a.kind: a.pk for a in Activity.objects.filter(session__workshop=workshop)}
    board = Activity.objects.get(pk=activities["experiences"])
    services.activity_open(workshop=workshop, activity=board)
    for i in range(cards):
        experience_services.experience_create(
            workshop=workshop, activity=board, author=None, title=f"Starter card {i}",
            company="Acme", description="An experience the room admires, to rate and discuss.",
        )
    from goals import services as goal_services

    goal = goal_services.goal_create(
        workshop=workshop, activity=Activity.objects.get(pk=activities["goals"]), author=None,
        text="Fewer customers call twice", department="support",
        success_metric="Repeat contacts within 7 days",
    )
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    connections.close_all()
    return {"workshop_id": workshop.pk, "code": workshop.code, "activities": activities,
            "goal_id": goal.pk,
            "facilitator_cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}


def start_server(port: int, env: dict[str, str], log_path: Path, server: str) -> subprocess.Popen:
    with open(log_path, "wb") as log_file:
        return subprocess.Popen(
            [str(ROOT / ".venv/bin/python"), "manage.py", "serve",
             "--port", str(port), "--server", server,
             "--application", "benchmarks.fanout_asgi:application"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )


def wait_until_serving(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on :{port} exited:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=2, trust_env=False).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server on :{port} did not answer within 30 s")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def process_tree(pid: int) -> list[int]:
    """A server and its children (granian runs its workers as child processes)."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        pids.extend(process_tree(int(child)))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in [p for root in pids for p in process_tree(root)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in [p for root in pids for p in process_tree(root)]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


# --- The room (asynchronous) ------------------------------------------------------------


class Screen:
    """One participant's laptop: an HTTP client with its cookies, and its socket."""

    def __init__(self, index: int, base: str) -> None:
        self.index = index
        self.base = base
        self.http = httpx.AsyncClient(base_url=base, timeout=30, trust_env=False)
        self.ws = None
        self.reader = None
        self.frames: list[tuple[float, int, str]] = []  # (time, bytes, kind)
        self.opened_at = 0.0
        self.last_goal_x: str | None = None  # where the last goal push put the dragged goal

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())

    async def join(self, code: str, room) -> float:
        """The whole way in, as a person does it; returns the seconds it took."""
        started = time.perf_counter()
        page = await self.http.get(f"/join/{code}/")
        token = CSRF_FIELD.search(page.text).group(1)
        roles = ["product", "engineering", "data", "marketing", "support", "design",
                 "leadership", "legal", "other"]
        form = {"csrfmiddlewaretoken": token, "name": f"Participant {self.index + 1}",
                "role": roles[self.index % len(roles)]}
        joined = await self.http.post(f"/join/{code}/", data=form,
                                      headers={"Referer": f"{self.base}/join/{code}/"})
        if joined.status_code != 302:
            raise RuntimeError(f"join refused: {joined.status_code} {joined.text[:200]}")
        room_page = await self.http.get(f"/w/{code}/")
        room_page.raise_for_status()
        self.csrf = CSRF_FIELD.search(room_page.text).group(1)
        await self.open_socket(code, room)
        return time.perf_counter() - started

    async def open_socket(self, code: str, room, path: str = "") -> None:
        url = self.base.replace("http", "ws", 1) + f"/ws/w/{code}/{path}"
        self.ws = await connect(
            url, origin=self.base, additional_headers={"Cookie": self.cookie_header()},
            proxy=None, compression=None, open_timeout=15, ping_interval=None,
            close_timeout=2, max_size=2**24,
        )
        self.opened_at = time.perf_counter()
        self.reader = asyncio.create_task(self.read(room))

    async def read(self, room) -> None:
        try:
            async for message in self.ws:
                if message == "ping":  # the server asks a quiet socket: answer as a page does
                    await self.ws.send("pong")
                    continue
                now = time.perf_counter()
                room.last_frame = now
                kind = room.classify(message)
                self.frames.append((now, len(message.encode()), kind))
                room.arrived(self, message, kind, now)
        except Exception as error:  # a dropped socket shows up as lost pushes
            room.dropped.append(repr(error))

    def post_headers(self) -> dict:
        return {"X-CSRFToken": self.csrf, "HX-Request": "true", "Origin": self.base,
                "Referer": f"{self.base}/"}

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()
        await self.http.aclose()


class Room:
    def __init__(self) -> None:
        self.screens: list[Screen] = []
        self.last_frame = time.perf_counter()
        self.dropped: list[str] = []
        self.marks: dict[str, list] = {}  # marker -> [sockets reached, time of the last]
        self.sample: str | None = None
        self.stage_waiters: dict[str, list] = {}  # kind -> [count, last time]

    @staticmethod
    def classify(message: str) -> str:
        if 'id="people-summary"' in message:
            return "presence"
        if 'id="stage"' in message:
            return "stage"
        if 'id="my-dots"' in message:
            return "dots"
        if any(f'id="{items}"' in message for items in BOARD_ITEMS):
            return "board"
        if GOAL_X.search(message):
            return "goal"
        if "BMK" in message:
            return "card"
        if 'hx-swap-oob="true"' in message and 'class="rate ' in message:
            return "personal"
        if STATS.search(message):
            return "stats"
        return "other"

    def arrived(self, screen: Screen, message: str, kind: str, now: float) -> None:
        if kind == "card":
            for found in set(MARKER.findall(message)):
                mark = self.marks.setdefault(found, [0, 0.0])
                mark[0] += 1
                mark[1] = now
                if self.sample is None and found[3] == "R":
                    self.sample = message
        elif kind == "stage":
            board = STAGE_KIND.search(message)
            if board:
                waiter = self.stage_waiters.setdefault(board.group(1), [0, 0.0])
                waiter[0] += 1
                waiter[1] = now
        elif kind == "goal":
            key = f"goal-{GOAL_X.search(message).group(1)}"
            mark = self.marks.setdefault(key, [0, 0.0])
            mark[0] += 1
            mark[1] = now
            screen.last_goal_x = GOAL_X.search(message).group(1)
        elif kind == "board":
            self.stage_waiters.setdefault("board", [0, 0.0])
            self.stage_waiters["board"][0] += 1
            self.stage_waiters["board"][1] = now
        elif kind == "dots":
            self.marks[f"dots-{screen.index}"] = [1, now]
        elif kind in ("stats", "personal"):
            key = kind if kind == "personal" else f"stats-{STATS.search(message).group(1)}"
            mark = self.marks.setdefault(key, [0, 0.0])
            mark[0] += 1
            mark[1] = now

    async def settle(self, quiet: float, limit: float) -> float:
        """Wait until no frame arrived for `quiet` seconds; the time of the last frame."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            if time.perf_counter() - self.last_frame >= quiet:
                return self.last_frame
            await asyncio.sleep(0.05)
        log(f"the room did not settle within {limit:.0f} s")
        return self.last_frame


class Memory:
    """The servers' resident memory, sampled every 200 ms."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.peak = 0.0
        self.task = asyncio.create_task(self.sample())

    async def sample(self) -> None:
        while True:
            self.peak = max(self.peak, rss_mb(self.pids))
            await asyncio.sleep(0.2)


async def joining(room: Room, bases: list[str], code: str, count: int, rate: float) -> dict:
    times, failures = [], []

    async def one(index: int) -> None:
        screen = Screen(index, bases[index % len(bases)])
        room.screens.append(screen)
        try:
            times.append(await screen.join(code, room))
        except Exception as error:  # noqa: BLE001 - every failure counts
            failures.append(repr(error))

    begin = time.perf_counter()
    tasks = []
    for index in range(count):
        await asyncio.sleep(max(0.0, begin + index / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(index)))
    await asyncio.gather(*tasks)
    last_open = max((s.opened_at for s in room.screens if s.ws), default=time.perf_counter())
    last_frame = await room.settle(quiet=2.0, limit=120)
    presence = [f for s in room.screens for f in s.frames if f[2] == "presence"]
    per_socket = [[f[0] for f in s.frames if f[2] == "presence"] for s in room.screens]
    if failures:
        log(f"join: {len(failures)} failed, first: {failures[0]}")
    return {
        **summary(times), "failed": len(failures),
        "presence_frames_per_socket": round(sum(map(len, per_socket)) / max(1, len(per_socket)), 1),
        "presence_frames_in_busiest_second": max((busiest_second(t) for t in per_socket), default=0),
        "presence_frame_largest_bytes": max((f[1] for f in presence), default=0),
        "quiet_after_last_open_s": round(max(0.0, last_frame - last_open), 2),
    }


def busiest_second(times: list[float]) -> int:
    most, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def series(room: Room, kind: str, count: int, rate: float, post, pids) -> tuple[list, int, float]:
    """Call post(i, marker) at `rate` per second; wait for the markers to reach every
    socket. The latencies (s), how many were lost, and the servers' CPU ms per message."""
    started: dict[str, float] = {}

    async def one(index: int) -> None:
        mark = marker(kind, index)
        started[mark] = time.perf_counter()
        try:
            response = await post(index, mark)
            if response.status_code >= 300:
                log(f"{mark}: HTTP {response.status_code} {response.text[:300]!r}")
        except httpx.HTTPError as error:
            log(f"{mark}: {error!r}")

    everyone = sum(1 for s in room.screens if s.ws)
    cpu_before = cpu_seconds(pids)
    begin = time.perf_counter()
    tasks = []
    for index in range(count):
        await asyncio.sleep(max(0.0, begin + index / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(index)))
    await asyncio.wait(tasks, timeout=TIMEOUT + 5)
    deadline = max(started.values(), default=begin) + TIMEOUT
    while time.perf_counter() < deadline:
        if all(room.marks.get(m, [0])[0] >= everyone for m in started):
            break
        await asyncio.sleep(0.02)
    latencies = []
    for mark, t0 in started.items():
        reached, last = room.marks.get(mark, [0, 0.0])
        if reached >= everyone and last - t0 <= TIMEOUT:
            latencies.append(last - t0)
    cpu = 1000 * (cpu_seconds(pids) - cpu_before) / count
    return latencies, count - len(latencies), cpu


async def cards(room: Room, code: str, workshop_id: int, count: int, rate: float, pids) -> dict:
    posters = room.screens[:POSTING_CLIENTS]

    def post_card(index: int, mark: str):
        screen = posters[index % len(posters)]
        form = {"title": f"Rows that reorder themselves {mark}", "company": "Netflix",
                "description": "The home page learns what you watch and reorders the rows.",
                "link": ""}
        return screen.http.post(f"/w/{code}/experiences/", data=form,
                                headers=screen.post_headers())

    latencies, lost, cpu = await series(room, "R", count, rate, post_card, pids)
    if room.sample is None:
        raise RuntimeError("no socket received any card: nothing to measure the floor with")
    sample_marker = MARKER.search(room.sample).group()
    await room.settle(quiet=1.0, limit=30)

    def post_floor(index: int, mark: str):
        screen = posters[index % len(posters)]
        return screen.http.post(f"/__bench__/floor?workshop={workshop_id}",
                                content=room.sample.replace(sample_marker, mark).encode(),
                                headers=screen.post_headers())

    floor, floor_lost, floor_cpu = await series(room, "F", count, rate, post_floor, pids)
    await room.settle(quiet=1.0, limit=30)
    return {
        **summary(latencies), "lost": lost, "server_cpu_ms_per_card": round(cpu, 1),
        "card_frame_bytes": len(room.sample.encode()),
        "floor_p50_ms": percentile(floor, 50), "floor_p95_ms": percentile(floor, 95),
        "floor_lost": floor_lost, "floor_server_cpu_ms_per_message": round(floor_cpu, 1),
    }


def give_everyone_ratings(code: str, per_person: int) -> list[int]:
    """Each participant has rated a few cards, as in a real room (their own share of the
    board then travels with every follow). Returns the board's card ids."""
    from experiences.models import Experience, ExperienceRating
    from workshop.models import Participant

    cards = list(Experience.objects.filter(workshop__code=code).values_list("pk", flat=True))
    people = Participant.objects.filter(workshop__code=code)
    ExperienceRating.objects.bulk_create(
        ExperienceRating(experience_id=cards[(person.pk + i) % len(cards)],
                         participant=person, value=3, feasibility=4)
        for person in people for i in range(per_person)
    )
    return cards


async def ratings(room: Room, code: str, card_ids: list[int], count: int, rate: float, pids) -> dict:
    """Participants rate cards: every rating pushes the card's new averages to everyone."""
    everyone = sum(1 for s in room.screens if s.ws)
    raters = [s for s in room.screens if s.ws][-POSTING_CLIENTS:]
    started: dict[str, float] = {}

    async def one(index: int) -> None:
        card = card_ids[index % len(card_ids)]
        room.marks.pop(f"stats-{card}", None)
        started[f"stats-{card}"] = time.perf_counter()
        screen = raters[index % len(raters)]
        response = await screen.http.post(f"/w/{code}/experiences/{card}/rate/",
                                          data={"value": str(1 + index % 5)},
                                          headers=screen.post_headers())
        if response.status_code >= 300:
            log(f"rating: HTTP {response.status_code} {response.text[:200]}")

    cpu_before = cpu_seconds(pids)
    latencies, lost = [], 0
    for index in range(min(count, len(card_ids))):
        await one(index)
        key = list(started)[-1]
        while time.perf_counter() - started[key] < TIMEOUT:
            if room.marks.get(key, [0])[0] >= everyone:
                break
            await asyncio.sleep(0.005)
        reached, last = room.marks.get(key, [0, 0.0])
        if reached >= everyone:
            latencies.append(last - started[key])
        else:
            lost += 1
        await asyncio.sleep(max(0.0, 1 / rate - (time.perf_counter() - started[key])))
    cpu = 1000 * (cpu_seconds(pids) - cpu_before) / max(1, len(latencies) + lost)
    return {**summary(latencies), "lost": lost, "server_cpu_ms_per_rating": round(cpu, 1)}


async def facilitator_client(data: dict, base: str) -> tuple[httpx.AsyncClient, dict]:
    """The facilitator's browser, and the headers its control POSTs carry."""
    facilitator = httpx.AsyncClient(base_url=base, timeout=30, trust_env=False)
    page = await facilitator.get(f"/w/{data['code']}/", headers={"Cookie": data["facilitator_cookie"]})
    csrf = CSRF_FIELD.search(page.text).group(1)
    headers = {"Cookie": f"{data['facilitator_cookie']}; csrftoken={page.cookies['csrftoken']}",
               "X-CSRFToken": csrf, "HX-Request": "true", "Origin": base, "Referer": f"{base}/"}
    return facilitator, headers


async def follows(room: Room, data: dict, base: str, count: int, pids) -> dict:
    """The facilitator moves the room between the goals grid and the experiences board."""
    facilitator, headers = await facilitator_client(data, base)
    everyone = [s for s in room.screens if s.ws]
    content, personal, lost = [], [], 0
    cpu_before = cpu_seconds(pids)
    try:
        for index in range(count):
            kind = "goals" if index % 2 == 0 else "experiences"
            room.stage_waiters[kind] = [0, 0.0]
            started = time.perf_counter()
            response = await facilitator.post(
                f"/w/{data['code']}/activities/{data['activities'][kind]}/open/", headers=headers
            )
            if response.status_code != 204:
                log(f"follow: HTTP {response.status_code} {response.text[:200]}")
            while time.perf_counter() - started < TIMEOUT:
                if room.stage_waiters[kind][0] >= len(everyone):
                    break
                await asyncio.sleep(0.01)
            reached, last = room.stage_waiters[kind]
            if reached < len(everyone):
                lost += 1
                continue
            content.append(last - started)
            if kind == "experiences":
                # Then each participant's own share (their ratings) on their own group.
                while time.perf_counter() - started < TIMEOUT:
                    if room.marks.get("personal", [0])[0] >= len(everyone):
                        break
                    await asyncio.sleep(0.01)
                reached, last = room.marks.pop("personal", [0, 0.0])
                if reached >= len(everyone):
                    personal.append(last - started)
                else:
                    log(f"follow: {len(everyone) - reached} participants missed their share")
            await room.settle(quiet=1.0, limit=30)
    finally:
        await facilitator.aclose()
    cpu = 1000 * (cpu_seconds(pids) - cpu_before) / count
    return {**summary(content), "lost": lost, "with_own_share_p95_ms": percentile(personal, 95),
            "server_cpu_ms_per_follow": round(cpu, 1)}


async def drag(room: Room, data: dict, base: str, pids, seconds: float, rate: float) -> dict:
    """One participant drags a goal across the grid while everyone watches; then the room
    goes back to the experiences board for what comes next."""
    facilitator, headers = await facilitator_client(data, base)

    async def open_board(kind: str) -> None:
        path = f"/w/{data['code']}/activities/{data['activities'][kind]}/open/"
        (await facilitator.post(path, headers=headers)).raise_for_status()
        await room.settle(quiet=1.0, limit=30)

    try:
        await open_board("goals")
        result = await drag_a_goal(room, data, pids, seconds, rate)
        await open_board("experiences")
    finally:
        await facilitator.aclose()
    return result


async def drag_a_goal(room: Room, data: dict, pids, seconds: float, rate: float) -> dict:
    everyone = [s for s in room.screens if s.ws]
    dragger = everyone[0]
    url = f"/w/{data['code']}/goals/{data['goal_id']}/move/"
    count = int(seconds * rate)
    started: dict[str, float] = {}
    cpu_before = cpu_seconds(pids)
    begin = time.perf_counter()
    for index in range(count):
        await asyncio.sleep(max(0.0, begin + index / rate - time.perf_counter()))
        x = f"{-0.9 + 1.5 * index / count:.3f}"  # a different place for every move
        started[f"goal-{x}"] = time.perf_counter()
        final = index == count - 1
        response = await dragger.http.post(
            url, data={"x": x, "y": "0.25", "final": "on" if final else ""},
            headers=dragger.post_headers(),
        )
        if response.status_code != 204:
            log(f"drag: HTTP {response.status_code} {response.text[:200]}")
    dragging = time.perf_counter() - begin
    cpu = cpu_seconds(pids) - cpu_before
    await room.settle(quiet=1.0, limit=30)
    broadcast = [key for key in started if key in room.marks]
    latencies = [room.marks[key][1] - started[key] for key in broadcast
                 if room.marks[key][0] >= len(everyone)]
    final_x = list(started)[-1].removeprefix("goal-")
    return {
        "moves_sent": count, "moves_broadcast": len(broadcast),
        "broadcast_reaching_everyone": len(latencies), **summary(latencies),
        "every_screen_ends_on_the_drop": all(
            screen.last_goal_x == final_x for screen in everyone
        ),
        "server_cpu_cores_while_dragging": round(cpu / dragging, 3),
    }


async def vote(room: Room, data: dict, base: str, card_ids: list[int], pids, rate: float) -> dict:
    """A dot vote on the experiences board: opened, a dot from everyone, revealed, cleared."""
    facilitator, headers = await facilitator_client(data, base)
    everyone = [s for s in room.screens if s.ws]
    controls = f"/w/{data['code']}/activities/{data['activities']['experiences']}/vote/"

    async def control(action: str, form: dict | None = None) -> float | None:
        """The facilitator's POST until every socket has the board again."""
        room.stage_waiters["experiences"] = [0, 0.0]
        started = time.perf_counter()
        response = await facilitator.post(f"{controls}{action}/", data=form, headers=headers)
        if response.status_code != 204:
            log(f"vote {action}: HTTP {response.status_code} {response.text[:200]}")
        while time.perf_counter() - started < TIMEOUT:
            if room.stage_waiters["experiences"][0] >= len(everyone):
                break
            await asyncio.sleep(0.01)
        reached, last = room.stage_waiters["experiences"]
        await room.settle(quiet=1.0, limit=30)
        return round(1000 * (last - started), 1) if reached >= len(everyone) else None

    try:
        opened_ms = await control("open", {"budget": "3"})
        seen_before = {s.index: len(s.frames) for s in everyone}
        started: dict[int, float] = {}

        async def give(screen: Screen, card: int) -> None:
            started[screen.index] = time.perf_counter()
            response = await screen.http.post(
                f"/w/{data['code']}/activities/{data['activities']['experiences']}/dots/",
                data={"item": str(card), "change": "give"}, headers=screen.post_headers(),
            )
            if response.status_code != 200:
                log(f"dot: HTTP {response.status_code} {response.text[:200]}")

        cpu_before = cpu_seconds(pids)
        begin = time.perf_counter()
        tasks = []
        for n, screen in enumerate(everyone):
            await asyncio.sleep(max(0.0, begin + n / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(give(screen, card_ids[n % len(card_ids)])))
        await asyncio.gather(*tasks)
        await room.settle(quiet=1.0, limit=30)
        cpu = 1000 * (cpu_seconds(pids) - cpu_before) / len(everyone)
        own = [room.marks[f"dots-{s.index}"][1] - started[s.index] for s in everyone
               if f"dots-{s.index}" in room.marks]
        frames = [[f for f in s.frames[seen_before[s.index]:] if f[2] != "presence"]
                  for s in everyone]
        revealed_ms = await control("reveal")
        reveal_bytes = max((f[1] for s in everyone for f in s.frames[-3:] if f[2] == "stage"),
                           default=0)
        await control("clear")
    finally:
        await facilitator.aclose()
    return {
        "open_to_every_screen_ms": opened_ms,
        "dots": len(started), "dot_to_own_meter": summary(own),
        "voters_without_their_meter": len(everyone) - len(own),
        "frames_per_socket_during_the_vote_max": max(map(len, frames), default=0),
        "frames_about_others_dots": sum(1 for f in frames for frame in f if frame[2] != "dots"),
        "server_cpu_ms_per_dot": round(cpu, 1),
        "reveal_to_every_screen_ms": revealed_ms, "reveal_frame_bytes": reveal_bytes,
    }


# What a board's pushed items carry, one id a board: the barriers, the recipes (each
# with its lint), the roadmap (assembled from every board).
BOARD_ITEMS = ("barrier-items", "recipe-items", "roadmap-sections")


def barrier_form(index: int) -> tuple[str, dict]:
    return "barriers/", {
        "category": "metadata", "severity": "high", "owner_name": "Content ops",
        "description": f"Nobody owns the product taxonomy, take {index}",
    }


def recipe_form(index: int) -> tuple[str, dict]:
    return "recipes/", {
        "trigger": f"a customer opens the app, take {index}", "audience": "customers",
        "action": "show what is new", "content": "three new features",
        "success_metric": "sessions over 5 minutes", "launch": "2027-Q2", "touchpoint": "app",
        "data_needed": "Transaction history",
    }


async def board_writes(room: Room, data: dict, base: str, pids, count: int, *, kind: str,
                       form, by_facilitator: bool = False) -> dict:
    """Items written one after another while the board of `kind` is open, each pushing
    that board's items to every screen (the board itself, or a board that watches the
    one written to: only the facilitator writes to a board that is not open); then the
    room goes back to the experiences board."""
    facilitator, headers = await facilitator_client(data, base)
    everyone = [s for s in room.screens if s.ws]

    async def open_board(kind: str) -> None:
        path = f"/w/{data['code']}/activities/{data['activities'][kind]}/open/"
        (await facilitator.post(path, headers=headers)).raise_for_status()
        await room.settle(quiet=1.0, limit=30)

    latencies, sizes, lost = [], [], 0
    try:
        await open_board(kind)
        cpu_before = cpu_seconds(pids)
        for index in range(count):
            writer = everyone[index % len(everyone)]
            room.stage_waiters["board"] = [0, 0.0]
            seen = {s.index: len(s.frames) for s in everyone}
            path, fields = form(index)
            started = time.perf_counter()
            client, post_headers = ((facilitator, headers) if by_facilitator
                                    else (writer.http, writer.post_headers()))
            response = await client.post(f"/w/{data['code']}/{path}", headers=post_headers,
                                         data=fields)
            if response.status_code != 200:
                log(f"{kind}: HTTP {response.status_code} {response.text[:200]}")
            while time.perf_counter() - started < TIMEOUT:
                if room.stage_waiters["board"][0] >= len(everyone):
                    break
                await asyncio.sleep(0.01)
            reached, last = room.stage_waiters["board"]
            if reached >= len(everyone):
                latencies.append(last - started)
            else:
                lost += 1
            sizes += [f[1] for s in everyone for f in s.frames[seen[s.index]:] if f[2] == "board"]
            await room.settle(quiet=0.5, limit=30)
        cpu = 1000 * (cpu_seconds(pids) - cpu_before) / count
        await open_board("experiences")
    finally:
        await facilitator.aclose()
    return {**summary(latencies), "lost": lost, "board_frame_bytes_max": max(sizes, default=0),
            "server_cpu_ms_per_write": round(cpu, 1)}


def fill_board(code: str, total: int) -> None:
    """Cards up to `total` on the board, each rated by a few people."""
    from experiences.models import Experience, ExperienceRating
    from workshop.models import Participant, Workshop

    workshop = Workshop.objects.get(code=code)
    people = list(Participant.objects.filter(workshop=workshop)[:8])
    missing = total - Experience.objects.filter(workshop=workshop).count()
    cards = Experience.objects.bulk_create(
        Experience(workshop=workshop, author=people[i % len(people)],
                   title=f"Rows that reorder themselves, take {i}", company="Netflix",
                   description="The home screen's rows change with what you watch, so two "
                   "people in one house see different front pages.")
        for i in range(max(0, missing))
    )
    ExperienceRating.objects.bulk_create(
        ExperienceRating(experience=card, participant=person, value=3, feasibility=4)
        for card in cards for person in people
    )


async def page_cost(data: dict, base: str, screen: Screen, pids, cards: int) -> dict:
    """A board page of `cards` cards, for a participant and for the facilitator: the
    server's CPU for it, and the bytes sent (compressed, as browsers ask) and drawn."""
    await asyncio.to_thread(fill_board, data["code"], cards)
    result = {"cards": cards}
    for who, headers in (("participant", {}), ("facilitator", {"Cookie": data["facilitator_cookie"]})):
        client = screen.http if who == "participant" else httpx.AsyncClient(
            base_url=base, timeout=30, trust_env=False)
        times, cpu_before = [], cpu_seconds(pids)
        for _ in range(10):
            started = time.perf_counter()
            response = await client.get(f"/w/{data['code']}/",
                                        headers={**headers, "Accept-Encoding": "gzip"})
            times.append(time.perf_counter() - started)
        result[who] = {
            "server_cpu_ms": round(1000 * (cpu_seconds(pids) - cpu_before) / 10, 1),
            "p50_ms": percentile(times, 50),
            "sent_kb": round(response.num_bytes_downloaded / 1024),
            "html_kb": round(len(response.content) / 1024),
            "cards_on_page": response.text.count('class="card '),
        }
        if client is not screen.http:
            await client.aclose()
    return result


def participant_id(code: str, name: str) -> int:
    from workshop.models import Participant

    return Participant.objects.get(workshop__code=code, name=name).pk


async def slow_reader(data: dict, base: str, workshop_id: int, pids, screen: Screen) -> dict:
    """A second screen of one participant stops reading while 40 MB of pushes go to that
    participant's group (their other screen reads on)."""
    person = await asyncio.to_thread(participant_id, data["code"], f"Participant {screen.index + 1}")
    reader, writer = await asyncio.open_connection(HOST, int(base.rsplit(":", 1)[1]))
    key = b64encode(os.urandom(16)).decode()
    writer.write(
        (f"GET /ws/w/{data['code']}/ HTTP/1.1\r\nHost: {HOST}\r\nUpgrade: websocket\r\n"
         f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
         f"Origin: {base}\r\nCookie: {screen.cookie_header()}\r\n\r\n").encode()
    )
    await writer.drain()
    handshake = await reader.readuntil(b"\r\n\r\n")
    if b" 101 " not in handshake.split(b"\r\n", 1)[0]:
        raise RuntimeError(f"slow reader refused: {handshake[:100]!r}")
    before = rss_mb(pids)
    payload = "<p>" + "x" * (256 * 1024) + "</p>"
    async with httpx.AsyncClient(base_url=base, timeout=30, trust_env=False) as client:
        for _ in range(160):
            await client.post(f"/__bench__/floor?workshop={workshop_id}&participant={person}",
                              content=payload.encode(), headers=screen.post_headers())
            await asyncio.sleep(0.02)
    await asyncio.sleep(2)
    grown = rss_mb(pids) - before
    # Waking up: read what the server still holds for this socket. A server that gave up
    # on it has queued a close frame (code 4008) after the frames it had already taken.
    close_4008 = b"\x88\x02\x0f\xa8"
    tail = b""
    try:
        while close_4008 not in tail:
            chunk = await asyncio.wait_for(reader.read(1 << 20), timeout=10)
            if not chunk:
                break
            tail = (tail + chunk)[-8192:]
    except (asyncio.TimeoutError, ConnectionError):
        pass
    closed = close_4008 in tail
    writer.close()
    return {"closed_by_server": closed, "server_memory_growth_mb": round(grown, 1)}


async def measure(bases, pids, data, args) -> dict:
    memory = Memory(pids)
    room = Room()
    result = {}
    try:
        log(f"joining {args.participants} participants at {args.join_rate}/s")
        result["join"] = await joining(room, bases, data["code"], args.participants, args.join_rate)
        log(f"join: {result['join']}")
        log(f"posting {args.cards} cards at {args.rate}/s")
        result["card"] = await cards(room, data["code"], data["workshop_id"], args.cards,
                                     args.rate, pids)
        log(f"card: {result['card']}")
        card_ids = await asyncio.to_thread(give_everyone_ratings, data["code"], 2)
        log(f"rating {args.cards} cards at {args.rate}/s")
        result["rating"] = await ratings(room, data["code"], card_ids, args.cards, args.rate, pids)
        log(f"rating: {result['rating']}")
        log(f"following the facilitator {args.follows} times")
        result["follow"] = await follows(room, data, bases[0], args.follows, pids)
        log(f"follow: {result['follow']}")
        log(f"dragging a goal at {args.drag_rate}/s for {args.drag_seconds} s")
        result["drag"] = await drag(room, data, bases[0], pids, args.drag_seconds, args.drag_rate)
        log(f"drag: {result['drag']}")
        log(f"a dot vote: everyone gives a dot at {args.join_rate}/s")
        result["vote"] = await vote(room, data, bases[0], card_ids, pids, args.join_rate)
        log(f"vote: {result['vote']}")
        for name, kind, form in (("barriers", "barriers", barrier_form),
                                 ("recipes", "recipes", recipe_form),
                                 ("roadmap", "roadmap", barrier_form)):
            log(f"{name}: {args.barriers} writes while the {kind} board is open")
            result[name] = await board_writes(room, data, bases[0], pids, args.barriers,
                                              kind=kind, form=form,
                                              by_facilitator=name == "roadmap")
            log(f"{name}: {result[name]}")
        result["page"] = await page_cost(data, bases[0], room.screens[1], pids, args.page_cards)
        log(f"page: {result['page']}")
        if args.slow_reader:
            result["slow_reader"] = await slow_reader(
                data, bases[0], data["workshop_id"], pids, room.screens[0]
            )
            log(f"slow reader: {result['slow_reader']}")
        result["sockets_dropped"] = len(room.dropped)
    finally:
        memory.task.cancel()
        await asyncio.gather(*(screen.close() for screen in room.screens), return_exceptions=True)
    result["server_memory_peak_mb"] = round(memory.peak, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--join-rate", type=float, default=20.0, help="joins per second")
    parser.add_argument("--cards", type=int, default=50)
    parser.add_argument("--rate", type=float, default=5.0, help="cards per second")
    parser.add_argument("--follows", type=int, default=6)
    parser.add_argument("--drag-seconds", type=float, default=10.0)
    parser.add_argument("--drag-rate", type=float, default=30.0, help="goal moves per second")
    parser.add_argument("--barriers", type=int, default=20,
                        help="writes on each of the barriers, recipes and roadmap boards")
    parser.add_argument("--board-cards", type=int, default=20,
                        help="cards already on the board when the room joins")
    parser.add_argument("--page-cards", type=int, default=300,
                        help="cards on the board when its page is measured, last")
    parser.add_argument("--server", default="uvicorn", choices=["daphne", "uvicorn"])
    parser.add_argument("--no-slow-reader", dest="slow_reader", action="store_false")
    parser.add_argument("--redis", action="store_true",
                        help="two processes on PostgreSQL and channels-redis")
    args = parser.parse_args()
    if min(args.participants, args.cards, args.follows) < 1 or args.rate <= 0:
        parser.error("--participants, --cards, --follows and --rate must be positive")

    tmp = Path(tempfile.mkdtemp(prefix="prepwork-room-"))
    servers: list[subprocess.Popen] = []
    try:
        env = server_env(tmp, args.redis)
        if args.redis:
            reset_scale_out_stores(create=True)
        data = set_up_data(env, args.board_cards, args.participants)
        ports = [free_port() for _ in range(2 if args.redis else 1)]
        for n, port in enumerate(ports):
            servers.append(start_server(port, env, tmp / f"server-{n}.log", args.server))
        for n, (server, port) in enumerate(zip(servers, ports)):
            wait_until_serving(server, port, tmp / f"server-{n}.log")
        log(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
            f"{args.server} PIDs {[s.pid for s in servers]} serving {data['code']}")
        bases = [f"http://{HOST}:{port}" for port in ports]
        result = asyncio.run(measure(bases, [s.pid for s in servers], data, args))
    finally:
        for n, server in enumerate(servers):
            stop_server(server)
            text = (tmp / f"server-{n}.log").read_text(errors="replace")
            if "Traceback" in text:
                log(f"--- server-{n}.log (tracebacks) ---\n{text[-8000:]}")
        if args.redis:
            reset_scale_out_stores(create=False)
        shutil.rmtree(tmp, ignore_errors=True)
    result = {"participants": args.participants, "mode": "redis" if args.redis else "embedded",
              "processes": len(servers), "server": args.server, **result}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
