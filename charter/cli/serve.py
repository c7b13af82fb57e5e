"""`charter serve` and `charter demo`: start the browser editor, seed the demo draft."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from charter.access.accounts import has_users
from charter.access.roles import Role
from charter.cli.common import Context, say
from charter.drafting.demo import DEMO_NAME, ensure_demo
from charter.errors import CharterError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
APP = Path(__file__).resolve().parent.parent.parent / "ui" / "app.py"


def register(commands: Any) -> None:
    """Add the `serve` and `demo` commands."""
    serve = commands.add_parser("serve", help="start the browser editor")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(handler=serve_app, needs=Role.ADMIN)
    demo = commands.add_parser("demo", help="create the demo draft if the database holds no drafts")
    demo.set_defaults(handler=seed_demo, needs=Role.EDITOR)


def seed_demo(args: argparse.Namespace, ctx: Context) -> int:
    created = ensure_demo(ctx.store, ctx.library)
    say(f"created the demo draft '{DEMO_NAME}'" if created else "the database already holds drafts; nothing to do")
    return 0


def serve_app(args: argparse.Namespace, ctx: Context) -> int:
    if args.host not in LOOPBACK and not has_users(ctx.store):
        raise CharterError(
            f"refusing to serve on {args.host}: with no users the app is a local single-user tool; "
            "add users with `charter user add` first, or serve on 127.0.0.1"
        )
    if ensure_demo(ctx.store, ctx.library):
        say(f"created the demo draft '{DEMO_NAME}' in {ctx.store.path}")
    env = dict(os.environ, CHARTER_DB=str(Path(ctx.store.path).resolve()))
    if ctx.library_dir:
        env["CHARTER_LIBRARY"] = str(Path(ctx.library_dir).resolve())
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        args.host,
        "--server.port",
        str(args.port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    say(f"charter: serving {ctx.store.path} at http://{args.host}:{args.port}", flush=True)
    try:
        # run from the project folder so Streamlit finds .streamlit/config.toml (theme, upload cap)
        return subprocess.call(command, env=env, cwd=APP.parent.parent)
    except KeyboardInterrupt:
        return 0
