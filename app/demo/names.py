"""Words demo data is made of: names of people, estates, units and companies as Qinghai writes them,
and credit codes that pass the check (GB 32100-2015, ``companies.logic``). Pure; each function takes the
caller's ``random.Random`` so the data follows its seed."""

from __future__ import annotations

import random

from app.companies.logic import CHARSET, check_character

SURNAMES = "王李张刘陈杨马赵黄周吴徐孙朱胡郭何高林罗郑梁谢韩唐冯董曹彭祁鲁冶喇韩沈秦苏魏吕丁任姚卢姜崔谭陆范石贾夏付白孟秦雷"
GIVEN = [
    "建国", "秀英", "海燕", "志强", "玉兰", "文华", "国庆", "丽娟", "春生", "桂花", "明", "芳", "伟", "静", "磊", "敏",
    "军", "洁", "勇", "燕", "涛", "娟", "强", "霞", "斌", "英", "海龙", "玉梅", "德才", "金花", "永福", "卫东",
    "学军", "红梅", "晓东", "小兵", "占魁", "有福", "才让", "卓玛", "多杰", "拉毛", "尕藏", "索南", "文秀", "嘉措",
]
COMMUNITY_WORDS = [
    "建国", "共和", "和平", "团结", "幸福", "新华", "胜利", "五四", "解放", "民主", "光明", "文化", "长青", "东风",
    "昆仑", "祁连", "湟水", "青藏", "柴达木", "海湖", "北川", "南川", "西川", "兴海", "通海", "七一", "八一", "朝阳",
    "紫荆", "康乐", "阳光", "金桥", "夏都", "雪域", "德令", "文汇", "安宁", "瑞祥", "福泰", "锦绣", "书香", "建设",
]
ESTATE_SUFFIXES = ["小区", "小区", "小区", "家属院", "花园", "新村", "公寓", "苑"]
# Work units whose staff housing (家属院) the estates often were; some still manage it themselves.
WORK_UNITS = [
    "青海省电力公司", "西宁钢厂", "青海铝厂", "省农林科学院", "西宁市第一中学", "青海师范大学", "省地质矿产勘查局",
    "西宁铁路分局", "青海汽车制造厂", "省建工集团", "西宁毛纺厂", "省气象局", "省水利厅", "青海日报社",
    "省人民医院", "市邮政局", "西宁卷烟厂", "青海机床厂", "青海锻造厂", "省交通厅", "青海民族大学", "市自来水公司",
]
ROADS = [
    "七一路", "八一路", "五四大街", "东关大街", "南关街", "北大街", "西大街", "昆仑路", "黄河路", "长江路", "湟中路",
    "互助路", "民和路", "祁连路", "柴达木路", "海湖大道", "文成路", "同仁路", "建国路", "夏都大街", "胜利路", "解放路",
]
COMPANY_HEADS = [
    "安居", "宁馨", "高原红", "湟水", "昆仑", "祥和", "瑞丰", "德隆", "恒信", "金泰", "福满", "万家", "和美", "锦程",
    "嘉禾", "天佑", "众邦", "康宁", "雪域", "三江源", "青海湖", "宏达", "润泽", "华泰", "鑫源", "永安", "盛世", "博远",
]
COMPANY_TAILS = ["", "惠民", "佳苑", "城建", "家园", "宜居", "同心", "丰泽", "泰和", "安康", "宏远", "鸿运", "嘉信", "明珠"]
COMPANY_FORMS = ["物业服务有限公司", "物业服务有限公司", "物业管理有限公司", "物业有限公司"]
# Long-distance prefixes by prefecture (the first four digits of a code).
AREA_CODES = {
    "6301": "0971", "6302": "0972", "6322": "0970", "6323": "0973", "6325": "0974", "6326": "0975", "6327": "0976",
    "6328": "0977",
}


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"


def landline(rng: random.Random, region_code: str) -> str:
    return f"{AREA_CODES.get(region_code[:4], '0971')}-{rng.randint(2_000_000, 8_999_999)}"


def estate_name(rng: random.Random) -> tuple[str, str]:
    """An estate's name, and the work unit whose staff housing it was ("" for most)."""
    suffix = rng.choice(ESTATE_SUFFIXES)
    if suffix == "家属院":
        unit = rng.choice(WORK_UNITS)
        return unit + suffix, unit
    if rng.random() < 0.25:
        return f"{rng.choice(ROADS)}{rng.randint(1, 120)}号院", ""
    return rng.choice(COMMUNITY_WORDS) + suffix, ""


def company_names(rng: random.Random, count: int) -> list[str]:
    """``count`` different company names, e.g. 青海瑞丰惠民物业服务有限公司."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        place = rng.choice(["青海", "青海", "西宁", "海东", "格尔木"])
        name = place + rng.choice(COMPANY_HEADS) + rng.choice(COMPANY_TAILS) + rng.choice(COMPANY_FORMS)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def uscc(rng: random.Random, county_code: str) -> str:
    """A credit code a company registered with market regulation (9) as an enterprise (1) in the county
    would hold, with its check character."""
    body = "91" + county_code[:6] + "".join(rng.choice(CHARSET) for _ in range(9))
    return body + check_character(body)
