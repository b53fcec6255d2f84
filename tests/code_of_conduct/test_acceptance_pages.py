"""Members' pages: the banner, signing, history and receipts (issue C)."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from code_of_conduct.models import Acceptance, AcceptanceMethod, MembershipStatus
from code_of_conduct.services.members import acceptance_sign
from tests.factories import TEST_PASSWORD, AcceptanceFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def log_in(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def test_a_member_who_has_not_signed_sees_the_banner_on_every_page(
    english, published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    log_in(english, member.user)

    for url in ["/", reverse("members:me")]:
        html = english.get(url).content.decode()
        assert 'data-pending-signatures="1"' in html
        assert "Please sign the Ethics Code in force." in html
        assert reverse("members:sign") in html

    assert english.get(reverse("members:sign")).url == reverse(
        "members:sign_version", args=[version.pk]
    )


def test_no_banner_for_visitors_non_members_or_inactive_members(
    client, published_version, member_with_account
):
    published_version()
    assert "signing-banner" not in client.get("/").content.decode()
    log_in(client, UserFactory(username="secretary", roles=["secretary"]))
    assert "signing-banner" not in client.get("/").content.decode()
    client.logout()
    log_in(client, member_with_account(status=MembershipStatus.SUSPENDED).user)
    assert "signing-banner" not in client.get("/").content.decode()


def banner_for(user):
    request = RequestFactory().get("/")
    request.user = user
    # No context processors: only what the banner itself asks is counted.
    return render_to_string("code_of_conduct/_banner.html", {"user": user, "request": request})


def test_the_banner_costs_no_query_for_visitors_and_two_for_members(
    django_assert_num_queries, django_user_model, published_version, member_with_account
):
    published_version()
    published_version()  # a second code in force
    member = member_with_account()

    with django_assert_num_queries(0):
        assert "signing-banner" not in banner_for(AnonymousUser())
    user = django_user_model.objects.get(pk=member.user.pk)  # nothing cached on it
    with django_assert_num_queries(2):
        assert 'data-pending-signatures="2"' in banner_for(user)


def test_the_sign_page_shows_the_whole_text_and_an_unticked_confirmation(
    english, published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    log_in(english, member.user)

    response = english.get(reverse("members:sign_version", args=[version.pk]))

    html = response.content.decode()
    for provision in version.provisions.all():
        assert provision.body in html
    assert version.content_hash in html
    checkbox = re.search(r"<input[^>]*name=\"confirmed\"[^>]*>", html).group(0)
    assert "checked" not in checkbox
    assert 'type="checkbox"' in checkbox


def test_signing_without_ticking_the_box_is_refused_with_a_message(
    english, published_version, member_with_account
):
    version = published_version()
    log_in(english, member_with_account().user)

    response = english.post(reverse("members:sign_version", args=[version.pk]), {})

    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert not Acceptance.objects.exists()


def test_signing_records_the_acceptance_and_shows_the_receipt(
    english, published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    log_in(english, member.user)

    response = english.post(
        reverse("members:sign_version", args=[version.pk]),
        {"confirmed": "on"},
        HTTP_USER_AGENT="Firefox/128",
        follow=True,
    )

    acceptance = Acceptance.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "members:receipt", args=[acceptance.receipt_id]
    )
    assert acceptance.member == member
    assert acceptance.ip_address == "127.0.0.1"
    assert acceptance.user_agent == "Firefox/128"
    html = response.content.decode()
    assert "your signature is recorded" in html
    assert "signing-banner" not in html  # signed: the banner is gone


def test_a_double_submit_records_one_acceptance_and_answers_the_second_clearly(
    english, published_version, member_with_account
):
    version = published_version()
    log_in(english, member_with_account().user)
    url = reverse("members:sign_version", args=[version.pk])

    first = english.post(url, {"confirmed": "on"})
    second = english.post(url, {"confirmed": "on"}, follow=True)

    acceptance = Acceptance.objects.get()
    assert first.url == second.redirect_chain[-1][0]
    assert second.status_code == 200
    assert "You had already signed this version" in second.content.decode()
    assert first.url == reverse("members:receipt", args=[acceptance.receipt_id])


def test_only_the_version_in_force_can_be_signed_from_its_page(
    client, draft_version, published_version, publish_version, member_with_account
):
    draft = draft_version()
    old = published_version()
    publish_version(draft_version(code=old.code))
    log_in(client, member_with_account().user)

    assert client.get(reverse("members:sign_version", args=[draft.pk])).status_code == 404
    # A page left open on the old version: the member is sent to the version in force.
    response = client.post(reverse("members:sign_version", args=[old.pk]), {"confirmed": "on"})
    assert response.url == reverse("members:sign")
    assert not Acceptance.objects.exists()


@pytest.mark.parametrize("who", ["not a member", "suspended"])
def test_only_active_members_may_open_the_sign_page(
    client, who, published_version, member_with_account
):
    version = published_version()
    if who == "not a member":
        user = UserFactory(username="visitor")
    else:
        user = member_with_account(status=MembershipStatus.SUSPENDED).user
    log_in(client, user)

    response = client.post(reverse("members:sign_version", args=[version.pk]), {"confirmed": "on"})

    assert response.status_code == 403
    assert not Acceptance.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, published_version):
    version = published_version()
    response = client.get(reverse("members:sign_version", args=[version.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_member_page_lists_signatures_with_receipts(
    english, published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    acceptance = acceptance_sign(actor=member.user, member=member, version=version, confirmed=True)
    other = AcceptanceFactory(version=version)  # someone else's
    log_in(english, member.user)

    html = english.get(reverse("members:me")).content.decode()

    assert reverse("members:receipt", args=[acceptance.receipt_id]) in html
    assert reverse("members:receipt_download", args=[acceptance.receipt_id]) in html
    assert str(other.receipt_id) not in html
    assert "Nothing to sign" in html


def test_a_user_without_a_member_profile_is_told_so(english):
    log_in(english, UserFactory(username="plain"))
    response = english.get(reverse("members:me"))
    assert response.status_code == 200
    assert "not linked to a member profile" in response.content.decode()


def test_the_receipt_shows_version_time_method_and_hash_and_how_to_check_it(
    english, published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    acceptance = acceptance_sign(actor=member.user, member=member, version=version, confirmed=True)
    log_in(english, member.user)

    html = english.get(reverse("members:receipt", args=[acceptance.receipt_id])).content.decode()

    assert member.full_name in html
    assert version.label in html
    assert acceptance.content_hash in html
    assert "Europe/Sofia" in html
    assert "Online" in html
    assert f'href="{version.get_absolute_url()}"' in html
    assert "compare the SHA-256 fingerprint" in html


def test_the_receipt_downloads_as_a_text_file(english, published_version, member_with_account):
    version = published_version()
    member = member_with_account()
    acceptance = acceptance_sign(actor=member.user, member=member, version=version, confirmed=True)
    log_in(english, member.user)

    response = english.get(reverse("members:receipt_download", args=[acceptance.receipt_id]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert acceptance.content_hash in text
    assert str(acceptance.receipt_id) in text
    assert f"http://testserver{version.get_absolute_url()}" in text


def test_receipts_are_private_to_the_member_and_the_secretariat(
    client, published_version, member_with_account
):
    acceptance = AcceptanceFactory(
        version=published_version(), member=MemberFactory(), method=AcceptanceMethod.PAPER
    )
    url = reverse("members:receipt", args=[acceptance.receipt_id])

    log_in(client, member_with_account(username="someone-else").user)
    assert client.get(url).status_code == 404
    log_in(client, UserFactory(username="secretary", roles=["secretary"]))
    assert client.get(url).status_code == 200
    log_in(client, UserFactory(username="auditor", roles=["auditor"]))
    assert client.get(url).status_code == 200
