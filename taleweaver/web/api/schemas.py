"""Request and response models of the API: typed at the edge, with clear 422 answers.

Every request model forbids extra fields, so a client cannot slip free text in anywhere. The
child's story request takes only catalog ids; the OpenAPI document lists them as enums.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from taleweaver.catalog import allowed_ids, require_choice


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _choice_field(kind: str):
    return Field(description=f"a {kind} id from GET /api/choices", json_schema_extra={"enum": allowed_ids(kind)})


class StoryRequest(Strict):
    """What a child picks: four curated ids, and the profile the story is for."""

    profile_id: int = Field(gt=0)
    theme: str = _choice_field("theme")
    hero: str = _choice_field("hero")
    color: str = _choice_field("color")
    adjective: str = _choice_field("adjective")

    @field_validator("theme", "hero", "color", "adjective", mode="before")
    @classmethod
    def _curated_only(cls, value, info):
        # The message names the allowed ids (from taleweaver.catalog, the one place they live).
        return require_choice(info.field_name, value).id


class CatalogItem(BaseModel):
    id: str
    name: str
    description: str
    emoji: str
    hex: str | None = None
    picture_url: str | None = Field(None, description="the tile's picture (OpenMoji SVG), when there is one")


class ChoicesOut(BaseModel):
    theme: list[CatalogItem]
    hero: list[CatalogItem]
    color: list[CatalogItem]
    adjective: list[CatalogItem]


class ParentOut(BaseModel):
    id: int
    email: str


class SessionOut(BaseModel):
    csrf_token: str = Field(description="send as the X-CSRF-Token header with every POST, PUT and DELETE")
    parent: ParentOut | None
    gate_open: bool


class GateQuestionOut(BaseModel):
    question: str


class GateAnswer(Strict):
    answer: str = Field(max_length=10, description="the answer typed as digits")


class GateOut(BaseModel):
    gate_open_until: datetime


class Credentials(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)


class ProfileIn(Strict):
    display_name: str = Field(max_length=40, description="chosen by the parent; screened for safety")


class ProfileOut(BaseModel):
    id: int
    display_name: str
    has_consent: bool
    story_count: int


class ConsentTextOut(BaseModel):
    version: str
    sha256: str
    text: str


class ConsentIn(Strict):
    password: str = Field(max_length=200, description="the parent's password, typed again to sign")
    text_version: str = Field(max_length=20, description="the version of the consent text that was shown")


class ConsentOut(BaseModel):
    id: int
    profile_id: int
    text_version: str
    text_sha256: str
    method: str
    granted_at: datetime
    withdrawn_at: datetime | None


class WithdrawalOut(BaseModel):
    consent: ConsentOut | None
    stories_deleted: int


class JobOut(BaseModel):
    id: str
    profile_id: int
    state: str = Field(description="queued, running, done or failed")
    stage: str | None
    message: str | None
    done: int
    total: int
    scene: int | None
    error: str | None
    story_id: int | None
    choices: dict[str, str]
    title: str | None = Field(None, description="the story's title, once its first page is made")
    pages_ready: int = Field(0, description="pages that can be played already (0-5)")
    pages: list[dict] = Field(default_factory=list, description=(
        "the pages ready to play while the story is being made: text, picture, still, audio, narration, "
        "duration_s and word timings, file names relative to files_url"))
    files_url: str = Field(description="where the files of the pages being made are served")


class StoryOut(BaseModel):
    id: int
    profile_id: int
    title: str
    choices: dict[str, str]
    source: str
    created_at: datetime
    play_url: str
    files_url: str
