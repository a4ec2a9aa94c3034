"""End-to-end fixtures: a real headless Chromium (Debian's, through Playwright) and the app
served by uvicorn in a thread on a free port, with its own temporary data folder."""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/web_support.py

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems  # JavaScript errors, checked by tests that care
    yield page
    context.close()


@pytest.fixture()
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class LiveServer:
    """The app on http://127.0.0.1:<free port>, until stop()."""

    def __init__(self, data_dir: Path, make_bundle=None, **settings):
        import uvicorn

        from taleweaver.web.app import create_app
        from taleweaver.web.config import Settings

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.settings = Settings.for_data_dir(data_dir, port=self.port, **settings)
        self.app = create_app(self.settings, make_bundle=make_bundle)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web app did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture()
def live_app(tmp_path):
    """A factory: live_app(make_bundle=...) starts a server that is stopped after the test."""
    servers = []

    def start(make_bundle=None, **settings) -> LiveServer:
        server = LiveServer(tmp_path / f"app{len(servers)}", make_bundle=make_bundle, **settings).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
