from io import StringIO

import pytest
from django.core.management import call_command

from recipes.selectors import warnings_of
from workshop.models import DotVote, Workshop


@pytest.mark.django_db
def test_seed_demo_creates_a_filled_board_and_prints_its_code_last():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().strip().splitlines()
    workshop = Workshop.objects.get(code=lines[-1])
    assert any(line.startswith("Created facilitator 'demo' with password: ") for line in lines)
    # The room opens on the furthest board it filled, with the ones before filled too.
    assert workshop.current_activity.kind == "roadmap"
    # ...finalised once and shared: the link is printed.
    assert workshop.roadmap_versions.count() == 1 and workshop.shared_at
    assert f"/s/{workshop.share_token}/" in out.getvalue()
    assert workshop.recipes.filter(goal__isnull=False).count() >= 3
    # Its drafts trip every lint rule; two are chosen to do first, each with why.
    rules = {w.rule for found in warnings_of(workshop).values() for w in found}
    assert rules == {"collision", "uncapped", "sensitive", "attention-metric",
                     "launch-before-fix", "data-gap", "no-owner", "no-goal"}
    assert workshop.recipes.filter(selected_at__isnull=False).exclude(why="").count() == 2
    assert workshop.recipes.filter(effort__isnull=False).count() == workshop.recipes.count()
    assert DotVote.objects.filter(activity__kind="prioritise", revealed_at__isnull=False).exists()
    assert workshop.persofails.count() >= 5 and workshop.guardrails.count() >= 3
    assert DotVote.objects.filter(activity__kind="persofails", revealed_at__isnull=False).exists()
    assert workshop.goals.filter(x__isnull=False).values("x").count() >= 4
    assert DotVote.objects.filter(activity__kind="goals", revealed_at__isnull=False).exists()
    assert set(workshop.assets.values_list("status", flat=True)) == {"have", "partial", "missing"}
    barriers = list(workshop.barriers.all())
    assert len({barrier.category for barrier in barriers}) >= 4
    assert any(barrier.asset_id for barrier in barriers)
    assert sum(barrier.is_overdue() for barrier in barriers) == 1
    assert sum(barrier.has_owner and barrier.has_commitment for barrier in barriers) >= 3
    assert workshop.experiences.count() >= 8
    assert workshop.participants.count() >= 6
    assert workshop.experiences.filter(ratings__isnull=False).exists()


@pytest.mark.django_db
def test_seed_demo_reuses_an_existing_facilitator(alice):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "password" not in out.getvalue()
    assert Workshop.objects.get().facilitator == alice
