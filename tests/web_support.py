"""Shared helpers for the web tests (tests/test_web_*.py and tests/e2e/).

The real pipeline takes tens of seconds a story, so API tests inject
`make_bundle_with_handwritten_story`: it runs the real `create_story_bundle` (same atomic
folder, same story.json) but skips the story generator by handing it a story written here by
hand. The end-to-end test in tests/e2e/ uses the real pipeline.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from fastapi.testclient import TestClient

from taleweaver.contracts import Scene, Story
from taleweaver.pipeline import create_story_bundle
from taleweaver.web.app import create_app
from taleweaver.web.config import Settings

PASSWORD = "correct horse battery"

HANDWRITTEN_SCENES = [
    "Pip the little robot woke up in the morning and rolled to the window.",
    "Outside, the garden was full of purple flowers that sparkled in the sun.",
    "Pip found a tiny snail who could not find the way home.",
    "Together they followed a trail of shiny drops to a cozy leaf.",
    "The snail said thank you, and Pip rolled home with a happy hum.",
]


def handwritten_story(choices) -> Story:
    scenes = [Scene(index=i, text=text, keywords=[]) for i, text in enumerate(HANDWRITTEN_SCENES, start=1)]
    return Story(choices=choices, title="Pip and the Lost Snail", scenes=scenes, ranker_score=0.0,
                 source="corpus", notes=["hand-written in tests/web_support.py"])


def make_bundle_with_handwritten_story(choices, out_dir, seed=None, on_progress=None, on_page=None) -> Path:
    """The real create_story_bundle, given a hand-written story instead of generating one."""
    from taleweaver.contracts import Choices

    choices = choices if isinstance(choices, Choices) else Choices(**choices)
    return create_story_bundle(choices, out_dir, seed=seed, on_progress=on_progress, on_page=on_page,
                               story=handwritten_story(choices))


class BundleMakerThatWaits:
    """Wraps a bundle maker so a test decides when a job may finish (`release()`)."""

    def __init__(self, inner=make_bundle_with_handwritten_story):
        self.inner = inner
        self.started = threading.Event()
        self.may_finish = threading.Event()

    def release(self):
        self.may_finish.set()

    def __call__(self, choices, out_dir, seed=None, on_progress=None, on_page=None):
        self.started.set()
        if not self.may_finish.wait(30):
            raise TimeoutError("the test never released the job")
        return self.inner(choices, out_dir, seed=seed, on_progress=on_progress, on_page=on_page)


class BundleMakerThatPausesAfterPageOne:
    """The real pipeline (hand-written story) that stops after page 1 is made until the test
    calls `release()`: the job is then running with one page ready to play."""

    def __init__(self):
        self.page_one_ready = threading.Event()
        self.may_finish = threading.Event()

    def release(self):
        self.may_finish.set()

    def __call__(self, choices, out_dir, seed=None, on_progress=None, on_page=None):
        def heard(page, folder, title):
            on_page(page, folder, title)
            if page.index == 1:
                self.page_one_ready.set()
                if not self.may_finish.wait(30):
                    raise TimeoutError("the test never released the job")

        return make_bundle_with_handwritten_story(choices, out_dir, seed=seed, on_progress=on_progress, on_page=heard)


def make_client(data_dir: Path, make_bundle=make_bundle_with_handwritten_story, **settings) -> TestClient:
    """A TestClient over https (the session cookie is Secure) with a fresh data folder.
    Use it as a context manager so the app's start-up (migrations, worker) runs."""
    app = create_app(Settings.for_data_dir(data_dir, **settings), make_bundle=make_bundle)
    return TestClient(app, base_url="https://testserver")


class Family:
    """One browser of one family, driving the API as the pages do."""

    def __init__(self, client: TestClient):
        self.client = client
        self.csrf = client.get("/api/session").json()["csrf_token"]

    def refresh_csrf(self):
        self.csrf = self.client.get("/api/session").json()["csrf_token"]

    def post(self, path, json=None):
        return self.client.post(path, json=json, headers={"X-CSRF-Token": self.csrf})

    def delete(self, path):
        return self.client.delete(path, headers={"X-CSRF-Token": self.csrf})

    def open_gate(self):
        question = self.post("/api/parent-gate/question").json()["question"]
        left, right = map(int, re.findall(r"\d+", question))
        answer = self.post("/api/parent-gate", {"answer": str(left * right)})
        assert answer.status_code == 200, answer.text

    def sign_up(self, email):
        self.open_gate()
        answer = self.post("/api/accounts", {"email": email, "password": PASSWORD})
        assert answer.status_code == 201, answer.text
        self.csrf = answer.json()["csrf_token"]

    def add_child(self, name="Mia", consent=True) -> int:
        answer = self.post("/api/profiles", {"display_name": name})
        assert answer.status_code == 201, answer.text
        profile_id = answer.json()["id"]
        if consent:
            version = self.client.get("/api/consent-text").json()["version"]
            given = self.post(f"/api/profiles/{profile_id}/consent", {"password": PASSWORD, "text_version": version})
            assert given.status_code == 201, given.text
        return profile_id

    def make_story(self, profile_id, **choices) -> dict:
        picks = {"theme": "underwater", "hero": "mermaid", "color": "purple", "adjective": "silly"} | choices
        answer = self.post("/api/stories", {"profile_id": profile_id, **picks})
        assert answer.status_code == 202, answer.text
        return answer.json()

    def wait_for(self, job_id, timeout=30.0) -> dict:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.client.get(f"/api/jobs/{job_id}").json()
            if job["state"] in ("done", "failed"):
                return job
            time.sleep(0.1)
        raise TimeoutError(f"job {job_id} did not finish in {timeout} s")
