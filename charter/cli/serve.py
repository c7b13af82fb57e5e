"""`charter serve` and `charter demo`: start the browser editor, seed the demo draft."""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from charter.access.levels import Role
from charter.cli.common import Context, say
from charter.errors import CharterError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(commands: Any) -> None:
    """Add the `serve` and `demo` commands."""
    serve = commands.add_parser("serve", help="start the browser editor")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--secrets",
        metavar="FILE",
        default=os.environ.get("CHARTER_SECRETS") or None,
        help="Streamlit secrets file whose [auth] section sets up organisational sign-in (default $CHARTER_SECRETS, "
        "else .streamlit/secrets.toml in the working folder)",
    )
    serve.set_defaults(handler=serve_app, needs=Role.ADMIN)
    demo = commands.add_parser("demo", help="create the demo draft if the database holds no drafts")
    demo.set_defaults(handler=seed_demo, needs=Role.EDITOR)


def seed_demo(args: argparse.Namespace, ctx: Context) -> int:
    from charter.drafting.demo import DEMO_NAME, ensure_demo

    created = ensure_demo(ctx.store, ctx.library)
    say(f"created the demo draft '{DEMO_NAME}'" if created else "the database already holds drafts; nothing to do")
    return 0


def serve_app(args: argparse.Namespace, ctx: Context) -> int:
    from charter.access.accounts import has_users
    from charter.drafting.demo import DEMO_NAME, ensure_demo

    if args.host not in LOOPBACK and not has_users(ctx.store):
        raise CharterError(
            f"refusing to serve on {args.host}: with no users the app is a local single-user tool; "
            "add users with `charter user add` first, or serve on 127.0.0.1"
        )
    if ctx.store.read_only:
        say(f"charter: {ctx.store.location} is read-only: the app shows it for reading and export only")
    elif ensure_demo(ctx.store, ctx.library):
        say(f"created the demo draft '{DEMO_NAME}' in {ctx.store.location}")
    where = ctx.store.path
    # a SQLite file is passed as an absolute path; a postgresql:// URL as given (with its password)
    env = dict(os.environ, CHARTER_DB=str(where.resolve()) if isinstance(where, Path) else str(where))
    if ctx.library_dir:
        env["CHARTER_LIBRARY"] = str(Path(ctx.library_dir).resolve())
    secrets = check_secrets(Path(args.secrets)) if args.secrets else None
    command = streamlit_command(args.host, args.port, secrets)
    say(f"charter: serving {ctx.store.location} at http://{args.host}:{args.port}", flush=True)
    ctx.store.close()
    # Streamlit replaces this process (same pid), so a SIGTERM from systemd, docker or a test
    # reaches the server itself and nothing is left running on the port.
    os.execve(sys.executable, command, env)
    return 0  # pragma: no cover - execve does not return


def check_secrets(path: Path) -> Path:
    """Return the secrets file as an absolute path; raise CharterError when it is missing or not TOML.

    Streamlit itself would start without it and only fail at the first sign-in, far from the cause.
    """
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise CharterError(f"{path}: cannot read the secrets file: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise CharterError(f"{path}: the secrets file is not TOML: {err}") from None
    auth = settings.get("auth")
    if auth is not None:
        missing = [key for key in ("redirect_uri", "cookie_secret") if not (isinstance(auth, dict) and auth.get(key))]
        if missing:
            raise CharterError(f"{path}: the [auth] section needs {' and '.join(missing)}")
    return path.resolve()


def streamlit_command(host: str, port: int, secrets: Path | None = None) -> list[str]:
    """Return the `streamlit run` command line for the app, with every bundled setting as a flag.

    `secrets` replaces Streamlit's own search (~/.streamlit/secrets.toml, then .streamlit/secrets.toml).
    """
    app = resources.files("ui").joinpath("app.py")
    settings = tomllib.loads(resources.files("ui").joinpath("streamlit.toml").read_text(encoding="utf-8"))
    flags: list[str] = []
    for section, values in settings.items():
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags += [f"--{section}.{key}", text]
    where = ["--server.address", host, "--server.port", str(port)]
    if secrets is not None:
        where += ["--secrets.files", str(secrets)]
    return [sys.executable, "-m", "streamlit", "run", str(app), *flags, *where]
