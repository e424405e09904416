"""Errors that reach the user in Chinese."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from renda.core.rules import Rule


class RuleViolation(Exception):
    """An action refused by a rule of the registry; the message names the rule and its legal basis."""

    status_code = 409

    def __init__(self, rule: Rule, detail: str = "") -> None:
        self.rule = rule
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        # A person reads the rule by its Chinese title and legal basis; its id stays in the API's `rule` field and in
        # the page's tooltip (and on /rules/).
        head = self.detail or "该操作不符合规定"
        return f"{head}。依据「{self.rule.title}」：{self.rule.statement}（{self.rule.basis_text}）"

    def as_dict(self) -> dict:
        return {
            "detail": self.message,
            "rule": self.rule.id,
            "rule_title": self.rule.title,
            "statement": self.rule.statement,
            "basis": self.rule.basis_text,
        }


class ConflictError(Exception):
    """Somebody else changed the record since it was read (optimistic locking)."""

    status_code = 409

    def __init__(self, message: str = "该记录已被他人修改，请刷新页面后重新提交。") -> None:
        self.message = message
        super().__init__(message)
