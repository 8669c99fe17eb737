"""Who may do what, asked of every URL the project serves.

The URLs come from Django's resolver, so a URL added without a rule below fails here.
Each one is asked by every kind of person: an anonymous visitor, a stakeholder holding
the share link, a participant (on their board open, on a board the facilitator has not
opened, on a locked board, on an item someone else wrote), a removed participant, a
participant of another workshop, the facilitator of another workshop, and the workshop's
own facilitator; the strangers also ask their own workshop's URLs with this workshop's
ids. Whoever the rule refuses gets 302 (to the login or join page), 403, 404 or 405, as
a page and as an htmx request, sees nothing of the workshop, and changes no row of any
table; whoever it allows gets what they asked for. No GET changes a row, whoever asks;
the projector never shows a hidden card; nothing the share link gives out names the
join code.

The workshop is the demo's, filled once for the module (every board, a finalised and
shared roadmap), and every request runs in a savepoint that is rolled back.
"""

import dataclasses
import json
import re
import subprocess

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from barriers import services as barrier_services
from experiences import services as experience_services
from experiences.models import Experience
from goals import selectors as goal_selectors
from goals import services as goal_services
from goals.models import Goal
from recipes import services as recipe_services
from recipes.models import Recipe
from recipes.schema import RecipeSpec
from roadmap import calendar
from roadmap.assemble import assemble
from tests.conftest import PASSWORD, participant_client
from workshop import boards, services
from workshop.models import Activity, Participant, Workshop, new_share_token

PROJECT_APPS = ["workshop", "experiences", "goals", "barriers", "recipes", "roadmap"]
Kind = Activity.Kind

# --- The rules ---------------------------------------------------------------------------
#
# A rule names who may make a request; the people who make them:
ANONYMOUS = "anonymous"
STAKEHOLDER = "share-token holder"
PARTICIPANT = "participant"
PARTICIPANT_CLOSED = "participant, board not open"
PARTICIPANT_LOCKED = "participant, board locked"
# The participant on their board, naming an item someone else wrote.
PARTICIPANT_OTHERS = "participant, on someone else's item"
REMOVED = "removed participant"
OUTSIDER = "participant of another workshop"
OTHER_FACILITATOR = "facilitator of another workshop"
FACILITATOR = "the workshop's facilitator"
# The strangers again, in their own workshop, naming this workshop's items by id.
OUTSIDER_AT_HOME = "participant of another workshop, in theirs, with this one's ids"
OTHER_FACILITATOR_AT_HOME = "facilitator of another workshop, in theirs, with this one's ids"

EVERYONE = frozenset({
    ANONYMOUS, STAKEHOLDER, PARTICIPANT, PARTICIPANT_CLOSED, PARTICIPANT_LOCKED, REMOVED,
    OUTSIDER, OTHER_FACILITATOR, FACILITATOR,
})
IN_THE_ROOM = frozenset({FACILITATOR, PARTICIPANT, PARTICIPANT_CLOSED, PARTICIPANT_LOCKED})

ALLOWS: dict[str, frozenset[str]] = {
    # Anyone: the way in, the published schema, the health check.
    "public": EVERYONE,
    # The first facilitator's account, made once: gone (404) for everyone since.
    "setup_only": frozenset(),
    # Anyone with an account: their own dashboard and new workshops.
    "account": frozenset({FACILITATOR, OTHER_FACILITATOR}),
    # Django's admin: staff only, and no facilitator here is staff.
    "staff": frozenset(),
    # Everyone in the room, whichever board is open.
    "member": IN_THE_ROOM | {PARTICIPANT_OTHERS},
    # The facilitator anywhere; a participant only on the board the facilitator opened
    # and has not locked (whoever wrote the item: a goal is moved by anyone).
    "member_open_board": frozenset({FACILITATOR, PARTICIPANT, PARTICIPANT_OTHERS}),
    # Participants only (the facilitator watches), whichever board is open.
    "participant": frozenset({PARTICIPANT, PARTICIPANT_CLOSED, PARTICIPANT_LOCKED,
                              PARTICIPANT_OTHERS}),
    # Participants only, on the open board: rating anyone's card, dots.
    "participant_open_board": frozenset({PARTICIPANT, PARTICIPANT_OTHERS}),
    # The item's author, on the open board (the items here are the participant's: the
    # facilitator edits only their own items, so is refused).
    "author_open_board": frozenset({PARTICIPANT}),
    # The item's author on the open board, or the facilitator, who moderates everything.
    "moderated": frozenset({FACILITATOR, PARTICIPANT}),
    "facilitator": frozenset({FACILITATOR}),
    # Whoever holds the share link of a finalised, published roadmap: reads only.
    "stakeholder": frozenset({STAKEHOLDER}),
    # The method is not served: 405 for everyone.
    "no_such_method": frozenset(),
}


@dataclasses.dataclass(frozen=True)
class Rule:
    get: str = "no_such_method"
    post: str = "no_such_method"
    # The board a URL writes to or reads: it is opened for the request (and left
    # closed, or locked, for the participant's other two states).
    board: str | None = None


def both(rule: str, board: str | None = None) -> Rule:
    return Rule(get=rule, post=rule, board=board)


RULES: dict[str, Rule] = {
    # Accounts, joining, health.
    "home": Rule(get="public"),
    "setup": both("setup_only"),
    "login": both("public"),
    "logout": Rule(post="public"),
    "dashboard": Rule(get="account"),
    "workshop_new": both("account"),
    "join": both("public"),
    "join_workshop": both("public"),
    "healthz": Rule(get="public"),
    "recipe_schema": Rule(get="public"),
    # The room and the facilitator's controls.
    # The room and the projector on the experiences board, which has a hidden card.
    "room": Rule(get="member", board=Kind.EXPERIENCES),
    "present": Rule(get="facilitator", board=Kind.EXPERIENCES),
    "room_people": Rule(get="member"),
    "activity_open": Rule(post="facilitator"),
    "activity_lock": Rule(post="facilitator"),
    "activity_hiding": Rule(post="facilitator"),
    "activity_anonymous": Rule(post="facilitator"),
    "vote_open": Rule(post="facilitator"),
    "participant_limit": Rule(post="facilitator"),
    "vote_close": Rule(post="facilitator"),
    "vote_reveal": Rule(post="facilitator"),
    "vote_clear": Rule(post="facilitator"),
    "dots": Rule(post="participant_open_board", board=Kind.EXPERIENCES),
    "north_star": Rule(post="facilitator"),
    "timer_start": Rule(post="facilitator"),
    "timer_stop": Rule(post="facilitator"),
    "ready": Rule(post="participant"),
    "participant_remove": Rule(post="facilitator"),
    # Connected experiences.
    "experience_list": Rule(get="member", post="member_open_board", board=Kind.EXPERIENCES),
    "starter_deck": Rule(post="facilitator", board=Kind.EXPERIENCES),
    "experience_reveal": Rule(post="facilitator", board=Kind.EXPERIENCES),
    "experience_body": Rule(get="member", board=Kind.EXPERIENCES),
    "experience_edit": both("author_open_board", Kind.EXPERIENCES),
    "experience_delete": Rule(post="moderated", board=Kind.EXPERIENCES),
    "experience_rate": Rule(post="participant_open_board", board=Kind.EXPERIENCES),
    # Goals.
    "goal_list": Rule(post="member_open_board", board=Kind.GOALS),
    "goals_silent_start": Rule(post="facilitator", board=Kind.GOALS),
    "goals_silent_reveal": Rule(post="facilitator", board=Kind.GOALS),
    "goals_silent_close": Rule(post="facilitator", board=Kind.GOALS),
    "goal_move": Rule(post="member_open_board", board=Kind.GOALS),
    "goal_edit": both("author_open_board", Kind.GOALS),
    "goal_merge": Rule(post="facilitator", board=Kind.GOALS),
    "goal_delete": Rule(post="moderated", board=Kind.GOALS),
    # Assets and barriers.
    "asset_list": Rule(post="member_open_board", board=Kind.BARRIERS),
    "asset_edit": both("author_open_board", Kind.BARRIERS),
    "asset_status": Rule(post="author_open_board", board=Kind.BARRIERS),
    "asset_delete": Rule(post="moderated", board=Kind.BARRIERS),
    "asset_to_barrier": Rule(post="member_open_board", board=Kind.BARRIERS),
    "barrier_list": Rule(post="member_open_board", board=Kind.BARRIERS),
    "barrier_edit": both("author_open_board", Kind.BARRIERS),
    # Its author, its owner or the facilitator moves a barrier on.
    "barrier_status": Rule(post="moderated", board=Kind.BARRIERS),
    "barrier_delete": Rule(post="moderated", board=Kind.BARRIERS),
    # Persofails and guardrails.
    "persofail_list": Rule(post="member_open_board", board=Kind.PERSOFAILS),
    "persofail_starter": Rule(post="facilitator", board=Kind.PERSOFAILS),
    "persofail_delete": Rule(post="moderated", board=Kind.PERSOFAILS),
    "persofail_guardrail": both("moderated", Kind.PERSOFAILS),
    "guardrail_list": Rule(post="facilitator", board=Kind.PERSOFAILS),
    "guardrail_delete": Rule(post="moderated", board=Kind.PERSOFAILS),
    # Recipes, out to engineering and back, and prioritising.
    "recipe_list": Rule(post="member_open_board", board=Kind.RECIPES),
    "recipes_json": Rule(get="member", post="facilitator", board=Kind.RECIPES),
    "recipes_csv": Rule(get="member", board=Kind.RECIPES),
    "recipe_edit": both("author_open_board", Kind.RECIPES),
    "recipe_delete": Rule(post="moderated", board=Kind.RECIPES),
    "recipe_move": Rule(post="member_open_board", board=Kind.PRIORITISE),
    "recipe_choose": both("facilitator", Kind.PRIORITISE),
    "recipe_set_aside": Rule(post="facilitator", board=Kind.PRIORITISE),
    # The roadmap, and what stakeholders read.
    "roadmap_pdf": Rule(get="facilitator", board=Kind.ROADMAP),
    "roadmap_finalise": Rule(post="facilitator", board=Kind.ROADMAP),
    "roadmap_share": Rule(post="facilitator", board=Kind.ROADMAP),
    "roadmap_version_pdf": Rule(get="facilitator", board=Kind.ROADMAP),
    "roadmap_calendar": Rule(get="member", board=Kind.ROADMAP),
    "roadmap_event": Rule(get="member", board=Kind.ROADMAP),
    "stakeholder": Rule(get="stakeholder"),
    "stakeholder_pdf": Rule(get="stakeholder"),
    "stakeholder_calendar": Rule(get="stakeholder"),
    "stakeholder_event": Rule(get="stakeholder"),
}
# Django's admin, whatever models it lists: staff only, its login page aside.
ADMIN_RULE = both("staff")
ADMIN_RULES = {"admin:login": both("public")}

# An allowed request may be answered with a 4xx only where the room's own state says no,
# and this says which and why.
STATE_REFUSALS: dict[str, tuple[set[int], str]] = {
    "goals_silent_reveal": ({409}, "no silent round is on (the demo's was finished)"),
    "goals_silent_close": ({409}, "no silent round is on (the demo's was finished)"),
    "join": ({422}, "posted without a code"),
    "join_workshop": ({422}, "posted without a name"),
}
REFUSED_STATUSES = {302, 403, 404, 405}
# Pages the projector shows the whole room, whoever asks for them.
PROJECTOR = {"present"}


# --- The URLs, from the resolver ----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Route:
    name: str
    route: str
    kwargs: tuple[str, ...]

    @property
    def rule(self) -> Rule | None:
        if self.name in RULES:
            return RULES[self.name]
        if self.name in ADMIN_RULES:
            return ADMIN_RULES[self.name]
        if self.name.startswith("admin:"):
            return ADMIN_RULE
        return None


def _kwarg_names(route: str) -> tuple[str, ...]:
    return tuple(a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))


def walk(patterns, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every URL pattern, those of included URL confs too, by its qualified name (or its
    route, for an unnamed one)."""
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            found += walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else f"{namespace}{route}"
            found.append(Route(name=name, route=route, kwargs=_kwarg_names(route)))
    return found


ROUTES = walk(get_resolver().url_patterns)


def test_every_url_has_a_declared_rule():
    undeclared = [route.name for route in ROUTES if route.rule is None]
    assert not undeclared, f"Declare who may use these URLs in RULES: {undeclared}"
    names = {route.name for route in ROUTES}
    stale = sorted(set(RULES) - names)
    assert not stale, f"RULES names URLs that no longer exist: {stale}"


def test_the_resolver_walk_finds_the_boards_urls():
    names = {route.name for route in ROUTES}
    assert {"room", "experience_edit", "goal_move", "barrier_status", "recipe_choose",
            "stakeholder_event", "admin:index"} <= names


# --- The workshop, filled once ----------------------------------------------------------

TITLE = "Oriole matrix kickstart"
NORTH_STAR = "Every oriole customer feels known"
HIDDEN_CARD = "Hidden draft kestrel-7731"


@dataclasses.dataclass
class World:
    workshop: Workshop
    other: Workshop
    participant: Participant
    removed: Participant
    outsider: Participant
    target: Participant
    items: dict[Participant, dict[str, int]]
    merged_goal: int
    event_key: str
    activity: dict[str, int]
    sessions: dict[str, str]

    def secrets(self) -> list[str]:
        """What nobody outside the room may read of it."""
        self.workshop.refresh_from_db()
        return [self.workshop.share_token, TITLE, NORTH_STAR, HIDDEN_CARD,
                f"Card of {self.participant.name}"]


def _items_of(workshop: Workshop, participant: Participant, activity: dict) -> dict[str, int]:
    """One item of each board written by this participant, as the URLs name them."""
    acts = {kind: Activity.objects.get(pk=pk) for kind, pk in activity.items()}
    name = participant.name
    card = experience_services.experience_create(
        workshop=workshop, activity=acts[Kind.EXPERIENCES], author=participant,
        title=f"Card of {name}", company="Oriole", description="Saves effort.",
    )
    goal = goal_services.goal_create(
        workshop=workshop, activity=acts[Kind.GOALS], author=participant,
        text=f"Goal of {name}", department="product", success_metric="Retention",
    )
    asset = barrier_services.asset_create(
        workshop=workshop, author=participant, category="data", name=f"Asset of {name}",
        status="missing",
    )
    barrier = barrier_services.barrier_create(
        workshop=workshop, activity=acts[Kind.BARRIERS], author=participant,
        category="data", description=f"Barrier of {name}", severity="high",
    )
    persofail = recipe_services.persofail_create(
        workshop=workshop, author=participant, text=f"Persofail of {name}",
        hurt="The customer", kind="creepy",
    )
    guardrail = recipe_services.guardrail_create(
        workshop=workshop, author=participant, text=f"Guardrail of {name}",
    )
    recipe = recipe_services.recipe_create(
        workshop=workshop, author=participant, spec=RecipeSpec(
            trigger=f"Trigger of {name}", audience="new customers", action="greet them",
            content="a welcome", success_metric="retention", launch="2027-Q2",
        ),
    )
    return {
        "experience_id": card.pk, "goal_id": goal.pk, "asset_id": asset.pk,
        "barrier_id": barrier.pk, "persofail_id": persofail.pk,
        "guardrail_id": guardrail.pk, "recipe_id": recipe.pk,
    }


def build_world() -> World:
    User = get_user_model()
    alice = User.objects.create_user("matrix-alice", password=PASSWORD)
    olga = User.objects.create_user("matrix-olga", password=PASSWORD)
    workshop = services.workshop_create(
        facilitator=alice, organisation="Oriole Bank", title=TITLE, dates={}
    )
    people = [
        services.participant_join(workshop=workshop, name=name, role=role)
        for name, role in [("Amara Okafor", "product"), ("Ben Hartley", "engineering"),
                           ("Chen Wei", "data"), ("Dana Ruiz", "marketing"),
                           ("Greg Novak", "leadership"), ("Hana Sato", "legal")]
    ]
    boards.seed_all(workshop=workshop, people=people)
    services.north_star_set(workshop=workshop, ambition="experience", north_star=NORTH_STAR)
    activity = dict(Activity.objects.filter(session__workshop=workshop).values_list("kind", "pk"))
    # The demo's silent round is finished and its choices undone, so that the room's
    # grid takes moves and a recipe can be chosen whatever the limit on choices.
    silent = goal_selectors.open_round(workshop)
    if silent is not None:
        goal_services.round_close(silent=silent)
    Recipe.objects.filter(workshop=workshop).update(selected_at=None, why="")
    # A dot vote open on the experiences board (the demo's votes are revealed).
    services.vote_open(activity=Activity.objects.get(pk=activity[Kind.EXPERIENCES]),
                       budget=3, one_per_item=False)

    participant = services.participant_join(workshop=workshop, name="Pia Matrix", role="product")
    removed = services.participant_join(workshop=workshop, name="Rex Removed", role="data")
    items = {participant: _items_of(workshop, participant, activity),
             removed: _items_of(workshop, removed, activity)}
    services.participant_remove(participant=removed)
    hidden = experience_services.experience_create(
        workshop=workshop, activity=Activity.objects.get(pk=activity[Kind.EXPERIENCES]),
        author=people[1], title=HIDDEN_CARD, company="Secret", description="Not yet.",
    )
    Experience.objects.filter(pk=hidden.pk).update(hidden=True)

    other = services.workshop_create(
        facilitator=olga, organisation="Elsewhere", title="Other workshop", dates={}
    )
    outsider = services.participant_join(workshop=other, name="Dave", role="data")
    event_key = calendar.dates(assemble(workshop))[0]["key"]
    sessions = {}
    for user in (alice, olga):
        client = Client()
        client.force_login(user)
        sessions[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    workshop.refresh_from_db()
    return World(
        workshop=workshop, other=other, participant=participant, removed=removed,
        outsider=outsider, target=people[-1], items=items,
        merged_goal=Goal.objects.filter(workshop=workshop, author=people[0]).first().pk,
        event_key=event_key, activity=activity, sessions=sessions,
    )


def _empty_the_database() -> None:
    Workshop.objects.all().delete()
    get_user_model().objects.all().delete()
    Session.objects.all().delete()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            yield build_world()
        finally:
            _empty_the_database()


# --- Asking ----------------------------------------------------------------------------


def _tables() -> list[str]:
    models = [
        model for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PROJECT_APPS
    ] + [get_user_model(), Session]
    return sorted(model._meta.db_table for model in models)


def snapshot() -> dict[str, list]:
    """Every row of every table of the project's apps, the accounts and the sessions
    (read with plain SQL: the matrix takes two of these for every request it makes)."""
    rows = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One round trip for every table: each as JSON text, its rows in order.
            cursor.execute(" UNION ALL ".join(
                f"SELECT '{table}', (SELECT COALESCE(json_agg(row_to_json(t)), '[]')::text "
                f"FROM (SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1) t)"
                for table in _tables()
            ))
            return dict(cursor.fetchall())
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = [
                tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
                for row in cursor.fetchall()
            ]
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


# One handler for every client the matrix makes: building the middleware chain (static
# files included) costs more than most requests.
_handler = ClientHandler(enforce_csrf_checks=False)


def client_for(world: World, actor: str) -> Client:
    """A fresh browser for each request (a logout or a join changes its cookies)."""
    if actor in (PARTICIPANT, PARTICIPANT_CLOSED, PARTICIPANT_LOCKED, PARTICIPANT_OTHERS):
        client = participant_client(world.participant)
    elif actor == REMOVED:
        client = participant_client(world.removed)
    elif actor in (OUTSIDER, OUTSIDER_AT_HOME):
        client = participant_client(world.outsider)
    else:
        client = Client()
    client.handler = _handler
    if actor in (FACILITATOR, OTHER_FACILITATOR, OTHER_FACILITATOR_AT_HOME):
        user = "matrix-alice" if actor == FACILITATOR else "matrix-olga"
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[user]
    return client


def kwargs_for(world: World, route: Route, actor: str) -> dict:
    at_home = actor in (OUTSIDER_AT_HOME, OTHER_FACILITATOR_AT_HOME)
    own = world.items[world.removed if actor in (REMOVED, PARTICIPANT_OTHERS)
                      else world.participant]
    workshop = world.other if at_home else world.workshop
    values = {
        "code": workshop.code,
        "activity_id": world.activity[Kind.EXPERIENCES],
        "participant_id": world.target.pk,
        "number": 1,
        "key": world.event_key,
        # Only the share-token holder knows the token; others try the other workshop's
        # (never published) or make one up.
        "token": (
            world.workshop.share_token if actor == STAKEHOLDER
            else world.other.share_token if at_home else new_share_token()
        ),
        # Django's admin.
        "app_label": "workshop",
        "object_id": str(world.workshop.pk),
        "content_type_id": ContentType.objects.get_for_model(Workshop).pk,
        "id": str(get_user_model().objects.get(username="matrix-alice").pk),
        "url": "nothing-here/",
        **own,
    }
    missing = [name for name in route.kwargs if name not in values]
    assert not missing, f"{route.name}: give {missing} a real object of the workshop"
    return {name: values[name] for name in route.kwargs}


def url_for(world: World, route: Route, actor: str) -> str:
    kwargs = kwargs_for(world, route, actor)
    try:
        return reverse(route.name, kwargs=kwargs)
    except Exception:  # an unnamed admin pattern: its catch-all
        return "/admin/" + kwargs.get("url", "")


def post_data(world: World, name: str, actor: str) -> dict | str:
    """What the form of each URL posts: enough for an allowed person's write to succeed."""
    own = world.items[world.removed if actor in (REMOVED, PARTICIPANT_OTHERS)
                      else world.participant]
    card = {"title": "Posted card", "company": "Oriole", "description": "Saves effort."}
    goal = {"text": "Posted goal", "department": "product", "success_metric": "Retention"}
    recipe = {"trigger": "they log in", "audience": "everyone", "action": "say hello",
              "content": "a hello", "success_metric": "retention", "launch": "2027-Q3"}
    data = {
        "join": {}, "join_workshop": {},
        "workshop_new": {"organisation": "Org", "title": "New"},
        "activity_lock": {"locked": "on"}, "activity_hiding": {"hide": "on"},
        "activity_anonymous": {"anonymous": "on"},
        "vote_open": {"budget": "3"},
        "participant_limit": {"participant_limit": "80"},
        "dots": {"item": own["experience_id"], "change": "give"},
        "north_star": {"ambition": "product", "north_star": "Changed"},
        "timer_start": {"minutes": "5"}, "ready": {"ready": "on"},
        "experience_list": card, "experience_edit": {**card, "version": "1"},
        "experience_rate": {"value": "5"},
        "goal_list": goal, "goal_edit": {**goal, "version": "1"},
        "goal_move": {"x": "0.1", "y": "0.2", "final": "on"},
        "goal_merge": {"merged": world.merged_goal},
        "asset_list": {"category": "data", "name": "Posted asset", "status": "have"},
        "asset_edit": {"category": "data", "name": "Edited", "status": "have", "version": "1"},
        "asset_status": {"status": "have"},
        "barrier_list": {"category": "data", "description": "Posted", "severity": "low"},
        "barrier_edit": {"category": "data", "description": "Edited", "severity": "low",
                         "status": "open", "version": "1"},
        "barrier_status": {"status": "in_progress"},
        "persofail_list": {"text": "Posted", "hurt": "Someone", "kind": "creepy"},
        "persofail_guardrail": {"text": "Posted rule"},
        "guardrail_list": {"text": "Posted rule"},
        "recipe_list": recipe, "recipe_edit": {**recipe, "version": "1"},
        "recipe_move": {"x": "0.1", "y": "0.2", "final": "on"},
        "recipe_choose": {"why": "Posted why"},
        "roadmap_share": {"change": "publish"},
        "recipes_json": json.dumps([{
            "trigger": "they log in", "audience": "everyone", "action": "say hello",
            "content": "a hello", "success_metric": "retention", "launch": "2027-Q3"}]),
    }
    return data.get(name, {})


def set_the_room(world: World, rule: Rule, actor: str) -> None:
    """Open the URL's board (a participant's other states: another board, or it locked)."""
    if rule.board is None:
        return
    board = world.activity[rule.board]
    opened = world.activity[Kind.TEAM] if actor == PARTICIPANT_CLOSED else board
    Workshop.objects.filter(pk=world.workshop.pk).update(current_activity=opened)
    Activity.objects.filter(pk=board).update(locked=actor == PARTICIPANT_LOCKED)


ITEMS = {"experience_id", "goal_id", "asset_id", "barrier_id", "persofail_id", "guardrail_id",
         "recipe_id"}


def actors_for(route: Route, method: str) -> list[str]:
    rule = route.rule
    if method == "POST" and rule.post == "public":
        # The way in takes posts from anyone; one stranger's is enough (joins and logins
        # are counted against floods and guessing).
        return [ANONYMOUS, FACILITATOR] if route.name == "logout" else [ANONYMOUS]
    actors = [ANONYMOUS, STAKEHOLDER, PARTICIPANT, REMOVED, OUTSIDER, OTHER_FACILITATOR,
              FACILITATOR]
    if rule.board is not None:
        actors += [PARTICIPANT_CLOSED, PARTICIPANT_LOCKED]
    if set(route.kwargs) & ITEMS:
        actors.append(PARTICIPANT_OTHERS)
    if set(route.kwargs) - {"code"} and not route.name.startswith("admin:"):
        actors += [OUTSIDER_AT_HOME, OTHER_FACILITATOR_AT_HOME]
    return actors


def send(client: Client, url: str, method: str, data, *, htmx: bool = False):
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "GET":
        return client.get(url, headers=headers)
    if isinstance(data, str):
        return client.post(url, data, content_type="application/json", headers=headers)
    return client.post(url, data, headers=headers)


def ask(world: World, route: Route, method: str, actor: str) -> list[str]:
    """One cell of the matrix: what is wrong with it, if anything."""
    rule = route.rule
    rule_name = rule.get if method == "GET" else rule.post
    allowed = actor in ALLOWS[rule_name]
    problems = []
    with transaction.atomic():
        set_the_room(world, rule, actor)
        client = client_for(world, actor)
        url = url_for(world, route, actor)
        before = snapshot()
        response = send(client, url, method, post_data(world, route.name, actor))
        if not allowed and method == "POST":
            # The room posts with htmx: refused that way too, and still nothing changes.
            htmx = send(client, url, method, post_data(world, route.name, actor), htmx=True)
            if htmx.status_code not in REFUSED_STATUSES:
                problems.append(f"POST {url} by {actor} with htmx: answered {htmx.status_code}")
        after = snapshot()
        transaction.set_rollback(True)
    status = response.status_code
    body = b"" if getattr(response, "streaming", False) else response.content
    text = body.decode("utf-8", "replace")
    where = f"{method} {url} by {actor} ({rule_name})"
    changed = changed_tables(before, after)
    if allowed:
        accepted, why = STATE_REFUSALS.get(route.name, (set(), ""))
        if not (200 <= status < 400 or status in accepted):
            problems.append(f"{where}: allowed, but answered {status}: {text[:200]}")
        if actor != FACILITATOR and not url.startswith("/s/"):
            for secret in (world.workshop.share_token, HIDDEN_CARD):
                if secret in text:
                    problems.append(f"{where}: shows {secret!r}")
        if route.name in PROJECTOR:
            if HIDDEN_CARD in text:
                problems.append(f"{where}: the projector shows a hidden card")
        if actor == STAKEHOLDER:
            # The join code opens the room: a share link reads, and must not lead in.
            code = world.workshop.code
            if code in readable(response) or code in response.get("Content-Disposition", ""):
                problems.append(f"{where}: gives the share link's holder the join code")
        if actor == OTHER_FACILITATOR and rule_name == "account":
            leaked = [secret for secret in world.secrets() if secret in text]
            if leaked:
                problems.append(f"{where}: shows another workshop's {leaked}")
    else:
        if status not in REFUSED_STATUSES:
            problems.append(f"{where}: refused, but answered {status}: {text[:200]}")
        if status == 302 and not _to_a_way_in(response["Location"], world):
            problems.append(f"{where}: refused, but sent to {response['Location']}")
        if changed:
            problems.append(f"{where}: refused, but changed {changed}")
        leaked = [secret for secret in world.secrets() if secret in text]
        if leaked:
            problems.append(f"{where}: refused, but shows {leaked}")
    if method == "GET" and changed:
        problems.append(f"{where}: a GET changed {changed}")
    return problems


def readable(response) -> str:
    """What a person reads of a response: its text, a PDF's text included."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        done = subprocess.run(["pdftotext", "-", "-"], input=response.content,
                              capture_output=True, check=True)
        return done.stdout.decode()
    return response.content.decode("utf-8", "replace")


def _to_a_way_in(location: str, world: World) -> bool:
    """A refusal that redirects sends to a login page or to a workshop's join page."""
    ways_in = [reverse("login"), "/admin/login/", "/join/"]
    # Django's admin sends a logout by someone who is not staff back to its index.
    return any(location.startswith(way) for way in ways_in) or location == "/admin/"


CELLS = [
    pytest.param(route, method, id=f"{method} {route.name}")
    for route in ROUTES for method in ("GET", "POST")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method"), CELLS)
def test_only_whom_the_rule_allows_gets_in(world, route, method):
    assert route.rule is not None, f"{route.name} has no declared rule"
    problems = []
    for actor in actors_for(route, method):
        problems += ask(world, route, method, actor)
    assert not problems, "\n".join(problems)
