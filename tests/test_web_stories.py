"""Stories through the API: made in the background, streamed progress, the library, files,
deleting, export, the per-profile rate limit, and one family never reaching another's data."""

import io
import json
import zipfile

import pytest

from web_support import Family, make_client


@pytest.fixture()
def client(tmp_path):
    with make_client(tmp_path) as c:
        yield c


def _family_with_story(client, email="ana@example.org"):
    family = Family(client)
    family.sign_up(email)
    profile = family.add_child("Mia")
    job = family.wait_for(family.make_story(profile)["id"])
    assert job["state"] == "done", job
    return family, profile, job["story_id"]


def test_a_story_is_made_in_the_background_and_saved_in_the_library(client):
    family = Family(client)
    family.sign_up("ana@example.org")
    profile = family.add_child("Mia")
    answer = family.post("/api/stories", {"profile_id": profile, "theme": "castle", "hero": "dragon",
                                          "color": "green", "adjective": "brave"})
    assert answer.status_code == 202 and answer.json()["state"] == "queued"
    assert answer.headers["location"] == f"/api/jobs/{answer.json()['id']}"
    job = family.wait_for(answer.json()["id"])
    assert job["state"] == "done" and job["stage"] == "bundle"
    library = client.get(f"/api/stories?profile_id={profile}").json()
    assert [s["title"] for s in library] == ["Pip and the Lost Snail"]
    assert library[0]["choices"] == {"theme": "castle", "hero": "dragon", "color": "green", "adjective": "brave"}


def test_job_events_stream_progress_until_the_story_is_done(client):
    family = Family(client)
    family.sign_up("ana@example.org")
    job = family.make_story(family.add_child("Mia"))
    with client.stream("GET", f"/api/jobs/{job['id']}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        text = "".join(stream.iter_text())
    events = [block for block in text.split("\n\n") if block.startswith("event:")]
    assert events[-1].startswith("event: done")
    final = json.loads(events[-1].split("data: ", 1)[1])
    assert final["state"] == "done" and final["story_id"]


def test_story_files_are_served_and_nothing_outside_the_bundle(client):
    family, profile, story_id = _family_with_story(client)
    bundle = client.get(f"/api/stories/{story_id}/files/story.json")
    assert bundle.status_code == 200 and bundle.json()["story"]["title"] == "Pip and the Lost Snail"
    for sneaky in ("..%2Ftaleweaver.db", ".hidden", "missing.svg"):
        assert client.get(f"/api/stories/{story_id}/files/{sneaky}").status_code == 404


def test_the_play_page_embeds_the_story_and_offers_the_same_choices_again(client):
    family, profile, story_id = _family_with_story(client)
    page = client.get(f"/play/{story_id}").text
    assert "Pip the little robot woke up" in page
    assert f"/child/{profile}?theme=underwater&amp;hero=mermaid&amp;color=purple&amp;adjective=silly&amp;again=1" in page \
        or f"/child/{profile}?theme=underwater\\u0026hero=mermaid" in page


def test_deleting_a_story_removes_the_row_then_the_folder(client):
    family, profile, story_id = _family_with_story(client)
    stories_dir = client.app.state.settings.stories_dir
    assert len(list(stories_dir.iterdir())) == 1
    assert family.delete(f"/api/stories/{story_id}").status_code == 204
    assert client.get(f"/api/stories/{story_id}").status_code == 404
    assert list(stories_dir.iterdir()) == []


def test_export_is_a_zip_with_every_story_and_an_offline_player(client):
    family, profile, story_id = _family_with_story(client)
    family.wait_for(family.make_story(profile, theme="jungle")["id"])
    answer = client.get(f"/api/profiles/{profile}/export")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert sorted(n for n in names if n.endswith("story.json")) == ["01-pip-and-the-lost-snail/story.json",
                                                                    "02-pip-and-the-lost-snail/story.json"]
    assert "01-pip-and-the-lost-snail/index.html" in names and "01-pip-and-the-lost-snail/player.js" in names


def test_story_creation_is_rate_limited_per_profile_with_a_friendly_message(tmp_path):
    with make_client(tmp_path, stories_per_hour=2) as client:
        family = Family(client)
        family.sign_up("ana@example.org")
        mia, leo = family.add_child("Mia"), family.add_child("Leo")
        family.make_story(mia)
        family.make_story(mia)
        third = family.post("/api/stories", {"profile_id": mia, "theme": "farm", "hero": "dragon",
                                             "color": "red", "adjective": "brave"})
        assert third.status_code == 429
        assert "a lot of stories" in third.json()["detail"] and int(third.headers["retry-after"]) > 0
        family.make_story(leo)  # another child's limit is separate


def test_one_family_never_sees_plays_exports_or_deletes_anothers_stories(tmp_path):
    with make_client(tmp_path) as first, make_client(tmp_path) as second:
        ana, ana_profile, ana_story = _family_with_story(first, "ana@example.org")
        ben = Family(second)
        ben.sign_up("ben@example.org")
        ben_profile = ben.add_child("Leo")
        assert [p["id"] for p in second.get("/api/profiles").json()] == [ben_profile]
        assert second.get(f"/api/stories?profile_id={ana_profile}").status_code == 404
        assert second.get(f"/api/stories/{ana_story}").status_code == 404
        assert second.get(f"/api/stories/{ana_story}/files/story.json").status_code == 404
        assert second.get(f"/play/{ana_story}").status_code == 404
        assert second.get(f"/api/profiles/{ana_profile}/export").status_code == 404
        assert ben.delete(f"/api/stories/{ana_story}").status_code == 404
        assert ben.delete(f"/api/profiles/{ana_profile}/consent").status_code == 404
        assert ben.post("/api/stories", {"profile_id": ana_profile, "theme": "farm", "hero": "dragon",
                                         "color": "red", "adjective": "brave"}).status_code == 404
        job = ana.make_story(ana_profile)
        assert second.get(f"/api/jobs/{job['id']}").status_code == 404
        assert first.get(f"/api/stories/{ana_story}").status_code == 200


def test_a_bundle_maker_that_breaks_marks_the_job_failed_with_a_friendly_message(tmp_path):
    def bundle_maker_that_always_breaks(choices, out_dir, seed=None, on_progress=None, on_page=None):
        raise RuntimeError("the painter dropped the brushes")

    with make_client(tmp_path, make_bundle=bundle_maker_that_always_breaks) as client:
        family = Family(client)
        family.sign_up("ana@example.org")
        job = family.wait_for(family.make_story(family.add_child("Mia"))["id"])
        assert job["state"] == "failed" and job["error"] == "Oh no, this story got stuck. Please try again!"
        assert "brushes" not in json.dumps(job)


def test_the_app_answers_while_a_story_is_being_made(tmp_path):
    from web_support import BundleMakerThatWaits

    maker = BundleMakerThatWaits()
    with make_client(tmp_path, make_bundle=maker) as client:
        family = Family(client)
        family.sign_up("ana@example.org")
        job = family.make_story(family.add_child("Mia"))
        assert maker.started.wait(10)
        assert client.get(f"/api/jobs/{job['id']}").json()["state"] == "running"
        assert client.get("/api/choices").status_code == 200
        maker.release()
        assert family.wait_for(job["id"])["state"] == "done"


def test_page_one_can_be_played_while_the_rest_of_the_story_is_being_made(tmp_path):
    from fastapi.testclient import TestClient

    from web_support import BundleMakerThatPausesAfterPageOne

    maker = BundleMakerThatPausesAfterPageOne()
    with make_client(tmp_path, make_bundle=maker) as client:
        family = Family(client)
        family.sign_up("ana@example.org")
        job = family.make_story(family.add_child("Mia"))
        assert maker.page_one_ready.wait(60)
        running = client.get(f"/api/jobs/{job['id']}").json()
        assert running["state"] == "running" and running["pages_ready"] == 1
        assert running["title"] == "Pip and the Lost Snail" and running["files_url"] == f"/api/jobs/{job['id']}/files/"
        page = running["pages"][0]
        assert page["index"] == 1 and page["words"] and page["text"].startswith("Pip")
        picture = client.get(running["files_url"] + page["picture"])
        assert picture.status_code == 200 and picture.headers["content-type"].startswith("image/svg+xml")
        assert client.get(running["files_url"] + page["audio"]).headers["content-type"] == "audio/ogg"
        # Page 2 is not announced yet, so none of its files is served, nor anything else.
        for name in ("scene-2.svg", "scene-2.ogg", "story.json", "..%2Ftaleweaver.db"):
            assert client.get(running["files_url"] + name).status_code == 404
        player = client.get(f"/play/job/{job['id']}")
        assert player.status_code == 200 and "Pip and the Lost Snail" in player.text

        stranger_client = TestClient(client.app, base_url="https://testserver")
        stranger = Family(stranger_client)
        stranger.sign_up("ben@example.org")
        assert stranger_client.get(f"/api/jobs/{job['id']}/files/{page['picture']}").status_code == 404
        assert stranger_client.get(f"/play/job/{job['id']}").status_code == 404

        maker.release()
        done = family.wait_for(job["id"])
        assert done["state"] == "done" and done["pages_ready"] == 5
        assert client.get(done["files_url"] + page["picture"]).status_code == 200  # now from the saved bundle
