import pytest

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_in_bulgarian_then_english(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "bg"
    assert page.get_by_role("heading", level=1).is_visible()

    page.select_option("#language-select", "en")
    page.get_by_role("button", name="Превключи").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Log in").is_visible()


def test_demo_user_logs_in_and_out(page, secretary, login):
    login(page, "secretary", TEST_PASSWORD)
    assert "Test" in page.locator(".who").inner_text()
    page.get_by_role("button", name="Изход").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Вход").is_visible()
