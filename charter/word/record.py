"""The audit entry a Word export leaves: who wrote which draft, which revision(s), how, and to what file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from charter.word.export import revision_label

if TYPE_CHECKING:
    from charter.store import Store

#: The audit action of every Word export, charter or redline.
EXPORT = "export"


def record_export(
    store: Store,
    user: str,
    name: str,
    revision: int | None,
    *,
    clean: bool,
    file_name: str | None = None,
    language: str | None = None,
) -> None:
    """Record in the audit log that `user` exported a revision of draft `name`, e.g. 'revision 4, draft mode'.

    The original in another language adds its code: 'revision 4, draft mode, az original'.
    """
    detail = f"{revision_label(revision)}, {'clean' if clean else 'draft'} mode"
    _record(store, user, name, f"{detail}, {language} original" if language else detail, file_name)


def record_bilingual(store: Store, user: str, name: str, revision: int | None, *, file_name: str | None = None) -> None:
    """Record in the audit log that `user` exported draft `name`'s bilingual table: 'revision 4, bilingual'."""
    _record(store, user, name, f"{revision_label(revision)}, bilingual", file_name)


def record_print(
    store: Store, user: str, name: str, revision: int | None, kind: str, *, file_name: str | None = None
) -> None:
    """Record in the audit log that `user` printed a revision of draft `name`: 'revision 4, joint negotiating text'."""
    from charter.word.negotiation import PRINTS

    _record(store, user, name, f"{revision_label(revision)}, {PRINTS.get(kind, kind)}", file_name)


def record_redline(
    store: Store,
    user: str,
    name: str,
    from_rev: int,
    to_rev: int,
    *,
    file_name: str | None = None,
    language: str | None = None,
) -> None:
    """Record in the audit log that `user` exported the redline of draft `name`, e.g. 'redline 2 to 4' ('..., az')."""
    detail = f"redline {from_rev} to {to_rev}"
    _record(store, user, name, f"{detail}, {language}" if language else detail, file_name)


def _record(store: Store, user: str, name: str, detail: str, file_name: str | None) -> None:
    store.audit(user, EXPORT, name, f"{detail}, {file_name}" if file_name else detail)
