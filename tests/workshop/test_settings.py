"""The embedded default is the product, not a debug build: settings read in a fresh
process, the way `make run` starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'debug': settings.DEBUG, 'key': settings.SECRET_KEY, "
    "'hosts': settings.ALLOWED_HOSTS, 'network': settings.SERVING_NETWORK}))"
)


def settings_in_a_new_process(tmp_path: Path, **env) -> dict:
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "PREPWORK_HOST", "PREPWORK_URL")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="workshop.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {READ}"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout)


def test_debug_is_off_unless_asked_for(tmp_path):
    assert settings_in_a_new_process(tmp_path)["debug"] is False
    assert settings_in_a_new_process(tmp_path, DEBUG="true")["debug"] is True


def test_a_secret_key_is_made_once_and_kept_beside_the_database(tmp_path):
    first = settings_in_a_new_process(tmp_path)["key"]
    kept = tmp_path / ".prepwork_secret_key"
    assert kept.read_text().strip() == first
    assert kept.stat().st_mode & 0o777 == 0o600
    assert len(first) >= 50
    # A restart signs participants' cookies with the same key.
    assert settings_in_a_new_process(tmp_path)["key"] == first
    assert settings_in_a_new_process(tmp_path, SECRET_KEY="from-the-environment")["key"] == (
        "from-the-environment"
    )


def test_serving_the_network_answers_on_the_machines_addresses(tmp_path):
    loopback = settings_in_a_new_process(tmp_path)
    assert loopback["network"] is False
    network = settings_in_a_new_process(tmp_path, PREPWORK_HOST="0.0.0.0")
    assert network["network"] is True
    assert set(loopback["hosts"]) < set(network["hosts"])


def test_a_malformed_prepwork_url_is_refused_at_start(tmp_path):
    with pytest.raises(RuntimeError, match="PREPWORK_URL must be an address"):
        settings_in_a_new_process(tmp_path, PREPWORK_URL="laptop:8000")
    good = settings_in_a_new_process(tmp_path, PREPWORK_URL="http://10.0.0.5:8000/")
    assert "10.0.0.5" in good["hosts"]
