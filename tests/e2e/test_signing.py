"""Journey: a member signs the new version of the code; the secretary follows coverage."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from code_of_conduct.models import Acceptance
from ethics_tracker.core.models import OutboxMessage
from tests.factories import TEST_PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_sees_the_banner_reads_signs_and_keeps_the_receipt(
    page, published_version, member_with_account, login
):
    version = published_version()
    member = member_with_account()

    login(page, member.user.username, TEST_PASSWORD)
    banner = page.locator(".signing-banner")
    expect(banner).to_be_visible()
    banner.get_by_role("link").click()
    page.wait_for_load_state()

    assert page.url.endswith(f"/members/sign/{version.pk}/")
    for provision in version.provisions.all():
        expect(page.locator(".signing-text").get_by_text(provision.body)).to_be_visible()
    confirm = page.locator("#id_confirmed")
    expect(confirm).not_to_be_checked()

    page.click("form.signing-form button[type=submit]")  # without ticking: refused
    page.wait_for_load_state()
    expect(page.locator("#id_confirmed_error")).to_be_visible()
    assert not Acceptance.objects.exists()

    page.check("#id_confirmed")
    page.click("form.signing-form button[type=submit]")
    page.wait_for_load_state()

    expect(page.locator(".signature-receipt .signing-hash")).to_have_text(version.content_hash)
    with page.expect_download() as download_info:
        page.click(".signature-receipt a[download]")
    receipt_text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert version.content_hash in receipt_text
    acceptance = Acceptance.objects.get()
    assert acceptance.member == member
    assert str(acceptance.receipt_id) in receipt_text

    page.goto("/")
    expect(page.locator(".signing-banner")).to_have_count(0)
    page.goto("/members/me/")
    expect(page.locator(f'a[href="/members/receipts/{acceptance.receipt_id}/"]')).to_be_visible()


def test_the_secretary_sees_who_has_not_signed_and_reminds_them_on_a_phone(
    phone_page, published_version, login
):
    version = published_version()
    for municipality in ["София", "Пловдив", "Варна"]:
        MemberFactory(municipality=municipality)
    UserFactory(username="secretary", roles=["secretary"])

    login(phone_page, "secretary", TEST_PASSWORD)
    phone_page.goto("/members/coverage/")
    phone_page.wait_for_load_state()

    assert phone_page.url.endswith(f"/members/coverage/{version.pk}/")
    expect(phone_page.locator("tr[data-municipality]")).to_have_count(3)
    expect(phone_page.locator("tr[data-member]")).to_have_count(3)
    phone_page.click("form[action$='/remind/'] button")
    phone_page.wait_for_load_state()
    expect(phone_page.locator(".message-success")).to_be_visible()
    assert OutboxMessage.objects.filter(kind="acceptance_reminder").count() == 3
