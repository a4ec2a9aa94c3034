"""Bundle folders on disk: `<stories dir>/<uid>/` holds one story's story.json and files.

The pipeline writes each bundle atomically (a hidden `.<uid>.partial-*` folder renamed into
place), so a folder named by a uid is always whole. Rows are created after the folder exists
and deleted before it is removed; a folder without a row is either a bundle the worker is
about to record, or one left by a crash, which `sweep_leftovers` removes at start.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

from taleweaver.pipeline import load_bundle

_UID = re.compile(r"[0-9a-f]{32}")
# A bundle's own files: simple names, no folders, no hidden files.
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}")


class BundleStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def folder(self, uid: str) -> Path:
        if not _UID.fullmatch(uid):
            raise ValueError(f"not a story uid: {uid!r}")
        return self.root / uid

    def exists(self, uid: str) -> bool:
        return (self.folder(uid) / "story.json").is_file()

    def file(self, uid: str, name: str) -> Path | None:
        """A file inside a bundle, or None: never a path outside the bundle folder."""
        if not _FILE_NAME.fullmatch(name) or ".." in name:
            return None
        path = self.folder(uid) / name
        return path if path.is_file() else None

    def file_in_making(self, uid: str, name: str) -> Path | None:
        """A file of a bundle still being made (its hidden `.<uid>.partial-*` work folder, see
        taleweaver/pipeline.py), or of the finished bundle once it is in place; None otherwise."""
        if not _FILE_NAME.fullmatch(name) or ".." in name:
            return None
        folder = self.folder(uid)  # checks the uid
        for partial in sorted(self.root.glob(f".{uid}.partial-*")):
            if (partial / name).is_file():
                return partial / name
        return self.file(uid, name) if folder.is_dir() else None

    def remove(self, uid: str) -> None:
        """Delete a bundle folder. It is first renamed to a hidden name, so it disappears at
        once even if removing many files is cut short."""
        folder = self.folder(uid)
        if not folder.exists():
            return
        doomed = self.root / f".{uid}.deleting"
        folder.rename(doomed)
        shutil.rmtree(doomed, ignore_errors=True)

    def sweep_leftovers(self, known_uids: set[str]) -> list[str]:
        """Remove half-written (`.partial-`), half-deleted and unrecorded folders; return their names."""
        removed = []
        for path in self.root.iterdir():
            recorded = path.name in known_uids
            if path.is_dir() and not recorded:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        return removed

    def zip_stories(self, stories: list[tuple[str, str]]) -> bytes:
        """A zip of bundles, one folder per story (`<nn>-<title>/`), each with a player page
        that works offline. `stories` is [(uid, title)]."""
        from taleweaver.player import player_files

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for number, (uid, title) in enumerate(stories, start=1):
                folder = self.folder(uid)
                if not folder.is_dir():
                    continue
                slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "story"
                prefix = f"{number:02d}-{slug}/"
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        archive.write(path, prefix + path.relative_to(folder).as_posix())
                if not (folder / "index.html").is_file():
                    for name, content in player_files(load_bundle(folder)).items():
                        archive.writestr(prefix + name, content)
        return buffer.getvalue()
