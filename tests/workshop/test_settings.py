"""The embedded default is the product, not a debug build: settings read in a fresh
process, the way `make run` starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'debug': settings.DEBUG, 'key': settings.SECRET_KEY, "
    "'hosts': settings.ALLOWED_HOSTS, 'network': settings.SERVING_NETWORK}))"
)


def settings_in_a_new_process(tmp_path: Path, read: str = READ, **env) -> dict:
    """What `read` prints of the settings, in a fresh process that sees only `env` of
    Prepwork's own variables."""
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS") and not key.startswith("PREPWORK_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="workshop.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {read}"],
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


# --- Served for real, behind a TLS proxy ------------------------------------------------

PUBLIC = "https://workshop.example.org"
SECURITY_SETTINGS = [
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER", "SECURE_REDIRECT_EXEMPT", "CSRF_TRUSTED_ORIGINS",
    "ALLOWED_HOSTS", "PREPWORK_PROXY", "PREPWORK_LIMITS", "AXES_FAILURE_LIMIT",
]


def named_settings(tmp_path: Path, names: list[str], **env) -> dict:
    """The settings named, as a fresh process reads them from this environment."""
    read = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    return settings_in_a_new_process(tmp_path, read, **env)


def test_an_https_address_turns_on_the_secure_deployment(tmp_path):
    secure = named_settings(tmp_path, SECURITY_SETTINGS, PREPWORK_URL=PUBLIC)
    assert secure["SESSION_COOKIE_SECURE"] is True
    assert secure["CSRF_COOKIE_SECURE"] is True
    assert secure["SECURE_SSL_REDIRECT"] is True
    assert secure["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert secure["CSRF_TRUSTED_ORIGINS"] == [PUBLIC]
    assert "workshop.example.org" in secure["ALLOWED_HOSTS"]
    # The proxy's headers are believed by the server only from the proxies named.
    assert secure["SECURE_PROXY_SSL_HEADER"] is None
    assert secure["PREPWORK_PROXY"] == []


def test_the_embedded_default_stays_on_plain_http(tmp_path):
    plain = named_settings(tmp_path, SECURITY_SETTINGS)
    assert plain["SESSION_COOKIE_SECURE"] is False
    assert plain["SECURE_SSL_REDIRECT"] is False
    assert plain["SECURE_HSTS_SECONDS"] == 0


def check_deploy(tmp_path: Path, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("DEBUG", "ALLOWED_HOSTS", "PREPWORK_HOST") and not key.startswith("PREPWORK_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="workshop.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SECRET_KEY="a-deployment-key-" + "x7Qp2mZr9Lw4Kd8Vn3Bt6Hs1Jf5Gc0Ya" * 2,
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )


def test_check_deploy_is_clean_when_served_at_an_https_address(tmp_path):
    result = check_deploy(tmp_path, PREPWORK_URL=PUBLIC, PREPWORK_PROXY="127.0.0.1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_of_an_https_address_with_no_proxy_named(tmp_path):
    result = check_deploy(tmp_path, PREPWORK_URL=PUBLIC)
    assert result.returncode == 1
    assert "prepwork.W001" in result.stderr
    assert "PREPWORK_PROXY names no proxy" in result.stderr


def test_limits_come_from_the_environment_and_bad_ones_are_refused(tmp_path):
    raised = named_settings(
        tmp_path, ["PREPWORK_LIMITS", "AXES_FAILURE_LIMIT"],
        PREPWORK_JOINS_PER_ADDRESS="2000/minute", PREPWORK_CODE_GUESSES_PER_ADDRESS="5/hour",
        PREPWORK_LOGIN_FAILURES="4",
    )
    assert raised["PREPWORK_LIMITS"]["join_address"] == [2000, 60]
    assert raised["PREPWORK_LIMITS"]["code_guess"] == [5, 3600]
    assert raised["PREPWORK_LIMITS"]["join_workshop"] == [120, 60]
    assert raised["AXES_FAILURE_LIMIT"] == 4
    with pytest.raises(RuntimeError, match="PREPWORK_JOINS_PER_WORKSHOP must be a number per"):
        named_settings(tmp_path, ["PREPWORK_LIMITS"], PREPWORK_JOINS_PER_WORKSHOP="lots")
    with pytest.raises(RuntimeError, match="PREPWORK_LOGIN_FAILURES must be a whole number"):
        named_settings(tmp_path, ["AXES_FAILURE_LIMIT"], PREPWORK_LOGIN_FAILURES="0")


@pytest.fixture
def served_at_https(tmp_path, settings):
    """This process's settings as they are read when PREPWORK_URL is https://…"""
    for name, value in named_settings(tmp_path, SECURITY_SETTINGS, PREPWORK_URL=PUBLIC).items():
        if name not in ("PREPWORK_LIMITS",):
            setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" and value
                    else value)
    return settings


def test_plain_http_is_redirected_to_https(served_at_https, db):
    response = Client().get("/join/", HTTP_HOST="workshop.example.org")
    assert response.status_code == 301
    assert response["Location"] == "https://workshop.example.org/join/"
    # A client's own X-Forwarded-Proto is no proof of TLS: only a named proxy's is.
    spoofed = Client().get(
        "/join/", HTTP_HOST="workshop.example.org", HTTP_X_FORWARDED_PROTO="https"
    )
    assert spoofed.status_code == 301


def test_cookies_are_secure_and_hsts_is_sent_over_https(served_at_https, workshop):
    client = Client()
    page = client.get(f"/join/{workshop.code}/", secure=True)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.cookies["csrftoken"]["secure"] is True
    joined = client.post(
        f"/join/{workshop.code}/", {"name": "Priya", "role": "product"}, secure=True
    )
    participant_cookie = joined.cookies[f"prepwork_p{workshop.pk}"]
    assert participant_cookie["secure"] is True
    assert participant_cookie["httponly"] is True


def test_a_proxy_that_rewrites_host_passes_the_csrf_check_on_sign_in(served_at_https, alice):
    browser = Client(enforce_csrf_checks=True)
    login_page = browser.get("/accounts/login/", secure=True, HTTP_HOST="127.0.0.1:8001")
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        "/accounts/login/",
        {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
        secure=True, HTTP_HOST="127.0.0.1:8001", HTTP_ORIGIN=PUBLIC,
        HTTP_REFERER=f"{PUBLIC}/accounts/login/",
    )
    assert login_page.status_code == 200
    assert response.status_code == 302, response.content.decode()[:300]
    assert response.url == "/dashboard/"


def test_a_form_from_another_origin_gets_the_products_csrf_page(served_at_https, alice):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/accounts/login/", secure=True, HTTP_HOST="workshop.example.org")
    response = browser.post(
        "/accounts/login/",
        {"username": "alice", "password": PASSWORD,
         "csrfmiddlewaretoken": browser.cookies["csrftoken"].value},
        secure=True, HTTP_HOST="workshop.example.org", HTTP_ORIGIN="https://evil.example",
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "That form could not be checked" in page
    assert "Reload the page and send it again." in page
    assert 'class="site-header"' in page  # the product's page, from base.html
    assert "_auth_user_id" not in browser.session
