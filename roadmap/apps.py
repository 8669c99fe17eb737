"""The roadmap: every board assembled into what stakeholders act on (execution)."""
from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = "Execution"

    def ready(self) -> None:
        from roadmap import selectors, services
        from workshop import boards
        from workshop.models import Activity

        Kind = Activity.Kind
        boards.register(
            boards.Board(
                kind=Kind.ROADMAP,
                template=selectors.BOARD,
                context=selectors.board_context,
                seed=services.seed,
                # It is made of every board: a change on any of them shows here.
                watches=(Kind.NORTH_STAR, Kind.EXPERIENCES, Kind.GOALS, Kind.BARRIERS,
                         Kind.PERSOFAILS, Kind.RECIPES, Kind.PRIORITISE),
            )
        )
