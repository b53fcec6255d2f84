"""Pickers, not keys (I.9): the committee list's provision filter offers provisions by
citation, grouped by chapter, and keeps its value; the panel form offers only members
who may sit, with no empty "---------" entry, and one way to name the rapporteur."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from cases import services
from cases.models import CaseState, PanelSeat
from code_of_conduct.models import ProvisionKind
from tests.factories import TEST_PASSWORD, CaseFactory, CodeVersionFactory, ProvisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def signed_in(english_client):
    def make(user) -> Client:
        client = english_client()
        client.login(username=user.username, password=TEST_PASSWORD)
        return client

    return make


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class Controls(HTMLParser):
    """The form controls of a page: selects with their optgroups and options, inputs."""

    def __init__(self):
        super().__init__()
        self.selects: dict[str, list[dict]] = {}
        self.inputs: list[dict] = []
        self.forms: list[dict] = []
        self._select = None
        self._group = ""
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "inputs": []})
        elif tag == "select":
            self._select = self.selects.setdefault(attrs.get("name"), [])
        elif tag == "optgroup":
            self._group = attrs.get("label", "")
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "group": self._group,
                "selected": "selected" in attrs,
                "text": "",
            }
            self._select.append(self._option)
        elif tag in ("input", "button"):
            attrs["tag"] = tag
            self.inputs.append(attrs)
            if self.forms:
                self.forms[-1]["inputs"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "optgroup":
            self._group = ""
        elif tag == "option":
            self._option = None

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data


def controls(html) -> Controls:
    parser = Controls()
    parser.feed(html)
    return parser


# --- the provision filter ---------------------------------------------------------------


def test_the_provision_filter_offers_citations_grouped_by_version_and_keeps_its_value(
    published_version, committee, signed_in
):
    # given a case citing article 2 of the version in force
    article = published_version.provisions.get(key="art-2")
    cited = CaseFactory(code=published_version.code, provisions=[article])
    other = CaseFactory(code=published_version.code)
    client = signed_in(committee.chair)

    # when the chair opens the list and filters by article 2, picked from the list
    html = page(client, "/complaints/committee/")
    options = controls(html).selects["provision"]
    # then the provisions are offered by citation in groups, not as a key to type
    assert not re.search(r'<input[^>]*name="provision"', html)
    assert "e.g. art-7" not in html
    offered = {option["value"]: option for option in options}
    assert offered[""]["text"].strip()  # the "any" choice
    assert offered["art-2"]["text"].startswith("Art. 2")
    assert "Respect for the media" in offered["art-2"]["text"]
    assert published_version.label in offered["art-2"]["group"]
    assert all(option["group"] for option in options if option["value"])

    filtered = page(client, "/complaints/committee/", provision="art-2")
    # then the list shows the case citing it, and the filter keeps the choice
    assert f'data-reference="{cited.reference}"' in filtered
    assert f'data-reference="{other.reference}"' not in filtered
    chosen = [o["value"] for o in controls(filtered).selects["provision"] if o["selected"]]
    assert chosen == ["art-2"]


def test_paragraphs_are_offered_with_their_article(code, committee, signed_in):
    # given a version whose article 4 has paragraphs, and a case citing paragraph 2
    version = CodeVersionFactory(code=code, label="2022", title="Sample code 2022")
    chapter = ProvisionFactory(
        version=version,
        kind=ProvisionKind.CHAPTER,
        position=1,
        number="I",
        key="ch-1",
        heading="General principles",
    )
    article = ProvisionFactory(
        version=version, parent=chapter, position=2, number="4", key="art-4", heading="Media"
    )
    paragraph = ProvisionFactory(
        version=version,
        parent=article,
        kind=ProvisionKind.PARAGRAPH,
        position=3,
        number="2",
        key="art-4-2",
        heading="",
        body="The press office answers within a day.",
    )
    version.publish()
    version.effective_from = version.adopted_on = datetime.date(2022, 1, 1)
    version.published_at = timezone.now()
    version.save()
    CaseFactory(code=code, provisions=[paragraph])

    html = page(signed_in(committee.chair), "/complaints/committee/")
    options = {o["value"]: o for o in controls(html).selects["provision"]}

    # then the paragraph is offered by its full citation and text, under its chapter
    assert options["art-4-2"]["text"].startswith("Art. 4, para. 2 — The press office")
    assert options["art-4"]["text"].startswith("Art. 4 — Media")
    assert "General principles" in options["art-4-2"]["group"]


def test_a_new_provision_is_placed_by_citation_grouped_by_chapter(code, secretary, english_client):
    # given a draft with a chapter holding article 1, and article 9 outside any chapter
    draft = CodeVersionFactory(code=code, label="2026", title="Sample code 2026")
    chapter = ProvisionFactory(
        version=draft,
        kind=ProvisionKind.CHAPTER,
        position=1,
        number="I",
        key="ch-1",
        heading="General principles",
    )
    ProvisionFactory(
        version=draft, parent=chapter, position=2, number="1", key="art-1", heading="Truthfulness"
    )
    ProvisionFactory(version=draft, position=3, number="9", key="art-9", heading="Final")
    client = english_client()
    client.force_login(secretary)

    html = page(client, f"/code/{code.slug}/versions/2026/provisions/new/")
    options = controls(html).selects["parent"]

    # then "Part of" offers them by citation, the article under its chapter
    offered = {o["text"]: o["group"] for o in options}
    assert offered["Art. 1 — Truthfulness"] == "Chapter I — General principles"
    assert offered["Chapter I — General principles"] == "Chapter I — General principles"
    assert offered["Art. 9 — Final"] == ""
    assert not any("art-" in o["text"] for o in options)


# --- the panel form -----------------------------------------------------------------------


@pytest.fixture
def case(published_version, case_with_respondent_account):
    return case_with_respondent_account(code=published_version.code)


def _panel_forms(html) -> dict[str, dict]:
    """The panel's forms on the case page, by the action their button asks."""
    found = {}
    for form in controls(html).forms:
        if not form["action"].endswith("/panel/"):
            continue
        buttons = [i for i in form["inputs"] if i["tag"] == "button" and i.get("name") == "action"]
        users = [i for i in form["inputs"] if i.get("name") == "user"]
        for button in buttons:
            found[button["value"]] = {
                "users": {int(i["value"]) for i in users},
                "checked": {int(i["value"]) for i in users if "checked" in i},
                "inputs": form["inputs"],
            }
    return found


def test_the_panel_form_offers_only_members_who_may_sit_without_an_empty_entry(
    case, committee, drive, signed_in
):
    # given a case in assessment, one member seated and another conflicted
    case = drive(case, CaseState.ASSESSMENT, committee)
    seated, conflicted = committee.panel[0], committee.panel[1]
    services.panel_seat_add(actor=committee.chair, case=case, user=seated)
    services.conflict_declare(
        actor=committee.chair, case=case, user=conflicted, reason="His cousin complained."
    )

    html = page(signed_in(committee.chair), f"/complaints/committee/{case.reference}/")
    forms = _panel_forms(html)

    # then the seat form offers the others with a vote, not the seated, the conflicted
    # or the secretary, and has no empty "---------" entry
    voting = {committee.chair, committee.deputy, *committee.panel, committee.lay}
    voting |= set(committee.others)
    expected = {user.pk for user in voting} - {seated.pk, conflicted.pk}
    assert forms["seat"]["users"] == expected
    assert "---------" not in html
    assert 'value=""' not in "".join(
        str(i) for i in forms["seat"]["inputs"] if i.get("name") == "user"
    )
    # and naming the rapporteur is its own choice among the seated, not a checkbox
    assert forms["rapporteur"]["users"] == {seated.pk}
    assert not any(i.get("name") == "rapporteur" for form in forms.values() for i in form["inputs"])
    assert forms["unseat"]["users"] == {seated.pk}


def test_the_rapporteur_is_named_among_the_seated_members(case, committee, drive, signed_in):
    case = drive(case, CaseState.ASSESSMENT, committee)
    first, second = committee.panel[:2]
    client = signed_in(committee.chair)
    url = f"/complaints/committee/{case.reference}/panel/"
    for member in (first, second):
        assert client.post(url, {"user": member.pk, "action": "seat"}).status_code == 302

    named = client.post(url, {"user": second.pk, "action": "rapporteur"})

    assert named.status_code == 302
    seats = dict(PanelSeat.objects.filter(case=case).values_list("user_id", "is_rapporteur"))
    assert seats == {first.pk: False, second.pk: True}
    # the page then shows the rapporteur chosen in that form
    forms = _panel_forms(page(client, f"/complaints/committee/{case.reference}/"))
    assert forms["rapporteur"]["checked"] == {second.pk}
    # seating someone never names them rapporteur, even when asked the old way
    client.post(url, {"user": committee.panel[2].pk, "action": "seat", "rapporteur": "on"})
    assert not PanelSeat.objects.get(case=case, user=committee.panel[2]).is_rapporteur


def test_the_appeal_body_form_leaves_out_the_first_panel(case, committee, drive, signed_in):
    # given a case on appeal, decided by the first panel
    case = drive(case, CaseState.APPEAL, committee)

    html = page(signed_in(committee.chair), f"/complaints/committee/{case.reference}/")
    forms = _panel_forms(html)

    first_panel = {user.pk for user in committee.panel}
    assert forms["seat"]["users"]
    assert not forms["seat"]["users"] & first_panel
    assert {committee.deputy.pk, *(u.pk for u in committee.others)} <= forms["seat"]["users"]
    assert "rapporteur" not in forms  # the appeal body names none


def test_a_member_who_may_not_sit_is_refused_with_the_reason(case, committee, drive, signed_in):
    case = drive(case, CaseState.ASSESSMENT, committee)
    conflicted = committee.panel[1]
    services.conflict_declare(
        actor=committee.chair, case=case, user=conflicted, reason="His cousin complained."
    )

    refused = signed_in(committee.chair).post(
        f"/complaints/committee/{case.reference}/panel/",
        {"user": conflicted.pk, "action": "seat"},
    )

    assert refused.status_code == 400
    assert "recused" in refused.content.decode()
    assert not PanelSeat.objects.filter(case=case).exists()
