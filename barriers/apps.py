"""Assets, barriers and the commitments that remove them (kickstart)."""
from django.apps import AppConfig


class BarriersConfig(AppConfig):
    name = "barriers"
    verbose_name = "Assets & barriers"

    def ready(self) -> None:
        from barriers import demo, selectors
        from workshop import boards
        from workshop.models import Activity

        boards.register(
            boards.Board(
                kind=Activity.Kind.BARRIERS,
                template=selectors.BOARD,
                context=selectors.board_context,
                personal=selectors.personal_shares,
                seed=demo.fill,
                anonymous_mode=True,
                vote_items=selectors.vote_items,
            )
        )
