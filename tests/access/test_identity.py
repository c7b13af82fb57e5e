"""Organisational sign-in maps an OpenID Connect identity to the charter user with its e-mail address."""

from __future__ import annotations

import pytest

from charter.access import accounts
from charter.access.identity import user_for_identity
from charter.access.roles import Role, User
from charter.errors import CharterError, PermissionDenied
from charter.store import Store

ISSUER = "https://login.example.org"
PASSWORD = "correct horse battery"


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_store


def test_an_identity_is_the_user_with_its_e_mail_address_with_their_role_and_areas(store) -> None:
    accounts.add_user(store, "erin", "editor", None, "energy", email="Erin@Example.org")
    user = user_for_identity(store, ISSUER, "sub-1", "erin@EXAMPLE.org")
    assert user == User("erin", Role.EDITOR, ("energy",))
    entry = accounts.audit_log(store)[-1]
    assert (entry.user, entry.action, entry.target) == ("erin", "login-organisation", "erin")
    assert entry.detail == f"erin@example.org from {ISSUER} (subject sub-1)"


def test_an_identity_with_no_charter_user_is_refused_and_the_refusal_is_recorded(store) -> None:
    accounts.add_user(store, "ed", "editor", PASSWORD)
    with pytest.raises(PermissionDenied, match="no charter user has the organisational address ed@example.org; ask an"):
        user_for_identity(store, ISSUER, "sub-2", "ed@example.org")
    entry = accounts.audit_log(store)[-1]
    assert (entry.user, entry.action) == ("ed@example.org", "login-refused")


def test_names_are_never_matched_and_unverified_or_missing_addresses_match_nobody(store) -> None:
    accounts.add_user(store, "ed", "editor", PASSWORD, email="ed@example.org")
    with pytest.raises(PermissionDenied, match="not verified"):
        user_for_identity(store, ISSUER, "ed", "ed@example.org", email_verified=False)
    with pytest.raises(PermissionDenied, match="gave no e-mail address"):
        user_for_identity(store, ISSUER, "ed", None)
    assert user_for_identity(store, ISSUER, "x", "ed@example.org", email_verified=True).name == "ed"


def test_linking_an_address_ends_sessions_and_an_address_belongs_to_one_user(store) -> None:
    accounts.add_user(store, "ed", "editor", PASSWORD)
    accounts.add_user(store, "ann", "viewer", PASSWORD, email="ann@example.org")
    before = accounts.session_stamp(store, "ed")
    accounts.link_email(store, "ed", "ed@example.org")
    assert accounts.session_stamp(store, "ed") != before
    assert accounts.emails(store) == {"ann": "ann@example.org", "ed": "ed@example.org"}
    with pytest.raises(CharterError, match="already linked to user 'ann'"):
        accounts.link_email(store, "ed", "ANN@example.org")
    accounts.link_email(store, "ed", None)
    with pytest.raises(PermissionDenied):
        user_for_identity(store, ISSUER, "x", "ed@example.org")


def test_a_user_without_a_password_signs_in_only_through_their_organisation(store) -> None:
    with pytest.raises(CharterError, match="needs a password, or an e-mail address"):
        accounts.add_user(store, "nopass", "editor", None)
    accounts.add_user(store, "org", "editor", None, email="org@example.org")
    with pytest.raises(PermissionDenied, match="wrong name or password"):
        accounts.sign_in(store, "org", "")
    with pytest.raises(CharterError, match="has no password"):
        accounts.link_email(store, "org", None)


def test_only_admins_link_addresses(store) -> None:
    accounts.add_user(store, "ed", "editor", PASSWORD)
    with pytest.raises(PermissionDenied):
        accounts.link_email(store, "ed", "ed@example.org", by=User("ed", Role.EDITOR))
    with pytest.raises(CharterError, match="is not an e-mail address"):
        accounts.link_email(store, "ed", "not an address")
