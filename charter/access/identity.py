"""Organisational sign-in: the charter user an OpenID Connect identity stands for.

The rule: an identity is the charter user whose recorded e-mail address (`charter user add NAME
--email E`, or `charter user link NAME --email E`) equals the identity's `email` claim, compared
in lower case. Names are never matched: a charter name is chosen locally, and a provider's
`preferred_username` need not be unique or stable. An address the provider marks unverified
(`email_verified: false`) matches nobody. The user keeps their role and areas, and the session
stamp (accounts.session_stamp) ends the session when the user is removed, changed or unlinked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from charter.access.accounts import check_email, user_from_row, write_audit
from charter.access.roles import User
from charter.errors import CharterError, PermissionDenied

if TYPE_CHECKING:
    from charter.store import Store

#: The end of every refusal: only an administrator can link an identity to a charter user.
ASK_AN_ADMINISTRATOR = "ask an administrator to add you"


def user_for_identity(
    store: Store, issuer: str, subject: str, email: str | None, email_verified: bool | None = None
) -> User:
    """Return the charter user for an identity from `issuer`, recording the sign-in in the audit log.

    Raise PermissionDenied, also recorded, when the identity has no (verified) e-mail address or no
    charter user has that address.
    """
    issuer, subject = str(issuer or "")[:200], str(subject or "")[:200]
    shown = str(email or "").strip()[:200]
    address: str | None = None
    if shown and email_verified is not False:
        try:
            address = check_email(shown)
        except CharterError:
            address = None
    row = None
    if address is not None:
        with store.backend.read() as tx:
            name = tx.user_by_email(address)
            row = tx.user(name) if name is not None else None
    source = f"{issuer} (subject {subject})" if subject else issuer
    if row is None:
        if not shown:
            reason = "your organisation's sign-in gave no e-mail address"
        elif email_verified is False:
            reason = f"your organisation has not verified the e-mail address {shown}"
        else:
            reason = f"no charter user has the organisational address {shown}"
        _record(store, shown or subject or "(unknown identity)", "login-refused", "", f"{shown} from {source}")
        raise PermissionDenied(f"{reason}; {ASK_AN_ADMINISTRATOR}")
    _record(store, row[0], "login-organisation", row[0], f"{address} from {source}")
    return user_from_row(row)


def _record(store: Store, user: str, action: str, target: str, detail: str) -> None:
    # a read-only database records nothing, as with password sign-ins
    if store.read_only:
        return
    with store.backend.write() as tx:
        write_audit(tx, user, action, target, detail)
