"""The revision store: immutable revisions of drafts, content-addressed, in SQLite (embedded default)."""

from charter.store.service import DEFAULT_DB, DraftInfo, RevisionInfo, SaveResult, Store, check_name

__all__ = ["DEFAULT_DB", "DraftInfo", "RevisionInfo", "SaveResult", "Store", "check_name"]
