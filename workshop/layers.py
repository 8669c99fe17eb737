"""The embedded default's channel layer."""

import time

from channels import layers


class InMemoryChannelLayer(layers.InMemoryChannelLayer):
    """Channels' in-memory layer, sweeping out expired messages at most once a second.

    The stock layer walks every channel and group member on every send and receive, so
    a push to a room of N sockets costs N squared; messages expire after a minute, so a
    sweep a second loses nothing.
    """

    _swept_at = 0.0

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # The stock layer keeps `channel_capacity` as given, but looks it up as compiled
        # patterns (channels 4.3): compile it, as channels-redis does.
        self.channel_capacity = self.compile_capacities(self.channel_capacity)

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._swept_at >= 1.0:
            self._swept_at = now
            super()._clean_expired()
