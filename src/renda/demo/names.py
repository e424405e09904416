"""Deterministic realistic Chinese names, places and units for the demo city and volume data."""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "建国军华明伟芳娜秀英敏静丽强磊洋艳勇杰娟涛超秀兰霞平刚桂英文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
)
ETHNICITIES = ["汉族"] * 18 + ["回族", "满族", "蒙古族", "壮族", "土家族"]
PARTIES = ["中共党员"] * 14 + ["民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "无党派人士", "群众"]
SECTORS = ["工人", "农民", "专业技术人员", "党政领导干部", "企业负责人", "解放军", "归侨", "社会组织"]
OCCUPATIONS = [
    "中学教师", "主任医师", "社区党委书记", "村党支部书记", "企业董事长", "律师", "工程师", "个体工商户",
    "高校教授", "区委书记", "街道办事处主任", "农业合作社理事长", "公交车驾驶员", "护士长", "研究员",
]


class NameMaker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def person(self) -> tuple[str, str]:
        """A fresh (name, gender) pair; names repeat only after many thousands."""
        for _ in range(50):
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
            if name not in self.used:
                self.used.add(name)
                break
        return name, self.rng.choice("MMMF")

    def choice(self, seq):
        return self.rng.choice(seq)


# Government departments that act as handling units (承办单位) of a city.
CITY_DEPARTMENTS = [
    "市发展和改革委员会", "市教育局", "市科学技术局", "市工业和信息化局", "市公安局", "市民政局", "市司法局",
    "市财政局", "市人力资源和社会保障局", "市自然资源和规划局", "市生态环境局", "市住房和城乡建设局",
    "市城市管理局", "市交通运输局", "市水务局", "市农业农村局", "市商务局", "市文化和旅游局", "市卫生健康委员会",
    "市退役军人事务局", "市应急管理局", "市审计局", "市市场监督管理局", "市统计局", "市医疗保障局", "市体育局",
    "市林业局", "市地方金融管理局", "市人民防空办公室", "市信访局", "市政务服务和数据管理局", "市国有资产监督管理委员会",
    "市住房公积金管理中心", "市机关事务管理局", "市乡村振兴局", "市数据局",
]
COUNTY_DEPARTMENTS = [
    "县发展和改革局", "县教育局", "县公安局", "县财政局", "县自然资源局", "县生态环境分局", "县住房和城乡建设局",
    "县交通运输局", "县水利局", "县农业农村局", "县卫生健康局", "县民政局",
]
DISTRICTS = ["东城区", "西城区", "南湖区", "北山区", "高新区", "滨江区", "开发区", "临河县", "青山县", "白沙县", "清水县",
             "红石县"]
