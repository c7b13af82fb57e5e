"""The server's own time per script run, for the browser benchmarks, when $CHARTER_UI_TIMING names a file.

Each run is timed whole: the callbacks of the interaction that started it and the page or fragment it
draws. Streamlit offers no hook for that, so `install` wraps its script runner's run method; nothing
is wrapped unless the benchmark asks for it.
"""

from __future__ import annotations

import threading
import time
from typing import Any

_here = threading.local()


def install(path: str) -> None:
    """Append "<page or 'fragment'> <seconds>" to `path` after every script run from now on (once per process)."""
    from streamlit.runtime.scriptrunner import script_runner

    runner: Any = script_runner.ScriptRunner
    if getattr(runner, "_charter_timing", None) == path:
        return
    original = getattr(runner, "_charter_untimed", runner._run_script)

    def timed(self: Any, rerun_data: Any) -> None:
        _here.page = "fragment" if rerun_data.fragment_id_queue else "start"
        began = time.perf_counter()
        try:
            original(self, rerun_data)
        finally:
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"{_here.page} {time.perf_counter() - began:.6f}\n")

    runner._charter_untimed = original
    runner._run_script = timed
    runner._charter_timing = path


def name_page(url_path: str) -> None:
    """Record which page this run draws, for its line in the timing file."""
    _here.page = url_path or "start"
