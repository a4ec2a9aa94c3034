"""`python -m taleweaver.web`: serve the app on TALEWEAVER_HOST:TALEWEAVER_PORT (127.0.0.1:8000)."""

from __future__ import annotations

import sys

import uvicorn

from taleweaver.web.app import create_app
from taleweaver.web.config import Settings


def main() -> int:
    try:
        settings = Settings.from_env()
    except ValueError as error:
        sys.stderr.write(f"taleweaver web: error: {error}\n")
        return 2
    # The database URL may hold a password: show only what comes after the "@".
    where = settings.database_url.split("@")[-1] if "@" in settings.database_url else settings.database_url
    print(f"taleweaver: data {settings.data_dir}, database {where}, stories {settings.stories_dir}", flush=True)
    app = create_app(settings, ready_message=f"taleweaver is ready: open http://{settings.host}:{settings.port}/ "
                                             "in a browser (Ctrl+C stops it)")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
