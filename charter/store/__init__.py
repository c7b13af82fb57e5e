"""The revision store: immutable revisions of drafts, content-addressed, in SQLite (embedded) or PostgreSQL."""

from charter.store.service import DraftInfo, RevisionInfo, RoundInfo, SaveResult, Store, check_name
from charter.store.sqlite import DEFAULT_DB

__all__ = ["DEFAULT_DB", "DraftInfo", "RevisionInfo", "RoundInfo", "SaveResult", "Store", "check_name"]
