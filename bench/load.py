"""Load: N browser sessions at once on a 300-clause draft, each opening the Draft page and saving one edit.

Prints the server's own time per script run (p50/p95, written by the app to $CHARTER_UI_TIMING),
separately from what the browser waits for, the bytes each page receives over the websocket
before the user scrolls, and how many saves were lost. Real Chromium, real `charter serve`.

    .venv/bin/python bench/load.py [--sessions 20] [--clauses 300]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.serving import (  # noqa: E402
    DRAFT_READY,
    NAME,
    median,
    percentile,
    served_draft,
    server_runs,
)
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, EDITOR, TEXT_LABEL  # noqa: E402


@dataclass
class Session:
    """What one browser session measured."""

    index: int
    ready: float = 0.0
    bytes_before_scroll: int = 0
    round_trip: float = 0.0
    saved: bool = False
    error: str = ""
    received: list[int] = field(default_factory=list)


async def wait_idle(page: Any) -> None:
    """Wait until Streamlit has finished the script run the last action started."""
    await page.wait_for_timeout(300)  # the run an action starts may not have shown itself yet
    await settled(page)


async def settled(page: Any) -> None:
    """Wait until no script run is going on; only after something the new run drew has been seen."""
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=120_000,
    )


async def open_draft(browser: Any, url: str, session: Session) -> Any:
    """Open the Draft page in a new browser context (a first visit: nothing cached); record when it is
    ready and the bytes received."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(300_000)  # twenty browsers on a small machine are slow to draw
    return await open_in(context, url, session)


async def open_in(context: Any, url: str, session: Session) -> Any:
    """Open the Draft page in a new tab of `context`; record when it is ready and the bytes received."""
    page = await context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", lambda data: session.received.append(len(data))))
    began = time.perf_counter()
    await page.goto(f"{url}/draft", timeout=300_000)
    await page.get_by_text(DRAFT_READY).first.wait_for(timeout=300_000)
    session.ready = time.perf_counter() - began  # the form at the end of the page is drawn
    await wait_idle(page)
    session.bytes_before_scroll = sum(session.received)
    return page


async def give_name(page: Any, session: Session) -> None:
    """Type the member's name in the sidebar, as a member does once before saving."""
    name = page.get_by_label("Your name")
    await name.fill(f"Member {session.index}")
    await name.press("Enter")
    await wait_idle(page)


async def edit_and_save(page: Any, session: Session, text: str) -> None:
    """Edit one clause from its own Edit button, then save; record the round trip."""
    began = time.perf_counter()
    await page.get_by_role("button", name="Edit", exact=True).nth(session.index).click()
    editor = page.locator(EDITOR)  # the clause's editor, drawn under it
    await editor.wait_for(timeout=120_000)
    await editor.get_by_label(TEXT_LABEL).fill(text)
    await editor.get_by_role("button", name="Done").click()
    await editor.wait_for(state="detached", timeout=120_000)
    # no fixed waits inside the timed part: each step waits for what it needs (Save waits until enabled)
    await page.get_by_label("Save message").fill(f"load session {session.index}")
    await page.get_by_role("button", name="Save revision").click()
    await page.get_by_text("Saved revision").first.wait_for(timeout=300_000)
    session.round_trip = time.perf_counter() - began
    session.saved = True


def text_of(index: int) -> str:
    return f"The Participants intend to hold load session {index} in good order."


async def warm_up(browser: Any, url: str, timing: Path) -> None:
    """Open the Draft page once and forget its timing: the server's first run imports and loads everything."""
    page = await open_draft(browser, url, Session(-1))
    await page.context.close()
    timing.write_text("", encoding="utf-8")


async def run_sessions(url: str, count: int, timing: Path) -> list[Session]:
    from playwright.async_api import async_playwright

    sessions = [Session(i) for i in range(count)]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await warm_up(browser, url, timing)

        async def one(session: Session) -> None:
            try:
                page = await open_draft(browser, url, session)
                await give_name(page, session)
                await edit_and_save(page, session, text_of(session.index))
            except Exception as err:  # a benchmark reports failures instead of stopping
                session.error = f"{type(err).__name__}: {str(err).splitlines()[0]}"

        await asyncio.gather(*(one(s) for s in sessions))
        await browser.close()
    return sessions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--clauses", type=int, default=300)
    args = parser.parse_args()
    with served_draft(args.clauses) as (url, store, timing):
        began = time.perf_counter()
        sessions = asyncio.run(run_sessions(url, args.sessions, timing))
        wall = time.perf_counter() - began
        texts = {c.text for c in store.load(NAME).clauses()}
        runs = server_runs(timing)
        draft_runs = server_runs(timing, "draft")
    reported = [s for s in sessions if s.saved]
    lost = [s.index for s in reported if text_of(s.index) not in texts]
    print(f"{args.sessions} browser sessions on a {args.clauses}-clause draft, all at once ({wall:.1f} s wall):")
    print(f"  server time per script run, all pages: p50 {median(runs) * 1000:.0f} ms, "
          f"p95 {percentile(runs, 0.95) * 1000:.0f} ms over {len(runs)} runs   (target p95 <= 1000 ms)")
    print(f"  server time per Draft page run:        p50 {median(draft_runs) * 1000:.0f} ms, "
          f"p95 {percentile(draft_runs, 0.95) * 1000:.0f} ms")
    ready = [s.ready for s in sessions if s.ready]
    print(f"  Draft page ready in the browser:       p50 {median(ready):.2f} s, p95 {percentile(ready, 0.95):.2f} s")
    sent = [s.bytes_before_scroll for s in sessions if s.ready]
    print(f"  received before scrolling:             median {median([float(b) for b in sent]) / 1024:.0f} KB"
          "   (target <= 200 KB)")
    trips = [s.round_trip for s in reported]
    print(f"  edit and save round trip:              p50 {median(trips):.2f} s, max {max(trips, default=0):.2f} s")
    print(f"  saves reported {len(reported)} of {len(sessions)}; lost {len(lost)}   (target 0 lost)")
    for session in sessions:
        if session.error:
            print(f"  session {session.index} failed: {session.error}")
    if lost:
        print(f"  LOST: sessions {lost}")


if __name__ == "__main__":
    main()
