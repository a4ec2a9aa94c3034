"""The curated catalog, the only things a child can pick, and its tile pictures.

    GET /api/choices                         every kind with ids, names, emoji and picture URLs
    GET /api/choices/{kind}/{id}/picture     the tile's picture (an OpenMoji SVG)
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from taleweaver.catalog import KINDS, UnknownChoiceError, entries, require_choice
from taleweaver.web.api.schemas import CatalogItem, ChoicesOut
from taleweaver.web.tile_pictures import tile_picture

router = APIRouter(tags=["choices"])


@router.get("/choices", response_model=ChoicesOut, summary="The curated choices a child picks from")
def list_choices() -> ChoicesOut:
    def item(entry) -> CatalogItem:
        url = f"/api/choices/{entry.kind}/{entry.id}/picture" if tile_picture(entry.emoji) else None
        return CatalogItem(id=entry.id, name=entry.name, description=entry.description, emoji=entry.emoji,
                           hex=entry.hex, picture_url=url)

    return ChoicesOut(**{kind: [item(entry) for entry in entries(kind)] for kind in KINDS})


@router.get("/choices/{kind}/{choice_id}/picture", summary="A tile's picture (OpenMoji, CC BY-SA 4.0)",
            response_class=FileResponse, responses={200: {"content": {"image/svg+xml": {}}}})
def choice_picture(kind: str, choice_id: str) -> FileResponse:
    if kind not in KINDS:
        raise HTTPException(404, f"kind must be one of {', '.join(KINDS)}")
    try:
        entry = require_choice(kind, choice_id)
    except UnknownChoiceError as error:
        raise HTTPException(404, str(error)) from None
    path = tile_picture(entry.emoji)
    if path is None:
        raise HTTPException(404, f"{kind} {choice_id!r} has no picture")
    return FileResponse(path, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
