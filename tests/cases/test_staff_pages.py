import pytest

from cases.models import Case, Channel
from ethics_tracker.core.models import OutboxMessage
from tests.factories import PDF, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(secretary, english_client):
    client = english_client()
    client.force_login(secretary)
    return client


def register_post(**overrides):
    data = {
        "channel": "paper",
        "received_on": "2024-04-02",
        "respondent_name": "Ivan Pressov",
        "conduct_date": "2024-03-01",
        "summary": "Letter about the press office",
        "description": "A letter received by post.",
        "identity": "named",
        "complainant_name": "Georgi Letterwriter",
        "submission_token": "register-" + "r" * 30,
        "send": "1",
    }
    data.update(overrides)
    return data


def test_the_secretary_registers_a_paper_complaint(staff, secretary, published_version, upload):
    response = staff.post(
        "/complaints/staff/register/", register_post(evidence=[upload("letter.pdf", PDF)])
    )

    assert response.status_code == 200
    case = Case.objects.get()
    assert case.channel == Channel.PAPER
    assert case.registered_by == secretary
    assert case.received_at.date().isoformat() == "2024-04-02"
    assert case.files.get().content_type == "application/pdf"
    body = response.content.decode()
    assert case.reference in body and response.context["filing"].receipt_code in body
    assert case.history.first().history_user == secretary
    assert "registered by the secretary" in case.history.first().history_change_reason


def test_an_emailed_complaint_sends_the_receipt_to_the_complainant(staff, published_version):
    staff.post(
        "/complaints/staff/register/",
        register_post(channel="email", complainant_email="georgi@example.org"),
    )
    case = Case.objects.get()
    assert case.channel == Channel.EMAIL
    assert OutboxMessage.objects.get(kind="complaint_receipt").to == "georgi@example.org"


def test_the_date_of_receipt_cannot_be_in_the_future(staff, published_version):
    response = staff.post("/complaints/staff/register/", register_post(received_on="2999-01-01"))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_only_secretaries_register(member_user, auditor, published_version, english_client):
    for user in [member_user, auditor]:
        client = english_client()
        client.force_login(user)
        assert client.get("/complaints/staff/register/").status_code == 403
        assert client.post("/complaints/staff/register/", register_post()).status_code == 403
    anonymous = english_client().get("/complaints/staff/register/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Case.objects.exists()


def test_the_list_shows_incoming_complaints_in_constant_queries(
    staff, published_version, django_assert_max_num_queries
):
    for _n in range(3):
        CaseFactory(code=published_version.code)
    with django_assert_max_num_queries(12) as few:
        staff.get("/complaints/staff/")
    for _n in range(12):
        CaseFactory(code=published_version.code, anonymous=True)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff.get("/complaints/staff/")

    assert response.status_code == 200
    # each complaint links to its one case page, the committee's
    assert response.content.decode().count('href="/complaints/committee/') >= 15


def test_the_list_filters_by_channel(staff, published_version):
    web = CaseFactory(code=published_version.code)
    staff.post("/complaints/staff/register/", register_post())
    paper = Case.objects.get(channel=Channel.PAPER)

    body = staff.get("/complaints/staff/", {"channel": "paper"}).content.decode()

    assert paper.reference in body and web.reference not in body


def test_the_detail_page_shows_the_complainant_to_the_secretary(staff, published_version):
    # The incoming complaint's address leads to the one case page (I.6).
    case = CaseFactory(code=published_version.code, confidentiality_requested=True)
    response = staff.get(f"/complaints/staff/{case.reference}/", follow=True)
    assert response.redirect_chain == [(f"/complaints/committee/{case.reference}/", 302)]
    body = response.content.decode()
    assert case.complainant_name in body and case.complainant_email in body
    assert "only the chair and the secretary know who complained" in body


def test_others_cannot_read_complaints(member_user, published_version, english_client):
    case = CaseFactory(code=published_version.code)
    client = english_client()
    client.force_login(member_user)
    assert client.get("/complaints/staff/").status_code == 403
    assert client.get(f"/complaints/staff/{case.reference}/").status_code == 403
    assert (
        client.post(f"/complaints/staff/{case.reference}/message/", {"body": "hi"}).status_code
        == 403
    )


def test_the_auditor_reads_but_cannot_write(auditor, published_version, english_client):
    case = CaseFactory(code=published_version.code)
    client = english_client()
    client.force_login(auditor)
    page = client.get(f"/complaints/staff/{case.reference}/", follow=True)
    assert page.status_code == 200
    assert page.redirect_chain == [(f"/complaints/committee/{case.reference}/", 302)]
    assert f'action="/complaints/staff/{case.reference}/message/"' not in page.content.decode()
    assert (
        client.post(f"/complaints/staff/{case.reference}/message/", {"body": "hi"}).status_code
        == 403
    )


def test_the_navigation_links(staff, published_version, english_client):
    assert 'href="/complaints/staff/"' in staff.get("/").content.decode()
    public = english_client().get("/").content.decode()
    assert 'href="/complaints/"' in public and 'href="/complaints/follow/"' in public
    assert 'href="/complaints/staff/"' not in public


def test_paging_through_the_list_keeps_its_filters(staff, published_version):
    # given more web complaints than fit on one page
    for _n in range(51):
        CaseFactory(code=published_version.code)
    # when the secretary filters the list and looks at the first page
    response = staff.get("/complaints/staff/", {"channel": Channel.WEB, "state": "received"})
    # then the link to the next page keeps both filters
    html = response.content.decode()
    assert 'href="?page=2&amp;state=received&amp;channel=web"' in html
    assert len(response.context["page"].object_list) == 50
