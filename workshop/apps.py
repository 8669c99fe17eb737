from django.apps import AppConfig


class WorkshopConfig(AppConfig):
    name = "workshop"
    verbose_name = "Workshops"

    def ready(self) -> None:
        from workshop import boards, room

        # The core's own board: who is in the room, by role.
        boards.register(room.TEAM_BOARD)
