"""Access control: roles, per-area editing rights, accounts and the audit log."""

from charter.access.roles import Role, User, check_edit, parse_areas, require

__all__ = ["Role", "User", "check_edit", "parse_areas", "require"]
