"""The Unified Social Credit Code (统一社会信用代码, GB 32100-2015)."""

from __future__ import annotations

from dataclasses import dataclass

from app.forms import fold_width
from app.i18n import lazy

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
LENGTH = 18

# GB 32100-2015 table 1: the registration authority (登记管理部门, position 1) and the types of
# organisation (机构类别, position 2) each may register.
AUTHORITIES = {
    "1": lazy("establishment administration (机构编制)"),
    "2": lazy("foreign affairs (外交)"),
    "3": lazy("judicial administration (司法行政)"),
    "4": lazy("culture (文化)"),
    "5": lazy("civil affairs (民政)"),
    "6": lazy("tourism (旅游)"),
    "7": lazy("religious affairs (宗教)"),
    "8": lazy("trade unions (工会)"),
    "9": lazy("market regulation (工商)"),
    "A": lazy("the Central Military Commission's establishment office (中央军委改革和编制办公室)"),
    "N": lazy("agriculture (农业)"),
    "Y": lazy("other authorities (其他)"),
}
TYPES = {
    "1": "1239",  # 机关 · 事业单位 · 中央编办直接管理机构编制的群众团体 · 其他
    "2": "19",  # 外国常驻新闻机构 · 其他
    "3": "123459",  # 律师执业机构 · 公证处 · 基层法律服务所 · 司法鉴定机构 · 仲裁委员会 · 其他
    "4": "19",  # 外国在华文化中心 · 其他
    "5": "1239",  # 社会团体 · 民办非企业单位 · 基金会 · 其他
    "6": "129",  # 外国旅游部门常驻代表机构 · 港澳台地区旅游部门常驻内地（大陆）代表机构 · 其他
    "7": "129",  # 宗教活动场所 · 宗教院校 · 其他
    "8": "19",  # 基层工会 · 其他
    "9": "123",  # 企业 · 个体工商户 · 农民专业合作社
    "A": "19",  # 军队事业单位 · 其他
    "N": "1239",  # 组级 · 村级 · 乡镇级集体经济组织 · 其他
    "Y": "1",  # not divided further
}


@dataclass(frozen=True)
class UsccResult:
    code: str  # the normalised input
    problem: str | None  # None when valid; otherwise one of PROBLEMS
    position: int | None = None  # 1-based position of the first offending character


PROBLEMS = ("empty", "length", "character", "authority", "type", "division", "check")


def normalise(raw: str) -> str:
    """Trim, fold full-width characters to half-width, drop inner spaces, upper-case.

    Only the full-width block is folded (not NFKC): a circled ① is a wrong character, not a 1.
    """
    return "".join(fold_width(raw or "").split()).upper()


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(ch) * weight for ch, weight in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def check_uscc(raw: str) -> UsccResult:
    """Length, characters, then the structure (authority, type for that authority, six-digit division
    code), then the check character. The result never tells what the check character "should" be:
    a slip elsewhere would be "fixed" by changing the last character into a code that passes."""
    code = normalise(raw)
    if not code:
        return UsccResult(code, "empty")
    if len(code) != LENGTH:
        return UsccResult(code, "length")
    for position, ch in enumerate(code, start=1):
        if ch not in CHARSET:
            return UsccResult(code, "character", position=position)
    if code[0] not in TYPES:
        return UsccResult(code, "authority", position=1)
    if code[1] not in TYPES[code[0]]:
        return UsccResult(code, "type", position=2)
    for position in range(3, 9):
        if not code[position - 1].isdigit():
            return UsccResult(code, "division", position=position)
    if code[17] != check_character(code[:17]):
        return UsccResult(code, "check", position=18)
    return UsccResult(code, None)


# Subsidy amounts are typed in yuan and kept in integer fen (分); the parsing is shared (app/money.py).
MAX_SUBSIDY_FEN = 10_000_000_000  # ¥100,000,000.00: above this an amount is surely a typing slip
