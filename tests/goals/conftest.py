import pytest

from workshop import services
from workshop.models import Activity


@pytest.fixture
def goals_activity(workshop):
    activity = Activity.objects.get(session__workshop=workshop, kind=Activity.Kind.GOALS)
    services.activity_open(workshop=workshop, activity=activity)
    workshop.refresh_from_db()
    return activity


@pytest.fixture(autouse=True)
def no_moves_remembered():
    """The drag throttle remembers moves by goal id; ids come round again between tests."""
    from goals import services as goal_services

    goal_services._last_move.clear()
