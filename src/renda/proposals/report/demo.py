"""Demo: the draft report on this year's suggestions (代表法 第五十一条第三款), figures counted on the loading day."""

from __future__ import annotations

from renda.demo.clock import Y
from renda.proposals.report import services


def load(ctx) -> None:
    office = ctx.users["bangongting"]
    year = Y(2026)
    services.report_create(
        actor=office, year=year, title=f"关于{year}年市人民代表大会代表建议、批评和意见办理情况的报告（草稿）",
        text="市人民代表大会第一次会议以来，代表提出的建议、批评和意见已全部交办。各承办单位认真研究办理，"
             "与代表联系沟通，按期答复。现将办理情况报告如下。")
    ctx.say("已起草本年度代表建议办理情况报告（待向常委会报告、印发大会并公开）")
