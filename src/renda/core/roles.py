"""The roles of the platform, in one place."""

from django.db import models


class Role(models.TextChoices):
    OFFICE = "office", "办公厅工作人员"
    COMMITTEE = "committee", "委员会工作人员"
    LEADER = "leader", "常委会领导"
    MEMBER = "member", "常委会组成人员"
    DEPUTY = "deputy", "人大代表"
    UNIT = "unit", "承办单位"
    ADMIN = "admin", "系统管理员"


# Staff roles see the internal work of their congress (drafts included).
STAFF_ROLES = frozenset({Role.OFFICE, Role.COMMITTEE, Role.LEADER, Role.ADMIN})
# Roles that may read everything of their congress.
READ_ALL_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN})
