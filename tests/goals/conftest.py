import pytest

from tests.conftest import open_board
from workshop.models import Activity


@pytest.fixture
def goals_activity(workshop):
    return open_board(workshop, Activity.Kind.GOALS)


@pytest.fixture(autouse=True)
def no_moves_remembered():
    """The drag throttle remembers moves by goal id; ids come round again between tests."""
    from goals import services as goal_services

    goal_services._last_move.clear()
