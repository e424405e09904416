"""Deputies (人大代表): here the person, the term and the delegation.

The full registry (composition, changes during the term, liaison) is built on this model later.
"""

from django.db import models

from renda.core.models import CongressScoped, Person, Term


class Delegation(CongressScoped):
    """A delegation (代表团) or constituency group at the congress session."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name="届")
    name = models.CharField("名称", max_length=60)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "代表团"
        ordering = ["congress", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_unique_name")]

    def __str__(self) -> str:
        return self.name


class Deputy(CongressScoped):
    class Status(models.TextChoices):
        SERVING = "serving", "在任"
        RESIGNED = "resigned", "辞职"
        REMOVED = "removed", "罢免"
        TERMINATED = "terminated", "资格终止"
        DECEASED = "deceased", "去世"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="deputyships", verbose_name="人员")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name="届")
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, verbose_name="代表团"
    )
    sector = models.CharField("界别/行业", max_length=40, blank=True)
    occupation = models.CharField("职业", max_length=80, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SERVING)

    class Meta:
        verbose_name = verbose_name_plural = "代表"
        ordering = ["congress", "delegation", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "person"], name="deputy_unique_per_term")]
        indexes = [models.Index(fields=["congress", "term", "status"], name="deputy_term_status")]

    def __str__(self) -> str:
        return self.person.name
