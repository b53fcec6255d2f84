"""Valid HTML on the members' pages (issue I.10): /members/me/ showed a ``datetime``
with microseconds, the sign page (and the secretary's paper and import forms) an empty
form ``action``."""

import pytest
from django.urls import reverse

from code_of_conduct.services.members import acceptance_sign
from tests.factories import TEST_PASSWORD, UserFactory
from tests.html_validity import collect, html_defects

pytestmark = pytest.mark.django_db


def test_the_member_page_shows_signing_times_as_valid_datetimes(
    client, published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    acceptance_sign(actor=member.user, member=member, version=version, confirmed=True)
    assert client.login(username=member.user.username, password=TEST_PASSWORD)

    html = client.get(reverse("members:me")).content.decode()

    assert collect(html).datetimes
    assert html_defects(html) == []


def test_the_sign_page_posts_to_its_own_address(client, published_version, member_with_account):
    version = published_version()
    member = member_with_account()
    assert client.login(username=member.user.username, password=TEST_PASSWORD)
    url = reverse("members:sign_version", args=[version.pk])

    html = client.get(url).content.decode()

    assert url in collect(html).actions
    assert html_defects(html) == []


@pytest.mark.parametrize("name", ["members:paper", "members:import"])
def test_the_secretarys_member_forms_post_to_their_own_address(client, published_version, name):
    published_version()
    secretary = UserFactory(roles=["secretary"])
    assert client.login(username=secretary.username, password=TEST_PASSWORD)
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 200
    assert url in collect(response.content.decode()).actions
    assert html_defects(response.content.decode()) == []
