"""What `manage.py check --deploy` says about serving Prepwork for real, beside Django's
own checks."""

from django.conf import settings
from django.core import checks


@checks.register(deploy=True)
def https_behind_a_named_proxy(app_configs, **kwargs):
    """`manage.py serve` speaks plain http: at an https:// address a TLS proxy is in
    front, and unless it is named the servers take every request for plain http and
    redirect it to https, for ever."""
    if settings.SECURE_DEPLOYMENT and not settings.PREPWORK_PROXY:
        return [
            checks.Warning(
                "PREPWORK_URL is an https:// address but PREPWORK_PROXY names no proxy: "
                "every request the TLS proxy passes on would be redirected to https again.",
                hint="Set PREPWORK_PROXY to the proxy's address as the servers see it, "
                "e.g. 127.0.0.1, and have the proxy set X-Forwarded-Proto.",
                id="prepwork.W001",
            )
        ]
    return []
