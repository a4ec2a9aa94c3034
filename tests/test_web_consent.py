"""Parental consent: required before a child profile can make stories, recorded with who,
when and which text, signed with the password, and withdrawn with all the child's stories."""

import pytest
from sqlalchemy import select

from taleweaver.web.models import Consent
from web_support import PASSWORD, BundleMakerThatWaits, Family, make_client


@pytest.fixture()
def client(tmp_path):
    with make_client(tmp_path) as c:
        yield c


def _family(client) -> Family:
    family = Family(client)
    family.sign_up("ana@example.org")
    return family


def test_child_without_consent_cannot_make_stories(client):
    family = _family(client)
    profile = family.add_child("Mia", consent=False)
    answer = family.post("/api/stories", {"profile_id": profile, "theme": "underwater", "hero": "mermaid",
                                          "color": "purple", "adjective": "silly"})
    assert answer.status_code == 403
    assert "consent" in answer.json()["detail"]
    assert client.get("/api/profiles").json()[0]["has_consent"] is False


def test_consent_records_which_parent_when_and_which_text(client):
    family = _family(client)
    profile = family.add_child("Mia", consent=False)
    text = client.get("/api/consent-text").json()
    assert text["version"] == "v1" and "Withdraw this consent" in text["text"]
    given = family.post(f"/api/profiles/{profile}/consent", {"password": PASSWORD, "text_version": "v1"})
    assert given.status_code == 201
    with client.app.state.db_sessions() as db:
        row = db.scalars(select(Consent)).one()
    parent_id = client.get("/api/session").json()["parent"]["id"]
    assert row.parent_id == parent_id and row.profile_id == profile
    assert row.text_version == "v1" and row.text_sha256 == text["sha256"]
    assert row.granted_at is not None and row.withdrawn_at is None
    assert "password" in row.method


def test_consent_is_not_recorded_without_the_right_password(client):
    family = _family(client)
    profile = family.add_child("Mia", consent=False)
    answer = family.post(f"/api/profiles/{profile}/consent", {"password": "not my password", "text_version": "v1"})
    assert answer.status_code == 403
    assert family.client.get(f"/api/profiles/{profile}/consent").json() == []


def test_consent_to_an_outdated_text_version_is_refused(client):
    family = _family(client)
    profile = family.add_child("Mia", consent=False)
    answer = family.post(f"/api/profiles/{profile}/consent", {"password": PASSWORD, "text_version": "v0"})
    assert answer.status_code == 409 and "v1" in answer.json()["detail"]


def test_withdrawing_consent_deletes_the_childs_stories_and_files(client):
    family = _family(client)
    mia = family.add_child("Mia")
    leo = family.add_child("Leo")
    for profile in (mia, mia, leo):
        assert family.wait_for(family.make_story(profile)["id"])["state"] == "done"
    stories_dir = client.app.state.settings.stories_dir
    assert len(list(stories_dir.iterdir())) == 3

    answer = family.delete(f"/api/profiles/{mia}/consent")
    assert answer.status_code == 200
    assert answer.json()["stories_deleted"] == 2 and answer.json()["consent"]["withdrawn_at"]
    assert client.get(f"/api/stories?profile_id={mia}").json() == []
    assert len(client.get(f"/api/stories?profile_id={leo}").json()) == 1
    assert len(list(stories_dir.iterdir())) == 1
    refused = family.post("/api/stories", {"profile_id": mia, "theme": "farm", "hero": "dragon",
                                           "color": "red", "adjective": "brave"})
    assert refused.status_code == 403
    history = client.get(f"/api/profiles/{mia}/consent").json()
    assert len(history) == 1 and history[0]["withdrawn_at"]  # the record stays


def test_a_story_finishing_after_consent_was_withdrawn_is_not_kept(tmp_path):
    maker = BundleMakerThatWaits()
    with make_client(tmp_path, make_bundle=maker) as client:
        family = _family(client)
        mia = family.add_child("Mia")
        job = family.make_story(mia)
        assert maker.started.wait(10)
        family.delete(f"/api/profiles/{mia}/consent")
        maker.release()
        finished = family.wait_for(job["id"])
        assert finished["state"] == "failed" and "not kept" in finished["error"]
        assert client.get(f"/api/stories?profile_id={mia}").json() == []
        assert [p.name for p in client.app.state.settings.stories_dir.iterdir()] == []


def test_display_names_are_letters_only_and_screened(client):
    family = _family(client)
    assert family.post("/api/profiles", {"display_name": "Call 555 0100"}).status_code == 422
    assert family.post("/api/profiles", {"display_name": "<b>Mia</b>"}).status_code == 422
    assert family.post("/api/profiles", {"display_name": "  Anne-Marie  "}).json()["display_name"] == "Anne-Marie"
    refused = family.post("/api/profiles", {"display_name": "Stupid Idiot"})
    assert refused.status_code == 422 and "safety check" in refused.json()["detail"]


def test_the_parent_area_closes_again_when_the_gate_time_is_over(client):
    from datetime import timedelta

    from sqlalchemy import update

    from taleweaver.web.models import BrowserSession, utcnow

    family = _family(client)
    with client.app.state.db_sessions() as db:  # as if the gate's 15 minutes had passed
        db.execute(update(BrowserSession).values(gate_open_until=utcnow() - timedelta(seconds=1)))
        db.commit()
    answer = family.post("/api/profiles", {"display_name": "Mia"})
    assert answer.status_code == 403 and "grown-ups' question" in answer.json()["detail"]
    assert client.get("/api/profiles").status_code == 200  # the child's picker still works


def test_deleting_a_child_profile_removes_its_stories_files_and_records(client):
    family = _family(client)
    mia = family.add_child("Mia")
    family.wait_for(family.make_story(mia)["id"])
    assert family.delete(f"/api/profiles/{mia}").status_code == 204
    assert client.get("/api/profiles").json() == []
    assert list(client.app.state.settings.stories_dir.iterdir()) == []
    with client.app.state.db_sessions() as db:
        assert db.scalars(select(Consent)).all() == []
