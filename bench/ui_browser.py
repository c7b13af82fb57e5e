"""The browser editor in real Chromium on a 300-clause draft: open the Draft page, edit and save, compare.

Median of 5 rounds, one session. The server side comes from the app's own timing of each script
run ($CHARTER_UI_TIMING); the rest is the browser and the websocket.

    .venv/bin/python bench/ui_browser.py [--rounds 5] [--clauses 300]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import (  # noqa: E402
    Session,
    edit_and_save,
    give_name,
    open_draft,
    open_in,
    settled,
    text_of,
    warm_up,
)
from bench.serving import median, served_draft, server_runs  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


async def rounds(url: str, timing: Path, count: int) -> dict[str, list[float]]:
    from playwright.async_api import async_playwright

    figures: dict[str, list[float]] = {
        "open": [],
        "open again": [],
        "bytes": [],
        "round trip": [],
        "server": [],
        "compare": [],
    }
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await warm_up(browser, url, timing)
        # a member who has used the editor before: the browser holds Streamlit's files (cached as immutable)
        returning = await browser.new_context(viewport={"width": 1400, "height": 1000})
        await (await open_in(returning, url, Session(-1))).close()
        for index in range(count):
            again = Session(index)
            await (await open_in(returning, url, again)).close()
            figures["open again"].append(again.ready)
            session = Session(index)
            page = await open_draft(browser, url, session)
            figures["open"].append(session.ready)
            figures["bytes"].append(float(session.bytes_before_scroll))
            await give_name(page, session)  # before the round trip, as a member gives it once
            before = len(server_runs(timing))
            await edit_and_save(page, session, text_of(index))
            figures["round trip"].append(session.round_trip)
            # the server's share of the round trip: every script run the edit and the save caused
            figures["server"].append(sum(server_runs(timing)[before:]))
            began = time.perf_counter()
            await page.get_by_role("link", name="Compare", exact=True).click()
            await page.locator(".redline").first.wait_for(timeout=120_000)
            await settled(page)  # the redline is drawn by the Compare page's own run: wait for that run to end
            figures["compare"].append(time.perf_counter() - began)
            await page.context.close()
        await browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clauses", type=int, default=300)
    args = parser.parse_args()
    with served_draft(args.clauses) as (url, _store, timing):
        figures = asyncio.run(rounds(url, timing, args.rounds))
    print(f"browser editor on a {args.clauses}-clause draft, real Chromium, median of {args.rounds}:")
    print(f"  open the Draft page, first visit: {median(figures['open']):.2f} s   (target <= 1.5 s)")
    print(f"    in a new tab, files cached:     {median(figures['open again']):.2f} s")
    print(f"  received before scrolling:        {median(figures['bytes']) / 1024:.0f} KB   (target <= 200 KB)")
    print(f"  edit one clause and save:         {median(figures['round trip']):.2f} s   (target <= 1.5 s)")
    print(f"    of which server side:           {median(figures['server']) * 1000:.0f} ms   (target <= 300 ms)")
    print(f"  open Compare (the last two revisions): {median(figures['compare']):.2f} s   (target <= 1 s)")


if __name__ == "__main__":
    main()
