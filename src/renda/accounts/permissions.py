"""Who may act on whose account. The user acts on their own (password, second factor); administrators
(role 系统管理员 or superuser) on the users of their congress, superusers on everyone; the operator's command
line (`renda unlock`, actor None) on everything."""

from __future__ import annotations

from renda.core.roles import Role


def is_account_admin(actor) -> bool:
    return actor is not None and (getattr(actor, "is_superuser", False) or getattr(actor, "role", "") == Role.ADMIN)


def can_manage_user(actor, user) -> bool:
    """Unlock, reset the second factor, require a new password."""
    if actor is None:
        return True
    if not is_account_admin(actor):
        return False
    return actor.is_superuser or user is None or user.congress_id == actor.congress_id


def can_unlock_addresses(actor) -> bool:
    """Locks by address (or all at once) concern every congress: superusers and the command line only."""
    return actor is None or getattr(actor, "is_superuser", False)
