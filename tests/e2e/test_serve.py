"""`charter serve` is a server an operator can stop: SIGTERM leaves nothing running."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest

from tests.e2e.browser import serve_process

pytestmark = pytest.mark.e2e


def port_is_free(port: int) -> bool:
    """Return True when nothing listens on the port and a new server could bind it (as Streamlit does)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has ended; only its exit status is left for the parent to collect
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def test_sigterm_stops_the_server_and_frees_its_port_within_five_seconds(tmp_path: Path) -> None:
    with serve_process(tmp_path / "serve.db") as (url, process):
        port = int(url.rsplit(":", 1)[1])
        pid = process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        assert not children.exists() or not children.read_text().split(), "serve runs Streamlit in its own process"
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (process.poll() is None or not port_is_free(port)):
            time.sleep(0.1)
        assert process.poll() is not None, "charter serve is still running 5 s after SIGTERM"
        assert not process_alive(pid)
        assert port_is_free(port), f"port {port} is still taken after SIGTERM"
