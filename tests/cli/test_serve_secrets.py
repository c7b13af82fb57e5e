"""`charter serve --secrets FILE` hands the secrets file to Streamlit, and refuses one it could not use."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter.cli.serve import check_secrets, streamlit_command
from charter.errors import CharterError


def test_the_secrets_file_goes_to_streamlit_as_secrets_files(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "http://127.0.0.1:8501/oauth2callback"\ncookie_secret = "x"\n')
    command = streamlit_command("127.0.0.1", 8501, check_secrets(secrets))
    assert command[-2:] == ["--secrets.files", str(secrets.resolve())]
    assert "--secrets.files" not in streamlit_command("127.0.0.1", 8501)


def test_a_missing_or_broken_secrets_file_or_an_incomplete_auth_section_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CharterError, match="cannot read the secrets file"):
        check_secrets(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[auth\n")
    with pytest.raises(CharterError, match="is not TOML"):
        check_secrets(broken)
    partial = tmp_path / "partial.toml"
    partial.write_text('[auth]\nclient_id = "charter"\n')
    with pytest.raises(CharterError, match="needs redirect_uri and cookie_secret"):
        check_secrets(partial)


def test_serve_turns_off_streamlits_full_garbage_collection_after_every_script_run() -> None:
    command = streamlit_command("127.0.0.1", 8501)
    # a full collection after each run took 60-120 ms of every clause's redraw on a 300-clause draft
    assert command[command.index("--runner.postScriptGC") + 1] == "false"
    assert command[command.index("--runner.magicEnabled") + 1] == "false"
