"""The 修改 bill's pages through the statute engine: 生成修正后文本 (修正) and 生成修改决定草案 (修订)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from renda.core import http
from renda.legislation import amendment, selectors
from renda.legislation import permissions as perms


def _page(request, bill, ctx, status=200):
    return render(request, "legislation/amendment.html", {"bill": bill, **ctx}, status=status)


def _load(request, pk: int):
    user = request.user
    bill = selectors.bill_for(user, pk)
    if not perms.is_staff(user):
        raise PermissionDenied("只有常委会机关的工作人员可以使用修改决定工具。")
    versions = selectors.versions_for(user, bill)
    return bill, versions


@login_required
def amended_text(request, pk: int):
    bill, versions = _load(request, pk)
    ctx = {"mode": "amend", "title": "生成修正后文本", "choices": amendment.text_versions(bill, versions)}
    try:
        version = amendment.pick_version(bill, versions, request.GET.get("version"))
        ctx.update(version=version, plan=amendment.amended_texts(bill, version))
    except amendment.NotApplicable as exc:
        return _page(request, bill, {**ctx, "refusal": str(exc)}, status=400)
    return _page(request, bill, ctx)


@login_required
def draft_decision(request, pk: int):
    bill, versions = _load(request, pk)
    ctx = {"mode": "draft", "title": "生成修改决定草案", "choices": amendment.text_versions(bill, versions)}
    try:
        version = amendment.pick_version(bill, versions, request.GET.get("version"))
        out = amendment.draft_decision(bill, version)
    except amendment.NotApplicable as exc:
        return _page(request, bill, {**ctx, "refusal": str(exc)}, status=400)
    name = f"关于修改《{out.regulation.title}》的决定（草案）"
    fmt = request.GET.get("format") or ""
    if fmt == "txt":
        return http.download(out.text.encode("utf-8"), f"{name}.txt", "text/plain; charset=utf-8")
    if fmt == "docx":
        return http.download(amendment.decision_docx(name, out.text), f"{name}.docx", http.DOCX)
    ctx.update(version=version, draft=out)
    return _page(request, bill, ctx)
