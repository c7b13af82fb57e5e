"""Organisational sign-in end to end: Chromium, `charter serve` and a real OpenID Connect provider on 127.0.0.1.

The provider is the oidc-provider package from the npm registry (tests/e2e/oidc/provider.mjs, pinned
by package-lock.json), run by Node.js; its development sign-in page takes any login name, and the
account NAME has the verified address NAME@example.org. Nothing is mocked: Streamlit's `st.login`
talks to it through its discovery document, exactly as it would to an organisation's provider.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter.drafting.demo import DEMO_NAME, ensure_demo
from charter.library import load_library
from charter.store import Store
from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    fill_editor,
    free_port,
    require_chromium,
    screenshot,
    serve_process,
    settled,
    wait_idle,
)
from tests.e2e.programs import missing, need
from tests.e2e.test_session_revocation import charter

pytestmark = pytest.mark.e2e

PROVIDER = Path(__file__).parent / "oidc"
REFUSAL = "ask an administrator to add you"


def installed_provider() -> Path:
    """Return the provider script, installing oidc-provider from package-lock.json first when it is missing."""
    node = need("node")
    if not (PROVIDER / "node_modules" / "oidc-provider").is_dir():
        npm = need("npm")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(PROVIDER)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            missing(f"npm ci could not install oidc-provider into {PROVIDER}: {done.stderr.strip()[-500:]}")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    major = int(version.lstrip("v").split(".")[0])
    if major < 20:
        missing(f"oidc-provider 9 needs Node.js 20 or later, not {version}")
    return PROVIDER / "provider.mjs"


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the OpenID provider did not start: {log.read_text()}")
        time.sleep(0.2)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Yield the URL of `charter serve` signing in through a real OpenID provider, and its database.

    The database has an admin with a password and the editor `ed`, who has no password and is
    linked to the organisational address ed@example.org.
    """
    require_chromium()
    script = installed_provider()
    app_port, provider_port = free_port(), free_port()
    app = f"http://127.0.0.1:{app_port}"
    issuer = f"http://127.0.0.1:{provider_port}"
    log_path = tmp_path / "provider.log"
    with open(log_path, "w") as log:
        provider = subprocess.Popen(
            [need("node"), str(script), str(provider_port), app], stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_for(f"{issuer}/.well-known/openid-configuration", provider, log_path)
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{app}/oauth2callback"\n'
            f'cookie_secret = "{os.urandom(24).hex()}"\n'
            'client_id = "charter"\n'
            'client_secret = "charter-test-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
            # Streamlit asks for prompt=select_account by default, which oidc-provider does not offer
            'client_kwargs = { prompt = "login" }\n',
            encoding="utf-8",
        )
        db = tmp_path / "oidc.db"
        store = Store(db)
        ensure_demo(store, load_library())
        store.close()
        charter(db, "user", "add", "admin", "--role", "admin", "--password-stdin", stdin="AdminPass123!\n")
        charter(db, "user", "add", "ed", "--role", "editor", "--email", "ed@example.org", "--no-password")
        with serve_process(db, port=app_port, options=["--secrets", str(secrets)]) as (url, _process):
            yield url, db
    finally:
        provider.terminate()
        try:
            provider.wait(timeout=10)
        except subprocess.TimeoutExpired:
            provider.kill()


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def sign_in_at_the_provider(browser, url: str, login: str):  # type: ignore[no-untyped-def]
    """Open the app, choose organisational sign-in, log in and consent at the provider; return the page."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    button = page.get_by_role("button", name="Sign in with your organisation")
    button.wait_for(timeout=60_000)
    wait_idle(page)
    button.click()
    page.locator("input[name=login]").wait_for(timeout=30_000)
    screenshot(page, f"oidc-provider-login-{login}")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password: the development sign-in takes any")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click(timeout=30_000)  # the consent screen
    page.wait_for_url(f"{url}/**", timeout=30_000)
    return page


def audit(db: Path) -> list[dict[str, str]]:
    return list(json.loads(charter(db, "audit", "--json")))


def test_an_organisational_sign_in_maps_to_the_linked_editor_survives_a_reload_and_authors_the_save(
    served, browser
) -> None:
    url, db = served
    page = sign_in_at_the_provider(browser, url, "ed")
    page.get_by_text("Signed in as ed (editor)").first.wait_for(timeout=60_000)
    wait_idle(page)
    screenshot(page, "oidc-signed-in")

    page.reload()
    page.get_by_text("Signed in as ed (editor)").first.wait_for(timeout=60_000)
    wait_idle(page)
    assert page.get_by_role("heading", name="Sign in").count() == 0

    settled(page, page.get_by_role("button", name="Edit", exact=True).first).click()
    fill_editor(page, "A clause edited after an organisational sign-in.")
    message = page.get_by_label("Save message")
    settled(page, message).fill("Edit through organisational sign-in")
    message.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save revision").click()
    page.get_by_text("Saved revision").first.wait_for(timeout=30_000)
    screenshot(page, "oidc-saved")

    latest = json.loads(charter(db, "draft", "log", DEMO_NAME, "--json"))[-1]
    assert (latest["author"], latest["message"]) == ("ed", "Edit through organisational sign-in")
    signed = [e for e in audit(db) if e["action"] == "login-organisation"]
    assert signed and all(e["user"] == "ed" for e in signed)
    assert "ed@example.org from http://127.0.0.1:" in signed[-1]["detail"]

    # the same revocation as for passwords: a removed user loses access at the next rerun
    charter(db, "user", "remove", "ed")
    page.reload()
    page.get_by_text(REFUSAL).wait_for(timeout=60_000)
    assert page.get_by_text("Signed in as").count() == 0


def test_an_identity_with_no_charter_user_is_refused_and_sees_nothing_of_the_charter(served, browser) -> None:
    url, db = served
    page = sign_in_at_the_provider(browser, url, "mallory")
    # the page escapes user text for Markdown: a word joiner after "@" keeps the address from becoming a link
    page.get_by_text(
        re.compile(f"no charter user has the organisational address mallory@\u2060?example\\.org; {REFUSAL}")
    ).wait_for(timeout=60_000)
    wait_idle(page)
    screenshot(page, "oidc-refused")
    assert page.get_by_text("Signed in as").count() == 0
    assert page.get_by_role("button", name="Edit", exact=True).count() == 0
    assert page.get_by_role("button", name="Save revision").count() == 0
    assert page.get_by_text("Republic").count() == 0  # no charter text: the demo names its parties
    refused = [e for e in audit(db) if e["action"] == "login-refused"]
    assert refused and refused[-1]["user"] == "mallory@example.org"

    # signing out ends the provider's session too (its end_session page asks first), then comes back
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click(timeout=30_000)
    page.get_by_role("button", name="Sign in with your organisation").wait_for(timeout=60_000)
    assert page.get_by_text(REFUSAL).count() == 0
