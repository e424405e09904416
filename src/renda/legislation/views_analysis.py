"""Pages of the comment analysis, the adoption decisions, the 意见汇总报告 and the feedback notice.

Thin like views.py: reads through selectors, writes through services. The progress fragment is polled by htmx
(`hx-trigger="every 2s"`) while a run is pending or running; when it has finished the fragment answers with
`HX-Refresh` so the page reloads with the results (no inline script).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core import history, http, kit, web
from renda.core.errors import RuleViolation
from renda.legislation import analysis as glue
from renda.legislation import exports, selectors, services
from renda.legislation import permissions as perms
from renda.legislation.forms import DecisionForm, NoticeForm
from renda.legislation.models import AnalysisStatus, NoticeStatus
from renda.legislation.views import _form_page


@login_required
def analysis_page(request, pk: int):
    """Staff page of a version's comment analysis: start, progress, charts, clusters, decisions per article."""
    user = request.user
    version = selectors.comments_version_for(user, pk)
    bill = version.bill
    latest = selectors.latest_analysis(version)
    done = selectors.latest_done_analysis(version)  # with its summary; may be older than `latest`
    summary = done.summary if done is not None else None
    chosen = selectors.decisions(version)
    provisions = []
    if summary:
        for p in summary["provisions"]:
            provisions.append({**p, "decision": chosen.get(p["eid"]),
                               "top_campaign": max((c["share"] for c in p.get("campaigns", [])), default=0)})
    return render(request, "legislation/analysis.html", {
        "version": version, "bill": bill, "latest": latest, "done": done, "summary": summary,
        "provisions": provisions, "chart": glue.chart_data(summary) if summary else None,
        "campaigns": [c for c in summary["clusters"] if c["campaign"]] if summary else [],
        "clusters": [c for c in summary["clusters"] if not c["campaign"]][:30] if summary else [],
        "min_campaign_size": (done.params or {}).get("min_campaign_size") if done else None,
        "can_start": perms.can_analyze_comments(user, bill),
        "can_decide": perms.can_decide_comments(user, bill),
        "can_notice": perms.can_manage_notices(user, bill),
        "notices": [n for n in selectors.notices(bill) if n.version_id == version.pk],
        "history": selectors.analyses(version),
    })


def _attempt(request, call):
    """`call()`'s result; None, with the rule's refusal or the bad input as a message, when it is refused."""
    try:
        return call()
    except (ValidationError, RuleViolation) as exc:
        messages.error(request, kit.validation_text(exc) if isinstance(exc, ValidationError) else exc.message)
        return None


@login_required
@require_POST
def analysis_start(request, pk: int):
    version = selectors.comments_version_for(request.user, pk)
    run = _attempt(request, lambda: services.comment_analysis_start(actor=request.user, version=version,
                                                                     force=bool(request.POST.get("force"))))
    if run is None:
        pass
    elif run.status == AnalysisStatus.DONE:
        messages.success(request, "分析已完成。")
    elif run.status == AnalysisStatus.FAILED:
        messages.error(request, run.error or "分析失败。")
    else:
        messages.info(request, "已开始分析，请稍候。")
    return redirect("legislation:analysis", pk=version.pk)


@login_required
def analysis_progress(request, pk: int):
    """The progress fragment, polled every 2 s while the run is pending or running."""
    run = selectors.analysis_for(request.user, pk)
    response = render(request, "legislation/_analysis_progress.html", {"run": run, "version": run.version})
    if not run.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
def decision_edit(request, pk: int):
    user = request.user
    version = selectors.comments_version_for(user, pk)
    bill = version.bill
    if not perms.can_decide_comments(user, bill):
        raise PermissionDenied("您没有记录意见采纳情况的权限。")
    eid = request.GET.get("article", request.POST.get("article", ""))
    refs = {r.eid: r for r in glue.provision_refs(version)}
    if eid not in refs:
        raise Http404("该文本中没有这一条。")
    ref = refs[eid]
    current = selectors.decisions(version).get(eid)
    initial = {"lock_version": current.lock_version if current else -1}
    if current:
        initial.update(outcome=current.outcome, main_opinions=current.main_opinions, reasons=current.reasons)
    form = DecisionForm(request.POST or None, initial=initial)

    def save(d):
        lock = d.get("lock_version")
        services.decision_save(actor=user, version=version, article_eid=eid, outcome=d["outcome"],
                               reasons=d["reasons"], main_opinions=d["main_opinions"],
                               lock_version=None if lock is None or lock < 0 else lock)
        return reverse("legislation:analysis", args=[version.pk]) + f"#p-{eid or 'all'}", f"已保存{ref.label}的采纳情况。"

    back = reverse("legislation:analysis", args=[version.pk])
    intro = ref.text[:200] if ref.text else "对草案的总体意见。"
    return _form_page(request, form, save, title=f"{ref.label}：意见采纳情况", bill=bill, back=back, intro=intro,
                      extra={"hidden": {"article": eid}})


def _report(request, pk: int, build, suffix: str, content_type: str):
    """The 意见汇总报告 of a version's last finished analysis as a file; none yet: back to the analysis, saying so."""
    version = selectors.comments_version_for(request.user, pk)
    report = selectors.comment_report(version)
    if report is None:
        messages.error(request, "请先完成意见分析，再导出意见汇总报告。")
        return redirect("legislation:analysis", pk=version.pk)
    return http.download(build(report), f"{version.bill.title}意见汇总报告-{version.pk}.{suffix}", content_type)


@login_required
def report_docx(request, pk: int):
    return _report(request, pk, exports.comment_report_docx, "docx", http.DOCX)


@login_required
def report_xlsx(request, pk: int):
    return _report(request, pk, exports.comment_report_xlsx, "xlsx", http.XLSX)


# ---- the feedback notice ------------------------------------------------------------------------------------------
@login_required
@require_POST
def notice_create(request, pk: int):
    version = selectors.comments_version_for(request.user, pk)
    notice = _attempt(request, lambda: services.notice_create(actor=request.user, version=version))
    if notice is None:
        return redirect("legislation:analysis", pk=version.pk)
    messages.success(request, "已根据采纳情况起草通报，请核改后公布。")
    return redirect("legislation:notice", pk=notice.pk)


@login_required
def notice_detail(request, pk: int):
    user = request.user
    notice = selectors.notice_for(user, pk)
    editable = notice.status == NoticeStatus.DRAFT and perms.can_manage_notice(user, notice)
    form = NoticeForm(request.POST or None, initial={"title": notice.title, "body": notice.body,
                                                     "lock_version": notice.lock_version})
    if request.method == "POST" and not editable:
        raise PermissionDenied("该通报不能修改。")

    def save(d):
        services.notice_update(actor=user, notice=notice, lock_version=d["lock_version"], title=d["title"],
                               body=d["body"])
        return reverse("legislation:notice", args=[notice.pk]), "已保存。"

    return web.form_view(request, form, save, lambda: render(request, "legislation/notice_detail.html", {
        "notice": notice, "bill": notice.bill, "form": form, "editable": editable,
        "history": history.for_user(user, notice),
    }))


def public_feedback(request, code: str, pk: int):
    """The anonymous page of one published notice; anything else is 404."""
    notice = selectors.public_feedback_notice(code, pk)
    return render(request, "legislation/public_feedback.html", {
        "notice": notice, "congress": notice.congress, "bill": notice.bill,
        "paragraphs": [p for p in notice.body.splitlines() if p.strip()],
    })
