import pytest

from barriers import services
from tests.conftest import open_board
from workshop.models import Activity

ASSET = {"category": "metadata", "name": "Product tags by life stage", "status": "missing",
         "note": "Tagged by type only."}
BARRIER = {"category": "legal", "description": "Every variant needs its own legal review",
           "severity": "high"}


def article(html: str, barrier) -> str:
    """One barrier as a page or a frame draws it."""
    return html.split(f'id="barrier-{barrier.pk}"', 1)[1].split("</article>", 1)[0]


@pytest.fixture
def barriers_activity(workshop):
    return open_board(workshop, Activity.Kind.BARRIERS)


@pytest.fixture
def asset(workshop, barriers_activity, bob):
    return services.asset_create(workshop=workshop, author=bob, **ASSET)


@pytest.fixture
def barrier(workshop, barriers_activity, bob):
    return services.barrier_create(
        workshop=workshop, activity=barriers_activity, author=bob, **BARRIER
    )
