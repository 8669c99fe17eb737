"""If-then personalization recipes and the persofails that guard them (planning)."""
from django.apps import AppConfig


class RecipesConfig(AppConfig):
    name = "recipes"
    verbose_name = "Planning"

    def ready(self) -> None:
        from recipes import demo, selectors
        from workshop import boards
        from workshop.models import Activity

        boards.register(
            boards.Board(
                kind=Activity.Kind.PERSOFAILS,
                template=selectors.PERSOFAILS,
                context=selectors.board_context,
                seed=demo.fill_persofails,
                has_controls=True,
                vote_items=selectors.vote_items,
            )
        )
        boards.register(
            boards.Board(
                kind=Activity.Kind.RECIPES,
                template=selectors.RECIPES,
                context=selectors.recipes_board_context,
                seed=demo.fill_recipes,
                # Lint reads the guardrails, the asset audit and the barriers; each card
                # names its goal (and warns when it has none left).
                watches=(Activity.Kind.PERSOFAILS, Activity.Kind.BARRIERS, Activity.Kind.GOALS),
            )
        )
        boards.register(
            boards.Board(
                kind=Activity.Kind.PRIORITISE,
                template=selectors.PRIORITISE,
                context=selectors.prioritise_context,
                seed=demo.fill_prioritise,
                vote_items=selectors.recipe_vote_items,
                watches=(Activity.Kind.RECIPES, Activity.Kind.PERSOFAILS,
                         Activity.Kind.BARRIERS),
            )
        )
