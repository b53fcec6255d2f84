import datetime
import re

import pytest

from cases.models import Case, CaseState, Channel
from cases.receipts import code_hash
from ethics_tracker.core.models import OutboxMessage
from ethics_tracker.core.outbox import outbox_text
from tests.factories import PNG, MemberFactory

pytestmark = pytest.mark.django_db


def test_the_form_shows_the_provisions_of_the_version_in_force_today(
    published_version, english_client
):
    response = english_client().get("/complaints/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="cited_provisions"' in body
    assert "Respect for the media" in body
    assert 'name="submission_token"' in body


def test_an_anonymous_complaint_is_filed_and_shows_reference_and_code_once(
    published_version, english_client, complaint_post
):
    article = published_version.provisions.get(key="art-2")
    client = english_client()

    response = client.post(
        "/complaints/", complaint_post(cited_provisions=[str(article.pk)]), follow=True
    )

    assert response.status_code == 200
    case = Case.objects.get()
    code = response.context["filing"].receipt_code
    body = response.content.decode()
    assert case.reference in body and code in body
    assert "Write down the reference and the receipt code" in body
    assert case.state == CaseState.RECEIVED
    assert case.channel == Channel.WEB
    assert case.is_anonymous and case.complainant_name == ""
    assert case.code_version == published_version
    assert list(case.cited_provisions.all()) == [article]
    assert case.receipt_code_hash == code_hash(code) and code not in case.receipt_code_hash
    assert "no-store" in response["Cache-Control"]
    assert not OutboxMessage.objects.filter(kind="complaint_receipt").exists()


def test_a_named_complaint_about_a_listed_member_gets_its_receipt_by_email(
    published_version, complaint_post, english_client
):
    member = MemberFactory(full_name="Ivan Pressov")
    response = english_client().post(
        "/complaints/",
        complaint_post(
            respondent=str(member.pk),
            respondent_name="",
            identity="named",
            complainant_name="Elena Citizen",
            complainant_email="elena@example.org",
            complainant_phone="+359 88 123 4567",
            confidentiality_requested="on",
        ),
        follow=True,
    )

    assert response.status_code == 200
    case = Case.objects.get()
    assert case.respondent == member
    assert (case.complainant_name, case.complainant_email) == ("Elena Citizen", "elena@example.org")
    assert case.confidentiality_requested
    receipt = OutboxMessage.objects.get(kind="complaint_receipt")
    assert receipt.to == "elena@example.org"
    assert case.reference in outbox_text(receipt)
    assert response.context["filing"].receipt_code in outbox_text(receipt)
    assert response.context["filing"].receipt_code not in receipt.body  # sealed at rest
    assert receipt.redact_after_send


def test_errors_keep_everything_typed_and_ask_for_the_files_again(
    published_version, complaint_post, english_client, upload
):
    article = published_version.provisions.get(key="art-3")
    response = english_client().post(
        "/complaints/",
        complaint_post(
            summary="",
            identity="named",
            complainant_name="",
            complainant_email="elena@example.org",
            cited_provisions=[str(article.pk)],
            evidence=upload("photo.png", PNG),
        ),
    )

    assert response.status_code == 400
    assert not Case.objects.exists()
    body = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) == {"summary", "complainant_name"}
    assert "elena@example.org" in body
    assert "On 1 March the press office said" in body
    assert f'value="{article.pk}" id="provision-{article.pk}" checked' in body
    assert "The files you chose were not kept" in body
    assert 'href="#id_summary"' in body  # the error summary links to the field


def test_a_respondent_is_required_and_the_date_cannot_be_in_the_future(
    published_version, complaint_post, english_client
):
    response = english_client().post(
        "/complaints/", complaint_post(respondent_name="", conduct_date="2999-01-01")
    )
    assert response.status_code == 400
    assert {"respondent_name", "conduct_date"} <= set(response.context["form"].errors)


def test_the_provisions_follow_the_conduct_date(two_versions, english_client, complaint_post):
    old, new = two_versions
    client = english_client()

    response = client.post(
        "/complaints/",
        complaint_post(conduct_date="2010-06-01", show_provisions="1", send=None),
    )

    assert response.status_code == 200
    assert response.context["form"].version == old
    body = response.content.decode()
    assert "Honesty (2003)" in body and "Respect for the media" not in body
    assert "False statement to the press" in body  # nothing typed was lost
    assert not Case.objects.exists()

    old_article = old.provisions.get(key="art-1")
    response = client.post(
        "/complaints/",
        complaint_post(conduct_date="2010-06-01", cited_provisions=[str(old_article.pk)]),
    )
    case = Case.objects.get()
    assert case.code_version == old
    assert list(case.cited_provisions.all()) == [old_article]


def test_provisions_of_another_version_are_refused(two_versions, complaint_post, english_client):
    old, new = two_versions
    response = english_client().post(
        "/complaints/",
        complaint_post(
            conduct_date="2024-03-01",
            cited_provisions=[str(old.provisions.get(key="art-1").pk)],
        ),
    )
    assert response.status_code == 400
    assert "cited_provisions" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_honeypot_stops_robots(published_version, complaint_post, english_client):
    response = english_client().post("/complaints/", complaint_post(website="http://spam.example"))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_a_double_submission_makes_one_case_and_says_it_was_already_sent(
    published_version, english_client, complaint_post
):
    client = english_client()
    data = complaint_post()

    first = client.post("/complaints/", data, follow=True)
    second = client.post("/complaints/", data, follow=True)

    assert Case.objects.count() == 1
    assert first.context["filing"].created and second.context["filing"] is None
    assert first.context["filing"].receipt_code not in second.content.decode()
    assert "This form had already been sent" in second.content.decode()


def test_each_new_form_gets_a_new_token(published_version, english_client):
    client = english_client()
    first = client.get("/complaints/").context["form"]["submission_token"].value()
    second = client.get("/complaints/").context["form"]["submission_token"].value()
    assert first != second and len(first) >= 40


def test_filing_is_throttled_per_client(
    published_version, settings, english_client, complaint_post
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "complaint_filing": "2/hour",
        },
    }
    client = english_client(REMOTE_ADDR="198.51.100.7")
    for n in range(2):
        assert (
            client.post(
                "/complaints/", complaint_post(submission_token=f"t{n}" + "x" * 30)
            ).status_code
            == 302
        )

    blocked = client.post("/complaints/", complaint_post(submission_token="t9" + "x" * 30))

    assert blocked.status_code == 429
    assert "Too many complaints" in blocked.content.decode()
    assert Case.objects.count() == 2
    other = english_client(REMOTE_ADDR="198.51.100.8")
    assert (
        other.post("/complaints/", complaint_post(submission_token="t8" + "x" * 30)).status_code
        == 302
    )


def test_the_form_works_when_no_code_is_published_yet(db, english_client, complaint_post):
    client = english_client()
    assert client.get("/complaints/").status_code == 200
    response = client.post("/complaints/", complaint_post(), follow=True)
    assert response.status_code == 200
    assert Case.objects.get().code_version is None


def test_with_several_codes_the_complainant_chooses_which_one(
    published_version, make_version, english_client, complaint_post
):
    from tests.factories import EthicsCodeFactory

    charter = make_version(
        EthicsCodeFactory(slug="charter", title="Charter"),
        "2022",
        datetime.date(2022, 1, 1),
        [("9", "Plain language")],
    )
    client = english_client()
    page = client.get("/complaints/").content.decode()
    assert '<select name="code"' in page

    shown = client.post(
        "/complaints/",
        complaint_post(code=str(charter.code.pk), show_provisions="1", send=None),
    )
    assert shown.context["form"].version == charter
    article = charter.provisions.get(key="art-9")
    client.post(
        "/complaints/",
        complaint_post(code=str(charter.code.pk), cited_provisions=[str(article.pk)]),
    )
    case = Case.objects.get()
    assert case.code_version == charter and list(case.cited_provisions.all()) == [article]


def test_the_admin_shows_complaints_read_only(published_version, admin_client):
    from tests.factories import CaseFactory

    case = CaseFactory(code=published_version.code)
    assert admin_client.get("/admin/cases/case/").status_code == 200
    page = admin_client.get(f"/admin/cases/case/{case.pk}/change/")
    assert page.status_code == 200
    assert case.summary in page.content.decode()
    assert "receipt_code_hash" not in page.content.decode()
    assert admin_client.get(f"/admin/cases/case/{case.pk}/history/").status_code == 200
    assert admin_client.get("/admin/cases/case/add/").status_code == 403


def test_every_error_in_the_summary_links_to_an_element_on_the_page(
    published_version, english_client
):
    response = english_client().post("/complaints/", {"submission_token": "x" * 30})
    body = response.content.decode()
    anchors = re.findall(
        r'<a href="#([^"]+)">', body.split('id="error-summary"')[1].split("</div>")[0]
    )
    assert len(anchors) >= 6
    for anchor in anchors:
        assert f'id="{anchor}"' in body, anchor
