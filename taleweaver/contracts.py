"""Typed contracts that flow through the pipeline. Later stages import these; `story.json`
carries them with SCHEMA_VERSION so old bundles stay readable.

Choices ─► StoryPlan ─► Story (title + five Scenes, each with its plan keywords)
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from taleweaver.catalog import require_choice

SCHEMA_VERSION = "1.0"
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
    chosen: bool = False
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
    source: Literal["generated", "corpus"] = "generated"
    seed: int | None = None
    plan: StoryPlan | None = None
    candidates: list[CandidateReport] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(scene.text for scene in self.scenes)
