"""The association's identity from settings: its name, a logo file and a colour.

ASSOCIATION_COLOUR must be a hex colour on which white text stays readable (WCAG AA,
4.5:1): anything else stops Django with ImproperlyConfigured naming the value and the
reason. The colour reaches the pages as ``/theme.css`` (a stylesheet: the CSP allows
no inline style), cached for a year under an address that changes with the colour.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cases.models import CaseState
from ethics_tracker.settings import check_association_colour

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ""), ("  ", ""), ("#0B4F8A", "#0b4f8a"), ("#7a1f5c", "#7a1f5c"), ("#036", "#003366")],
)
def test_a_valid_colour_is_kept_in_one_form(value, expected):
    assert check_association_colour(value) == expected


@pytest.mark.parametrize(
    "value", ["red", "#12345", "#1234567", "0b4f8a", "#ggg000", "url(x)", "#0b4f8a;}body{"]
)
def test_a_colour_that_is_not_hex_is_refused_by_name(value):
    with pytest.raises(ImproperlyConfigured, match="ASSOCIATION_COLOUR must be a hex colour"):
        check_association_colour(value)


@pytest.mark.parametrize("value", ["#ffff00", "#ffffff", "#66aaff"])
def test_a_colour_too_light_for_white_text_is_refused_with_its_contrast(value):
    with pytest.raises(ImproperlyConfigured, match=r"contrast of \d\.\d:1.*4\.5:1"):
        check_association_colour(value)


def test_django_refuses_to_start_with_a_bad_colour():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ENV"}}
    env.update(DJANGO_SETTINGS_MODULE="ethics_tracker.settings", ASSOCIATION_COLOUR="red")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ASSOCIATION_COLOUR must be a hex colour such as #0b4f8a, not 'red'" in result.stderr


def test_without_a_colour_the_site_s_own_applies(client, settings):
    settings.ASSOCIATION_COLOUR = ""
    body = client.get("/").content.decode()
    assert "/theme.css" not in body
    assert client.get("/theme.css").status_code == 404


def test_the_colour_is_served_as_a_cached_stylesheet(client, settings):
    settings.ASSOCIATION_COLOUR = "#7a1f5c"
    body = client.get("/").content.decode()
    link = re.search(r'<link rel="stylesheet" href="(/theme\.css\?v=[0-9a-f]{10})">', body)
    assert link, body[:1500]
    response = client.get(link.group(1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--brand: #7a1f5c;" in response.content.decode()
    assert "--brand-dark: #5c1745;" in response.content.decode()
    assert "max-age=31536000" in response["Cache-Control"]
    # No inline style anywhere: the strict CSP stays as it is.
    assert " style=" not in body and "<style" not in body

    settings.ASSOCIATION_COLOUR = "#0b3d73"
    other = client.get("/").content.decode()
    assert link.group(1) not in other  # a new colour is a new address


def test_the_logo_and_the_name_from_settings(client, settings):
    settings.ASSOCIATION_LOGO = "img/logo.svg"
    settings.ASSOCIATION_NAME = "Association of Examples"
    settings.ASSOCIATION_SHORT_NAME = "AOE"
    body = client.get("/").content.decode()
    assert '<img class="brand-logo" src="/static/img/logo.svg" alt=""' in body
    assert '<span class="brand-short">AOE</span>' in body
    assert "Association of Examples" in body

    settings.ASSOCIATION_LOGO = ""
    assert "brand-logo" not in client.get("/").content.decode()


def test_a_logo_missing_from_the_collected_files_is_left_out_not_a_500(
    client, settings, caplog, monkeypatch
):
    settings.ASSOCIATION_LOGO = "img/not-there.svg"

    def manifest_static(path):  # what the manifest storage does for an unknown file
        raise ValueError(f"Missing staticfiles manifest entry for '{path}'")

    monkeypatch.setattr("ethics_tracker.core.context_processors.static", manifest_static)
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "brand-logo" not in response.content.decode()
    assert "ASSOCIATION_LOGO" in caplog.text


def test_every_state_has_its_colour_in_the_stylesheet():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    for state in CaseState.values:
        assert re.search(rf"\.state-{state} \{{[^}}]*background: #[0-9a-f]{{6}}", css), state
    for status in ["draft", "scheduled", "in_force", "ended"]:
        assert f".state-{status}," in css and f"[data-status={status}]" in css, status
