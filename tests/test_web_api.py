"""The web API at its edges: curated ids only, CSRF, cookies, the parent gate, passwords,
request limits and the OpenAPI document. Stories are made by the real bundle writer with a
hand-written story (see tests/web_support.py)."""

import pytest

from web_support import PASSWORD, Family, make_client


@pytest.fixture()
def client(tmp_path):
    with make_client(tmp_path) as c:
        yield c


def test_choices_are_the_catalog_with_names_and_pictures(client):
    choices = client.get("/api/choices").json()
    assert set(choices) == {"theme", "hero", "color", "adjective"}
    underwater = next(item for item in choices["theme"] if item["id"] == "underwater")
    assert underwater["name"] == "Under the Sea" and underwater["emoji"]
    assert all(item["hex"] for item in choices["color"])


def test_openapi_lists_the_curated_ids_as_the_only_allowed_values(client):
    spec = client.get("/openapi.json").json()
    fields = spec["components"]["schemas"]["StoryRequest"]["properties"]
    assert "underwater" in fields["theme"]["enum"] and "hell" not in fields["theme"]["enum"]
    assert spec["components"]["schemas"]["StoryRequest"]["additionalProperties"] is False
    assert "/api/jobs/{job_id}/events" in spec["paths"]


def test_docs_page_is_readable_offline_without_any_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "POST /api/stories" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text


def test_unknown_theme_gets_422_naming_the_allowed_values(client):
    family = Family(client)
    family.sign_up("ana@example.org")
    profile = family.add_child()
    answer = family.post("/api/stories", {"profile_id": profile, "theme": "haunted_house", "hero": "mermaid",
                                          "color": "purple", "adjective": "silly"})
    assert answer.status_code == 422
    assert "haunted_house" in answer.json()["message"]
    assert "allowed: underwater, enchanted_forest" in answer.json()["message"]


def test_free_text_cannot_ride_along_with_a_story_request(client):
    family = Family(client)
    family.sign_up("ana@example.org")
    profile = family.add_child()
    answer = family.post("/api/stories", {"profile_id": profile, "theme": "underwater", "hero": "mermaid",
                                          "color": "purple", "adjective": "silly", "prompt": "a scary ghost"})
    assert answer.status_code == 422
    assert "prompt" in answer.json()["message"]


def test_post_without_the_csrf_header_is_refused(client):
    Family(client)  # a session exists
    answer = client.post("/api/parent-gate/question")
    assert answer.status_code == 403
    assert "X-CSRF-Token" in answer.json()["detail"]
    wrong = client.post("/api/parent-gate/question", headers={"X-CSRF-Token": "not-the-token"})
    assert wrong.status_code == 403


def test_session_cookie_is_secure_http_only_and_same_site_strict(tmp_path):
    with make_client(tmp_path) as client:
        header = client.get("/api/session").headers["set-cookie"].lower()
    assert "httponly" in header and "secure" in header and "samesite=strict" in header


def test_signing_in_gives_a_new_session_token(client):
    family = Family(client)
    before = client.cookies.get("tw_session")
    family.sign_up("ana@example.org")
    assert client.cookies.get("tw_session") != before


def test_parent_area_is_closed_until_the_gate_question_is_answered(client):
    family = Family(client)
    answer = family.post("/api/accounts", {"email": "ana@example.org", "password": PASSWORD})
    assert answer.status_code == 403
    assert "grown-ups" in answer.json()["detail"]


def test_a_wrong_gate_answer_uses_the_question_up(client):
    family = Family(client)
    question = family.post("/api/parent-gate/question").json()["question"]
    assert "×" in question
    assert family.post("/api/parent-gate", {"answer": "1"}).status_code == 403
    assert family.post("/api/parent-gate", {"answer": "1"}).status_code == 403  # no second guess
    assert family.post("/api/parent-gate", {"answer": "forty"}).status_code == 422


def test_password_is_stored_as_an_argon2id_hash(client):
    from sqlalchemy import select

    from taleweaver.web.models import Parent

    Family(client).sign_up("ana@example.org")
    with client.app.state.db_sessions() as db:
        stored = db.scalars(select(Parent.password_hash)).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_wrong_passwords_are_rate_limited_even_for_the_right_one_after(client):
    Family(client).sign_up("ana@example.org")
    client.cookies.clear()
    family = Family(client)
    family.open_gate()
    for _ in range(5):
        assert family.post("/api/login", {"email": "ana@example.org", "password": "wrong password"}).status_code == 401
    blocked = family.post("/api/login", {"email": "ana@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "wait 15 minutes" in blocked.json()["detail"]


def test_short_password_is_refused_with_the_rule(client):
    family = Family(client)
    family.open_gate()
    answer = family.post("/api/accounts", {"email": "ana@example.org", "password": "short"})
    assert answer.status_code == 422 and "10 to 200 characters" in answer.json()["detail"]


def test_oversized_body_is_refused_with_413(client):
    family = Family(client)
    answer = client.post("/api/parent-gate", content=b"{" + b" " * 20000 + b"}",
                         headers={"X-CSRF-Token": family.csrf, "Content-Type": "application/json"})
    assert answer.status_code == 413


def test_form_encoded_body_is_refused_with_415(client):
    family = Family(client)
    answer = client.post("/api/parent-gate", data={"answer": "12"}, headers={"X-CSRF-Token": family.csrf})
    assert answer.status_code == 415


def test_malformed_json_gets_a_4xx_with_a_message(client):
    family = Family(client)
    answer = client.post("/api/parent-gate", content=b"{not json",
                         headers={"X-CSRF-Token": family.csrf, "Content-Type": "application/json"})
    assert answer.status_code == 422 and answer.json()["message"]


def test_pages_send_a_content_security_policy_without_outside_sources(client):
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "http" not in policy
    assert page.headers["x-frame-options"] == "DENY"


def test_every_tile_has_a_picture_that_needs_no_emoji_font(client):
    choices = client.get("/api/choices").json()
    for item in choices["theme"] + choices["hero"] + choices["adjective"]:
        picture = client.get(item["picture_url"])
        assert picture.status_code == 200 and picture.headers["content-type"] == "image/svg+xml"
        assert picture.text.lstrip().startswith("<svg")
    assert client.get("/api/choices/theme/haunted_house/picture").status_code == 404
    assert "OpenMoji" in client.get("/").text  # the pictures are credited
