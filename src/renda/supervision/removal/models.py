"""撤职案 (监督法 第八章, 第六十条至第六十二条): who may be removed, who may propose it, the person's defence and the
secret ballot, passed by more than half of all the standing committee's members."""

from __future__ import annotations

from django.db import models

from renda.core.models import CongressScoped, JointSigner, Organization, User


class RemovalStatus(models.TextChoices):
    DRAFTING = "drafting", "起草中"
    SUBMITTED = "submitted", "已提出"
    PLACED = "placed", "已提请常委会会议审议"
    NOT_PLACED = "not_placed", "主任会议决定不提请审议"
    INVESTIGATING = "investigating", "交调查委员会调查"
    ADOPTED = "adopted", "表决通过（决定撤职）"
    REJECTED = "rejected", "表决未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class RemovalProposer(models.TextChoices):
    ORGAN = "organ", "本级人民政府、监察委员会、人民法院或者人民检察院"
    CHAIRS_COUNCIL = "chairs_council", "主任会议"
    MEMBERS = "members", "常务委员会组成人员五分之一以上书面联名"


class RemovalPost(models.TextChoices):
    """The posts 第六十条 lists, and the kind of organ each belongs to."""

    VICE_HEAD = "vice_head", "人民政府副市长（个别副省长、自治区副主席、副州长、副县长、副区长）"
    GOV_MEMBER = "gov_member", "由常委会任命的人民政府其他组成人员"
    SUPERVISORY = "supervisory", "监察委员会副主任、委员"
    COURT = "court", "人民法院副院长、庭长、副庭长、审判委员会委员、审判员"
    INTERMEDIATE_COURT_PRESIDENT = "court_president", "中级人民法院院长"
    PROCURATORATE = "procuratorate", "人民检察院副检察长、检察委员会委员、检察员"
    BRANCH_PROCURATOR = "branch_procurator", "人民检察院分院检察长"


POST_ORGAN_KIND = {
    RemovalPost.VICE_HEAD: Organization.Kind.GOVERNMENT,
    RemovalPost.GOV_MEMBER: Organization.Kind.GOVERNMENT,
    RemovalPost.SUPERVISORY: Organization.Kind.SUPERVISORY_COMMISSION,
    RemovalPost.COURT: Organization.Kind.COURT,
    RemovalPost.INTERMEDIATE_COURT_PRESIDENT: Organization.Kind.COURT,
    RemovalPost.PROCURATORATE: Organization.Kind.PROCURATORATE,
    RemovalPost.BRANCH_PROCURATOR: Organization.Kind.PROCURATORATE,
}


class DefenceMode(models.TextChoices):
    WRITTEN = "written", "书面提出申辩意见（由主任会议决定印发会议）"
    AT_MEETING = "at_meeting", "在常委会会议上提出申辩意见"
    NONE = "none", "经告知，未提出申辩意见"


class RemovalCase(CongressScoped):
    title = models.CharField("案由", max_length=200)
    target_name = models.CharField("撤职对象", max_length=40)
    target_post = models.CharField("现任职务", max_length=120)
    post_kind = models.CharField("职务类别（监督法第六十条）", max_length=20, choices=RemovalPost.choices)
    target_organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="所在机关")
    proposer_kind = models.CharField("提案人", max_length=16, choices=RemovalProposer.choices)
    proposer_organ = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="提出撤职案的机关")
    reasons = models.TextField("撤职理由")
    materials = models.TextField("有关材料", blank=True)
    submitted_on = models.DateField("提出日期", null=True, blank=True)
    placed_on = models.DateField("主任会议决定提请审议日期", null=True, blank=True)
    meeting_title = models.CharField("审议的常委会会议", max_length=120, blank=True)
    meeting_date = models.DateField("会议日期", null=True, blank=True)
    defence_mode = models.CharField("申辩", max_length=12, choices=DefenceMode.choices, blank=True)
    defence_text = models.TextField("申辩意见", blank=True)
    defence_on = models.DateField("申辩日期", null=True, blank=True)
    defence_printed = models.BooleanField("书面申辩意见已印发会议", default=False)
    members_total = models.PositiveIntegerField("全体组成人员数", null=True, blank=True)
    votes_yes = models.PositiveIntegerField("赞成", null=True, blank=True)
    votes_no = models.PositiveIntegerField("反对", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("弃权", null=True, blank=True)
    votes_invalid = models.PositiveIntegerField("无效票", null=True, blank=True)
    voted_on = models.DateField("表决日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=RemovalStatus.choices, default=RemovalStatus.DRAFTING)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "撤职案"
        ordering = ["congress", "-created_at", "-id"]
        indexes = [models.Index(fields=["congress", "status"], name="sup_removal_status")]

    def __str__(self) -> str:
        return self.title


class RemovalSigner(JointSigner):
    case = models.ForeignKey(RemovalCase, on_delete=models.CASCADE, related_name="signers")

    class Meta:
        verbose_name = verbose_name_plural = "撤职案联名人"
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="sup_removal_signer_once")]
