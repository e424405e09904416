import pytest

UNITS = "单位编码,单位名称,主管部门编码,单位类型\n001,市水务局,,行政单位\n001001,市水文站,001,事业单位\n002,市教育局,,行政单位\n"
IND_HEAD = "年度,指标文号,单位编码,功能科目编码,经济科目编码,项目编码,项目名称,资金性质,指标类型,金额\n"
PAY_HEAD = "支付日期,支付凭证号,单位编码,功能科目编码,经济科目编码,项目编码,金额,收款人名称,支付方式,用途\n"


def csv_bytes(text: str, enc: str = "utf-8") -> bytes:
    return text.encode(enc)


@pytest.fixture
def budget_world(cast):
    from renda.budget import services

    services.import_file(actor=cast.clerk, congress=cast.congress, kind="units", data=csv_bytes(UNITS),
                         filename="units.csv")
    return cast
