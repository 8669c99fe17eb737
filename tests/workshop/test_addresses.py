"""The join link and QR code on the projector use an address other devices can open."""

import pytest

from workshop import addresses

LAN = "192.168.1.20"


@pytest.fixture
def lan_hosts(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, LAN, "prepwork.local"]
    return settings


def present_page(client, workshop, host: str) -> str:
    response = client.get(f"/w/{workshop.code}/present/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def test_the_join_link_uses_the_address_the_facilitators_browser_used(
    alice_client, workshop, lan_hosts
):
    page = present_page(alice_client, workshop, f"{LAN}:8000")
    assert f"{LAN}:8000/join" in page
    assert response_link(alice_client, workshop, f"{LAN}:8000") == f"http://{LAN}:8000/join/{workshop.code}/"
    assert "Only this computer can open this address" not in page


def test_a_loopback_address_gives_way_to_the_machines_network_address(
    alice_client, workshop, lan_hosts
):
    lan_hosts.SERVING_NETWORK = True
    lan_hosts.NETWORK_ADDRESSES = [LAN]
    page = present_page(alice_client, workshop, "127.0.0.1:8000")
    assert f"{LAN}:8000/join" in page
    assert "127.0.0.1" not in page
    assert response_link(alice_client, workshop, "localhost:8000") == f"http://{LAN}:8000/join/{workshop.code}/"


def test_a_loopback_only_server_says_the_room_cannot_reach_it(alice_client, workshop, settings):
    settings.SERVING_NETWORK = False
    page = present_page(alice_client, workshop, "127.0.0.1:8000")
    assert "Only this computer can open this address" in page
    assert "make run HOST=0.0.0.0" in page


def test_prepwork_url_wins_over_everything(alice_client, workshop, lan_hosts):
    lan_hosts.PREPWORK_URL = "https://workshop.example.org"
    lan_hosts.SERVING_NETWORK = True
    lan_hosts.NETWORK_ADDRESSES = [LAN]
    page = present_page(alice_client, workshop, "127.0.0.1:8000")
    assert "workshop.example.org/join" in page
    assert response_link(alice_client, workshop, f"{LAN}:8000") == (
        f"https://workshop.example.org/join/{workshop.code}/"
    )


def test_the_team_board_names_the_join_link_too(alice_client, workshop, lan_hosts):
    page = alice_client.get(f"/w/{workshop.code}/", HTTP_HOST=f"{LAN}:8000").content.decode()
    assert f"http://{LAN}:8000/join/{workshop.code}/" in page


@pytest.mark.parametrize(
    "host, loopback",
    [("127.0.0.1:8000", True), ("localhost", True), ("[::1]:8000", True), ("127.1.2.3", True),
     ("app.localhost", True), (f"{LAN}:8000", False), ("prepwork.local", False),
     ("[fe80::1]:8000", False)],
)
def test_loopback_addresses_are_recognised(host, loopback):
    assert addresses.is_loopback(host) is loopback


def response_link(client, workshop, host: str) -> str:
    response = client.get(f"/w/{workshop.code}/present/", HTTP_HOST=host)
    return response.context["join_link"]
