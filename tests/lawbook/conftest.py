import datetime as dt

import pytest

from renda.lawbook import services
from renda.lawbook.models import RegulationKind

D = dt.date


def text(title: str, *articles: str) -> str:
    from renda.core.numerals import to_chinese

    return "\n".join([title, ""] + [f"第{to_chinese(n)}条 {a}" for n, a in enumerate(articles, start=1)])


WATER = text("甲市供水条例", "为了加强供水管理，制定本条例。", "城市管理行政执法部门负责监督检查。", "逾期缴费的，按日加收千分之三的违约金。",
             "本条例自2020年1月1日起施行。")
CITYSCAPE = text("甲市市容条例", "为了加强市容管理，制定本条例。", "城市管理行政执法部门负责市容管理。", "本条例自2020年1月1日起施行。")
PROPERTY = text("甲市物业条例", "为了规范物业管理，制定本条例。", "违法搭建的，由城市管理行政执法部门处理。", "本条例自2021年1月1日起施行。")


@pytest.fixture
def book(cast):
    """Three regulations of the cast's city and one of the other city."""
    c = cast
    c.water = services.regulation_import(actor=c.clerk, congress=c.congress, title="甲市供水条例",
                                         kind=RegulationKind.LOCAL, text=WATER, effective_from=D(2020, 1, 1),
                                         enacted_on=D(2019, 10, 30))
    c.cityscape = services.regulation_import(actor=c.clerk, congress=c.congress, title="甲市市容条例",
                                             kind=RegulationKind.LOCAL, text=CITYSCAPE, effective_from=D(2020, 1, 1))
    c.property = services.regulation_import(actor=c.clerk, congress=c.congress, title="甲市物业条例",
                                            kind=RegulationKind.LOCAL, text=PROPERTY, effective_from=D(2021, 1, 1))
    c.foreign = services.regulation_import(actor=c.outsider_clerk, congress=c.other.congress, title="乙市供水条例",
                                           kind=RegulationKind.LOCAL, text=WATER.replace("甲市", "乙市"),
                                           effective_from=D(2020, 1, 1))
    return c
