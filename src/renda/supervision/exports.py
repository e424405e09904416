"""The annual filing-review report (备案审查工作情况报告, 监督法 第四十五条) as an official .docx (GB/T 9704)."""

from __future__ import annotations

from django.utils import timezone

from renda.core.documents import OfficialDocument
from renda.core.numerals import to_chinese


def filing_annual_docx(congress, stats: dict) -> bytes:
    year = stats["year"]
    t = stats["totals"]
    r = stats["requests"]
    doc = OfficialDocument(
        title=f"关于{year}年度规范性文件备案审查工作情况的报告",
        addressee=congress.standing_committee_name,
    )
    doc.paragraph(
        f"根据《中华人民共和国各级人民代表大会常务委员会监督法》第四十五条的规定，现将{year}年度规范性文件"
        "备案审查工作情况报告如下。"
    )
    doc.heading("一、备案工作情况", level=1)
    doc.paragraph(
        f"{year}年，共收到报送备案的规范性文件{t['filed'] or 0}件，其中逾期报送{t['late'] or 0}件。"
        "各制定机关报送情况见下表。"
    )
    doc.table(["制定机关", "报送件数", "其中逾期"],
              [[row["label"], str(row["n"]), str(row["late"])] for row in stats["by_filer"]] or [["—", "0", "0"]])
    doc.heading("二、审查工作情况", level=1)
    doc.paragraph(
        f"全年完成审查{t['reviewed'] or 0}件，其中未发现问题{t['passed'] or 0}件，发现问题{t['problems'] or 0}件；"
        f"经沟通制定机关已纠正{t['corrected'] or 0}件，依法予以撤销{t['revoked'] or 0}件，"
        f"正在督促纠正{t['pending_correction'] or 0}件。"
    )
    for n, d in enumerate(stats["problem_docs"], start=1):
        grounds = "；".join(d.ground_labels()) or "其他不适当情形"
        doc.paragraph(f"{d.review_opinion or ''}（不适当情形：{grounds}；处理情况：{d.get_status_display()}）",
                      bold_lead=f"（{to_chinese(n)}）《{d.title}》。")
    doc.heading("三、审查建议办理情况", level=1)
    doc.paragraph(
        f"全年收到公民、组织提出的审查建议{r['received'] or 0}件，其中通过门户网站提出{r['from_portal'] or 0}件；"
        f"受理审查{r['accepted'] or 0}件，移送有关机关{r['transferred'] or 0}件，不予受理{r['not_accepted'] or 0}件，"
        f"已向提出人反馈审查结果{r['concluded'] or 0}件。"
    )
    doc.heading("四、下一步工作", level=1)
    doc.paragraph("坚持有件必备、有备必审、有错必纠，进一步健全备案审查衔接联动机制，提高备案审查工作质量。")
    doc.signature(f"{congress.standing_committee_name}法制工作委员会", timezone.localdate())
    return doc.to_bytes()
