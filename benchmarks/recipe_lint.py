"""Recipe lint at the size of a big planning phase, and the recipe boards' pages around it.

Run by hand from the project folder (never by the test suite):

    .venv/bin/python benchmarks/recipe_lint.py [--recipes 500]

It builds, in a temporary SQLite database, one workshop with 500 recipes, 60 barriers
(half of them blocking some recipe, with commitments), 40 assets of every status and 30
guardrails, the recipes' words varied so that every rule fires on some of them. Then, five
times each, it times:
- `lint_ms`: what a board render pays for lint, reading the workshop's data
  (recipes.selectors.facts_of, a fixed number of queries) and linting it; its median is
  the figure to hold to 100 ms;
- `pure_ms`: lint alone on data already read (recipes.lint.lint);
- `board_ms`: the recipes board's page for a participant, lint included, and
  `prioritise_ms`: the prioritise board's.
Prints one JSON object on stdout.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

TRIGGERS = ["a customer opens the app", "a cart is abandoned", "a purchase is delivered",
            "a plan is about to renew", "every Monday morning", "a balance falls twice"]
AUDIENCES = ["all customers", "customers in their first 90 days", "families with children",
             "customers near a branch by GPS location", "lapsed savers", "premium members"]
METRICS = ["Email opens", "Churn in 90 days", "Repeat contacts within 7 days",
           "Clicks on the offer", "Savings goals reached"]
STATUSES = ["have", "partial", "missing"]


def median_ms(work) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def build(recipe_count: int):
    from django.contrib.auth import get_user_model

    from barriers.models import Asset, Barrier
    from goals.models import Goal
    from recipes.models import Guardrail, Recipe
    from workshop import services
    from workshop.models import Participant

    user = get_user_model().objects.create_user("bench-facilitator", password=None)
    workshop = services.workshop_create(
        facilitator=user, organisation="Benchmark Ltd", title="Planning", dates={}
    )
    author = Participant.objects.create(workshop=workshop, name="Bob", role="product")
    goals = Goal.objects.bulk_create(
        Goal(workshop=workshop, text=f"Goal {n}", department="product", success_metric="Churn")
        for n in range(10)
    )
    assets = Asset.objects.bulk_create(
        Asset(workshop=workshop, category="data", name=f"Data set {n}",
              status=STATUSES[n % 3]) for n in range(40)
    )
    guardrails = Guardrail.objects.bulk_create(
        Guardrail(workshop=workshop, text="At most one nudge a week" if n % 2
                  else f"Never use data set {n} for offers") for n in range(30)
    )
    today = datetime.date(2027, 1, 15)
    barriers = Barrier.objects.bulk_create(
        Barrier(workshop=workshop, category="data", severity="high",
                description=f"Barrier {n}", owner_name=f"Owner {n}",
                due=today + datetime.timedelta(days=7 * n) if n % 3 else None)
        for n in range(60)
    )
    recipes = Recipe.objects.bulk_create(
        Recipe(
            workshop=workshop, author=author, trigger=TRIGGERS[n % len(TRIGGERS)],
            audience=AUDIENCES[n % len(AUDIENCES)] + ("" if n % 4 else f" group {n}"),
            action="remind them of their goal" if n % 5 == 0 else f"show offer {n}",
            content="one short message", success_metric=METRICS[n % len(METRICS)],
            owner="" if n % 7 == 0 else "Team", launch=f"2027-Q{n % 4 + 1}",
            data_needed=[assets[n % 40].name, f"Income band {n}" if n % 9 == 0 else "Tags"],
            goal=None if n % 6 == 0 else goals[n % 10],
            effort=((n % 21) - 10) / 10, value=((n % 17) - 8) / 8,
        )
        for n in range(recipe_count)
    )
    through = Recipe.guardrails.through
    through.objects.bulk_create(
        through(recipe_id=recipe.pk, guardrail_id=guardrails[n % 30].pk)
        for n, recipe in enumerate(recipes) if n % 3 == 0
    )
    blocked = Recipe.blocked_by.through
    blocked.objects.bulk_create(
        blocked(recipe_id=recipe.pk, barrier_id=barriers[n % 30].pk)
        for n, recipe in enumerate(recipes) if n % 2 == 0
    )
    return workshop, author


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipes", type=int, default=500)
    options = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="prepwork-lint-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="workshop.settings", DEBUG="false",
        SECRET_KEY="prepwork-benchmark-only-secret-key-0123456789abcdefghijklmnop",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}", ALLOWED_HOSTS="testserver",
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from recipes import lint, selectors
    from workshop import access, services
    from workshop.models import Activity

    call_command("migrate", interactive=False, verbosity=0)
    workshop, author = build(options.recipes)

    facts = selectors.facts_of(workshop)
    found = lint.lint(facts)
    with CaptureQueriesContext(connection) as queries:
        selectors.warnings_of(workshop)
    lint_queries = len(queries.captured_queries)

    client = Client()
    cookie = HttpResponse()
    access.remember_participant(cookie, author)
    client.cookies.update(cookie.cookies)
    room = reverse("room", args=[workshop.code])

    def page(kind):
        activity = Activity.objects.get(session__workshop=workshop, kind=kind)
        services.activity_open(workshop=workshop, activity=activity)
        return lambda: client.get(room)

    recipes_page = page(Activity.Kind.RECIPES)
    assert recipes_page().status_code == 200
    board_ms = median_ms(recipes_page)
    prioritise_page = page(Activity.Kind.PRIORITISE)
    assert prioritise_page().status_code == 200
    prioritise_ms = median_ms(prioritise_page)

    print(json.dumps({
        "recipes": len(facts.recipes),
        "barriers": len(facts.barriers),
        "assets": len(facts.assets),
        "guardrails": len(facts.guardrails),
        "warnings": sum(len(warnings) for warnings in found.values()),
        "recipes_warned": len(found),
        "by_rule": {rule: sum(w.rule == rule for ws in found.values() for w in ws)
                    for rule in sorted({w.rule for ws in found.values() for w in ws})},
        "lint_ms": median_ms(lambda: selectors.warnings_of(workshop)),
        "pure_ms": median_ms(lambda: lint.lint(facts)),
        "lint_queries": lint_queries,
        "board_ms": board_ms,
        "prioritise_ms": prioritise_ms,
    }, indent=2))


if __name__ == "__main__":
    main()
