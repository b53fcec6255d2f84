"""A complaint is filed once (issue I.4): the form's POST answers a redirect to the
receipt page (POST/redirect/GET); that page shows the receipt code once; sending the
same form again (Back, then Send) files nothing and says it was already sent."""

import pytest

from cases import receipts
from cases.models import Case

pytestmark = pytest.mark.django_db


def _shows_code(page, code) -> bool:
    return receipts.normalise_code(code) in receipts.normalise_code(page.content.decode())


def test_a_successful_filing_answers_a_redirect_to_the_receipt_page(
    published_version, english_client, complaint_post
):
    response = english_client().post("/complaints/", complaint_post())

    assert response.status_code in (302, 303)
    assert response["Location"] == "/complaints/filed/"
    assert Case.objects.count() == 1


def test_the_receipt_page_shows_reference_and_code_once(
    published_version, english_client, complaint_post
):
    client = english_client()
    client.post("/complaints/", complaint_post())
    case = Case.objects.get()

    shown = client.get("/complaints/filed/")
    code = shown.context["filing"].receipt_code
    reloaded = client.get("/complaints/filed/")

    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    assert case.reference in shown.content.decode() and _shows_code(shown, code)
    assert case.receipt_code_hash == receipts.code_hash(code)
    assert code not in shown.request["PATH_INFO"] + shown.request.get("QUERY_STRING", "")
    assert reloaded.status_code == 200 and "no-store" in reloaded["Cache-Control"]
    assert case.reference in reloaded.content.decode()
    assert not _shows_code(reloaded, code)
    assert "The receipt code was shown only once" in reloaded.content.decode()


def test_the_same_form_sent_again_files_nothing_and_says_already_sent(
    published_version, english_client, complaint_post
):
    client = english_client()
    client.post("/complaints/", complaint_post())
    code = client.get("/complaints/filed/").context["filing"].receipt_code

    again = client.post("/complaints/", complaint_post(), follow=True)  # Back, then Send

    assert Case.objects.count() == 1
    assert again.redirect_chain == [("/complaints/filed/", 302)]
    body = again.content.decode()
    assert "This complaint was already sent" in body
    assert Case.objects.get().reference in body
    assert not _shows_code(again, code)
    assert "Use the code you were shown" in body


def test_sent_again_from_another_session_it_names_the_case_but_not_the_code(
    published_version, english_client, complaint_post
):
    first = english_client()
    first.post("/complaints/", complaint_post())
    code = first.get("/complaints/filed/").context["filing"].receipt_code

    again = english_client().post("/complaints/", complaint_post(), follow=True)

    assert Case.objects.count() == 1
    assert "This complaint was already sent" in again.content.decode()
    assert not _shows_code(again, code)


def test_a_replay_before_the_receipt_was_seen_still_shows_the_code_once(
    published_version, english_client, complaint_post
):
    """The answer to the first POST was lost: the code was never shown, so it still is."""
    client = english_client()
    client.post("/complaints/", complaint_post())
    again = client.post("/complaints/", complaint_post(), follow=True)

    assert Case.objects.count() == 1
    assert again.context["filing"] is not None
    assert _shows_code(again, again.context["filing"].receipt_code)
    assert not _shows_code(client.get("/complaints/filed/"), again.context["filing"].receipt_code)


def test_the_receipt_page_without_a_filing_goes_to_the_form(english_client):
    response = english_client().get("/complaints/filed/")
    assert response.status_code == 302 and response["Location"] == "/complaints/"


def test_the_code_waits_for_the_receipt_page_sealed_not_in_clear(
    published_version, english_client, complaint_post
):
    """Between the POST and the receipt page the code is in the session, whose row is
    in the database: it must be sealed there (a copy of the database shows no code)."""
    from django.db import connection

    client = english_client()
    client.post("/complaints/", complaint_post())  # the redirect is not followed yet
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM core_session")
        # What anyone reading the table gets: the rows decoded (they are only signed).
        stored = str([client.session.decode(row[0]) for row in cursor.fetchall()])
    code = client.get("/complaints/filed/").context["filing"].receipt_code

    assert "cases_filed" in stored  # the filing waits in the session…
    assert code not in stored and receipts.normalise_code(code) not in stored  # …sealed
