"""Typed contracts that flow through the pipeline. Later stages import these; `story.json`
carries them with SCHEMA_VERSION so old bundles stay readable.

Choices ─► StoryPlan ─► Story (title + five Scenes, each with its plan keywords)
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from taleweaver.catalog import require_choice

SCHEMA_VERSION = "1.1"
SCENE_COUNT = 5


class Choices(BaseModel):
    """The child's four picks. Only catalog ids are accepted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    theme: str
    hero: str
    color: str
    adjective: str

    @field_validator("theme", "hero", "color", "adjective", mode="before")
    @classmethod
    def _must_be_in_catalog(cls, value, info):
        return require_choice(info.field_name, value).id


class ScenePlan(BaseModel):
    index: int = Field(ge=1, le=SCENE_COUNT)
    keywords: list[str]


class StoryPlan(BaseModel):
    """The planner's output: a few keywords for each of the five scenes."""

    choices: Choices
    scenes: list[ScenePlan] = Field(min_length=SCENE_COUNT, max_length=SCENE_COUNT)


class Scene(BaseModel):
    index: int = Field(ge=1, le=SCENE_COUNT)
    text: str
    keywords: list[str]


class CandidateReport(BaseModel):
    """What happened to one sampled candidate: kept, ranked lower, or rejected (and why)."""

    ranker_score: float | None = None
    keyword_coverage: float | None = None
    choices_shown: float | None = None  # share of the four choices visible in the text
    merit: float | None = None  # what selection maximizes (see story/generator.py)
    chosen: bool = False
    # Drafts are screened best first until one is safe (story/generator.py), so a draft
    # ranked below the chosen one may never be screened: then it is neither safe nor refused.
    screened: bool = False
    rejected_by: str | None = None
    reasons: list[str] = Field(default_factory=list)


class Story(BaseModel):
    """A finished, safety-screened story. `source` says honestly where the text came from:
    "generated" by the planner and writer, or a "corpus" story used as a fallback."""

    schema_version: str = SCHEMA_VERSION
    choices: Choices
    title: str
    scenes: list[Scene] = Field(min_length=SCENE_COUNT, max_length=SCENE_COUNT)
    ranker_score: float
    keyword_coverage: float | None = None  # share of plan keywords found in their scene
    rewritten_scenes: list[int] = Field(default_factory=list)  # scenes written again to hold their keywords
    source: Literal["generated", "corpus"] = "generated"
    seed: int | None = None
    plan: StoryPlan | None = None
    candidates: list[CandidateReport] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(scene.text for scene in self.scenes)


class SpokenWord(BaseModel):
    """A narrated word: `text[char_start:char_end]` of its page, spoken from `start` to `end` (s)."""

    word: str
    start: float
    end: float
    char_start: int
    char_end: int


class BundlePage(BaseModel):
    """What the player shows and plays for one scene; file names are relative to the bundle
    folder, and a file a stage did not make is None (the player then shows or plays less)."""

    index: int = Field(ge=1, le=SCENE_COUNT)
    text: str
    picture: str | None = None  # animated SVG
    still: str | None = None  # PNG
    audio: str | None = None  # the full mix: music, effects and narration
    narration: str | None = None  # the voice alone
    duration_s: float | None = None
    words: list[SpokenWord] = Field(default_factory=list)


class StoryBundle(BaseModel):
    """What a bundle folder's story.json holds: every stage's output, versioned. Stages that
    are not part of this bundle are named in `missing_stages`, so a reader never guesses."""

    schema_version: str = SCHEMA_VERSION
    story: Story
    pages: list[BundlePage] = Field(min_length=SCENE_COUNT, max_length=SCENE_COUNT)
    seed: int | None = None
    seconds: float | None = None  # time to make the whole bundle
    missing_stages: list[str] = Field(default_factory=list)
    credits: list[str] = Field(default_factory=list)
