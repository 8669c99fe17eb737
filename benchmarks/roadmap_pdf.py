"""The roadmap PDF of a large workshop: how long each step takes, and its queries.

Run by hand from the project folder (never by the test suite):

    .venv/bin/python benchmarks/roadmap_pdf.py

It builds, in a temporary SQLite database, one workshop with 40 rated experiences, 100
placed goals, 60 barriers with commitments, 50 recipes (2 chosen first, each blocked by
a barrier and citing a guardrail) and 30 participants, then makes its PDF as the download
does, timing each step: `assemble_s` (reading every board, recipes.lint included),
`html_s` (the report's template), `pdf_s` (WeasyPrint), `total_s`; and
`weasyprint_only_s`: WeasyPrint alone on the saved HTML. The two take turns five times
and each figure is the run with the median total (`total_s_range` gives the spread), so
one slow moment of a busy machine does not decide the comparison. `queries` is
the number of queries assembling costs; `queries_small` the same for a workshop a tenth
the size (equal: it does not grow with the items). Prints one JSON object.
"""

import datetime
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5  # each figure is the median of this many runs
ROLES = ["product", "engineering", "data", "marketing", "support", "design", "leadership",
         "legal"]


def build(scale: float, name: str):
    from django.contrib.auth import get_user_model

    from barriers.models import Barrier
    from experiences.models import Experience, ExperienceRating
    from goals.models import Goal
    from recipes.models import Guardrail, Recipe
    from workshop import services
    from workshop.models import Participant

    def n(count):
        return max(1, round(count * scale))

    user = get_user_model().objects.create_user(name, password=None)
    workshop = services.workshop_create(
        facilitator=user, organisation="Benchmark Bank", title="Roadmap", dates={}
    )
    workshop.north_star = "Every customer feels known, from their first visit to their hundredth"
    workshop.ambition = "experience"
    workshop.save()
    people = Participant.objects.bulk_create(
        Participant(workshop=workshop, name=f"Person {i}", role=ROLES[i % len(ROLES)])
        for i in range(n(30))
    )
    experiences = Experience.objects.bulk_create(
        Experience(workshop=workshop, author=people[i % len(people)], title=f"Experience {i}",
                   company=f"Company {i}", description="What they do well.")
        for i in range(n(40))
    )
    ExperienceRating.objects.bulk_create(
        ExperienceRating(experience=card, participant=person, value=1 + (i + j) % 5,
                         feasibility=1 + (i * j) % 5)
        for i, card in enumerate(experiences) for j, person in enumerate(people[:5])
    )
    goals = Goal.objects.bulk_create(
        Goal(workshop=workshop, text=f"Goal number {i}", department=ROLES[i % len(ROLES)],
             success_metric="Churn in 90 days", x=((i * 37) % 200 - 100) / 100,
             y=((i * 53) % 200 - 100) / 100)
        for i in range(n(100))
    )
    today = datetime.date(2027, 1, 15)
    barriers = Barrier.objects.bulk_create(
        Barrier(workshop=workshop, category=["data", "metadata", "technology", "legal"][i % 4],
                severity=["low", "medium", "high"][i % 3], description=f"Barrier number {i}",
                owner=people[i % len(people)], next_step=f"Next step {i}",
                due=today + datetime.timedelta(days=7 * i))
        for i in range(n(60))
    )
    guardrails = Guardrail.objects.bulk_create(
        Guardrail(workshop=workshop, text=f"Guardrail {i}: at most one nudge a week")
        for i in range(10)
    )
    recipes = Recipe.objects.bulk_create(
        Recipe(workshop=workshop, author=people[i % len(people)], trigger=f"trigger {i} fires",
               audience=f"audience {i}", action=f"do thing {i}", content="a short message",
               success_metric="Repeat contacts within 7 days", owner=f"Team {i % 6}",
               launch=f"2027-Q{i % 4 + 1}", goal=goals[i % len(goals)],
               data_needed=["Transaction history"],
               selected_at=datetime.datetime(2026, 12, 1, 10, i, tzinfo=datetime.UTC)
               if i < 2 else None, why="The data is ready" if i < 2 else "")
        for i in range(n(50))
    )
    Recipe.blocked_by.through.objects.bulk_create(
        Recipe.blocked_by.through(recipe_id=recipe.pk, barrier_id=barriers[i % len(barriers)].pk)
        for i, recipe in enumerate(recipes)
    )
    Recipe.guardrails.through.objects.bulk_create(
        Recipe.guardrails.through(recipe_id=recipe.pk,
                                  guardrail_id=guardrails[i % len(guardrails)].pk)
        for i, recipe in enumerate(recipes)
    )
    return workshop


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="prepwork-roadmap-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="workshop.settings", DEBUG="false",
        SECRET_KEY="prepwork-benchmark-only-secret-key-0123456789abcdefghijklmnop",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roadmap import pdf
    from roadmap.assemble import assemble

    call_command("migrate", interactive=False, verbosity=0)
    workshop = build(1.0, "bench-large")
    small = build(0.1, "bench-small")

    with CaptureQueriesContext(connection) as queries_small:
        assemble(small)
    pdf.render(assemble(small))  # warm: templates, fonts

    def full_path():
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            roadmap = assemble(workshop)
        assembled = time.perf_counter()
        html = pdf.document_html(roadmap)
        htmled = time.perf_counter()
        body, pages = pdf.write_pdf(html)
        done = time.perf_counter()
        return {"assemble": assembled - started, "html": htmled - assembled,
                "pdf": done - htmled, "total": done - started,
                "html_text": html, "body": body, "pages": pages,
                "queries": len(queries.captured_queries)}

    def weasyprint_alone(saved: Path) -> float:
        html = saved.read_text(encoding="utf-8")
        started = time.perf_counter()
        pdf.write_pdf(html)
        return time.perf_counter() - started

    # Each measured RUNS times, the two kinds taking turns, each after a collection so
    # neither pays for the other's garbage; the medians are reported.
    runs, alone = [], []
    saved = tmp / "roadmap.html"
    for _ in range(RUNS):
        gc.collect()
        runs.append(full_path())
        saved.write_text(runs[-1]["html_text"], encoding="utf-8")
        gc.collect()
        alone.append(weasyprint_alone(saved))
    run = sorted(runs, key=lambda r: r["total"])[RUNS // 2]
    body, pages, total = run["body"], run["pages"], run["total"]
    weasyprint_only = statistics.median(alone)

    print(json.dumps({
        "runs": RUNS,
        "assemble_s": round(run["assemble"], 3),
        "html_s": round(run["html"], 3),
        "pdf_s": round(run["pdf"], 3),
        "total_s": round(total, 3),
        "total_s_range": [round(min(r["total"] for r in runs), 3),
                          round(max(r["total"] for r in runs), 3)],
        "weasyprint_only_s": round(weasyprint_only, 3),
        "total_over_weasyprint": round(total / weasyprint_only, 2),
        "pages": pages,
        "pdf_bytes": len(body),
        "queries": run["queries"],
        "queries_small": len(queries_small.captured_queries),
    }, indent=2))


if __name__ == "__main__":
    main()
