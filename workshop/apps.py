from django.apps import AppConfig


class WorkshopConfig(AppConfig):
    name = "workshop"
    verbose_name = "Workshops"

    def ready(self) -> None:
        from workshop import boards, checks, room  # noqa: F401 - its checks register

        # The core's own boards: who is in the room, by role; and how far we aim.
        boards.register(room.TEAM_BOARD)
        boards.register(room.NORTH_STAR_BOARD)
