"""Helpers for the browser tests: a real `charter serve` on a temporary database, and Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.programs import missing

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip when Chromium or Playwright is missing, except in CI, where that is a failure."""
    absent = []
    if not Path(CHROMIUM).exists():
        absent.append(CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        absent.append("the playwright package")
    if absent:
        missing(f"browser tests need {', '.join(absent)}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(db: Path | str, logs: Path | None = None) -> Iterator[str]:
    """Run `charter serve` on `db`, as an operator would, and yield its URL; stop it with SIGTERM afterwards."""
    with serve_process(db, logs) as (url, _process):
        yield url


@contextmanager
def serve_process(
    db: Path | str,
    logs: Path | None = None,
    prefix: list[str] | None = None,
    env: dict[str, str] | None = None,
    python: str = sys.executable,
    port: int | None = None,
    options: list[str] | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run `charter serve` on `db` (a file or a URL); yield its URL and process once it answers its health check.

    `prefix` goes before `python -m charter` (e.g. setpriv, to serve as another user), with `env` as its environment;
    `options` go after `serve` (e.g. --secrets FILE), and `port` is a free one unless given.
    """
    port = port or free_port()
    env = dict(env if env is not None else os.environ, CHARTER_DB=str(db))
    env.pop("CHARTER_LIBRARY", None)
    folder = logs or Path(db).parent
    log_path = folder / f"streamlit-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115
    process = subprocess.Popen(
        [*(prefix or []), python, "-m", "charter", "--db", str(db), "serve", "--port", str(port), *(options or [])],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {log_path.read_text()}")
            time.sleep(0.3)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot to test-artifacts/browser/NAME.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_idle(page, timeout: float = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished the script run the last action started."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=timeout,
    )
    page.wait_for_timeout(200)


#: The clause editor, drawn under its clause (a bordered container keyed "editor-...").
EDITOR = '[class*="st-key-editor-"]'
#: The label of the clause editor's text box.
TEXT_LABEL = "Text (variables such as ${party_a} are filled in when shown)"


def settled(page, locator, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    """Return `locator` once exactly one element matches: mid-rerun Streamlit can show a stale copy too."""
    deadline = time.monotonic() + timeout
    while locator.count() != 1 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return locator


def fill_editor(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type a clause's text into its open editor and close it with Done."""
    editor = page.locator(EDITOR)
    editor.wait_for(timeout=30_000)
    settled(page, editor.get_by_label(TEXT_LABEL)).fill(text)
    editor.get_by_role("button", name="Done").click()  # what is still typed applies with Done
    editor.wait_for(state="detached", timeout=30_000)
    wait_idle(page)


def open_page(browser, url: str, name: str):  # type: ignore[no-untyped-def]
    """Return a new tab at `url` (in a context that accepts downloads) with the member's name given in the
    sidebar, as a member does in local mode before saving."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
    page.goto(url)
    page.get_by_text("Charter drafting assistant").first.wait_for(timeout=60_000)
    wait_idle(page)
    field = page.get_by_label("Your name")
    field.fill(name)
    field.press("Enter")
    wait_idle(page)
    return page
