from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = "Goals grid"

    def ready(self) -> None:
        from goals import demo, selectors
        from workshop import boards
        from workshop.models import Activity

        boards.register(
            boards.Board(
                kind=Activity.Kind.GOALS,
                template=selectors.BOARD,
                context=selectors.board_context,
                personal=selectors.personal_placements,
                seed=demo.fill,
                has_controls=True,
                vote_items=selectors.vote_items,
            )
        )
