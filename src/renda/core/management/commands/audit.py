"""`renda audit verify|checkpoint`: check the audit chains (and the witness outside the database); write a
signed checkpoint of every chain's head to the witness (renda.core.witness)."""

from django.core.management.base import BaseCommand, CommandError

from renda.core import audit, signing, witness


class Command(BaseCommand):
    help = ("审计记录：verify 校验审计链（并与数据库之外的见证检查点核对），报告被篡改、删除或插入的记录；"
            "checkpoint 将各审计链的链头签名（SM2）后追加写入见证文件。")
    # An operations command (cron, restore in an incident): no URL or model system checks on every run (about
    # 1.2 s of importing the whole URLconf); `renda check --deploy` runs them at deployment.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint"],
                            help="verify：校验审计链；checkpoint：写入审计检查点")
        parser.add_argument("--chain", type=int, default=None, help="只校验某个人大的审计链（人大编号）")

    def handle(self, *args, action, chain, **options):
        if action == "checkpoint":
            self._checkpoint()
            return
        try:
            state = witness.read()
        except signing.SigningError as exc:  # RENDA_SIGNING_TRUSTED_KEYS names a key that cannot be read
            raise CommandError(f"无法读取审计见证文件的签名公钥：{exc}") from None
        findings = audit.verify(chain, witness=state)
        self._witness_status(state)
        if not findings:
            self.stdout.write(self.style.SUCCESS("审计链完整：未发现篡改、删除或插入。"))
            return
        for f in findings:
            self.stderr.write(str(f))
        raise CommandError(f"审计链校验失败：发现 {len(findings)} 处问题。")

    def _witness_status(self, state: witness.WitnessState) -> None:
        if not state.configured:
            self.stdout.write(self.style.WARNING(
                "警告：未配置审计见证文件（RENDA_AUDIT_WITNESS），只能校验数据库内部的链条；"
                "末尾记录被删除并重置链头、整条链被删除都无法发现。"))
            return
        current = state.current
        if not current:
            self.stdout.write(self.style.WARNING(
                f"警告：见证文件 {state.path} 中还没有有效的审计检查点，末尾记录被删除无法发现；"
                "请运行 renda audit checkpoint。"))
            return
        latest = current[-1]
        since = f"，自 {current[0].label} 恢复数据起" if current[0].kind == "restore" else ""
        self.stdout.write(f"已与见证文件 {state.path} 中的 {len(current)} 个审计检查点核对{since}"
                          f"（最新：{latest.label}，{len(latest.chains)} 条审计链）。")

    def _checkpoint(self) -> None:
        try:
            cp = witness.write_checkpoint(kind="checkpoint", note="renda audit checkpoint")
        except witness.WitnessError as exc:
            raise CommandError(str(exc)) from None
        records = sum(p.seq for p in cp.chains.values())
        self.stdout.write(self.style.SUCCESS(
            f"审计检查点已写入 {witness.witness_path()}（{cp.label}）：{len(cp.chains)} 条审计链，共 {records} 条记录。"))
