from django.apps import AppConfig


class ExperiencesConfig(AppConfig):
    name = "experiences"
    verbose_name = "Connected experiences"

    def ready(self) -> None:
        from experiences import demo, selectors
        from workshop import boards
        from workshop.models import Activity

        boards.register(
            boards.Board(
                kind=Activity.Kind.EXPERIENCES,
                template="experiences/board.html",
                context=selectors.board_context,
                personal=selectors.personal_shares,
                seed=demo.fill,
                hides_new_items=True,
                has_controls=True,
                vote_items=selectors.vote_items,
            )
        )
