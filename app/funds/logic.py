"""The fund's ledger rules: kinds of entry and their signs, the hash chain, and what ``funds verify``
looks for. Pure: no I/O.

Each entry's hash is sha256 over its canonical content (a JSON object with sorted keys, no spaces,
amounts as integers of fen, the time in UTC to the microsecond) which includes ``prev_hash``, the hash
of the entry before it in its community's ledger ("" for the first). Changing an entry's content
changes its hash; deleting or reordering entries breaks the chain or the sequence numbers; deleting
the last ones leaves the account's head behind.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.funds.shares import is_under_top_up_line
from app.i18n import gettext, lazy

KINDS = {
    "deposit": lazy("Deposit"),
    "interest": lazy("Interest"),
    "income": lazy("Common-part income"),
    "use": lazy("Use charge"),
    "top_up": lazy("Top-up"),
    "transfer": lazy("Transfer"),
    "refund": lazy("Refund"),
    "correction": lazy("Correction"),
}
# Money in is positive, money out negative; a transfer and a correction may go either way.
INFLOWS = ("deposit", "interest", "income", "top_up")
OUTFLOWS = ("use", "refund")
PAID_KINDS = ("deposit", "top_up")  # what counts as paid by the household towards its first deposit
HOUSEHOLD_KINDS = ("deposit", "top_up", "use", "refund", "transfer")  # entries that need a household

HASHED_FIELDS = ("community", "seq", "household", "kind", "amount_fen", "posted_at", "who", "memo",
                 "idempotency_key", "corrects", "reason", "prev_hash")


def sign_ok(kind: str, amount_fen: int) -> bool:
    """Whether an amount has the sign its kind asks for (never zero)."""
    if amount_fen == 0 or kind not in KINDS:
        return False
    if kind in INFLOWS:
        return amount_fen > 0
    if kind in OUTFLOWS:
        return amount_fen < 0
    return True


def moment(value: datetime) -> str:
    """A posting time as hashed: UTC, to the microsecond (both databases keep microseconds)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(entry: dict) -> bytes:
    content = {name: entry[name] for name in HASHED_FIELDS}
    content["posted_at"] = moment(entry["posted_at"])
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry: dict) -> str:
    """sha256 over the entry's canonical content, ``prev_hash`` included."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def paid_part(kind: str, amount_fen: int, corrected_kind: str | None = None) -> int:
    """How much of an entry counts as paid: a deposit or top-up, or a correction of one."""
    effective = corrected_kind if kind == "correction" else kind
    return amount_fen if effective in PAID_KINDS else 0




def under_line_sql(prefix: str = "") -> str:
    """``household_status(...) == "under_line"`` as SQL over fund_household's columns (``prefix``: a
    table alias and its dot), with ``shares.is_under_top_up_line``'s integer comparison, for the lists
    and counts the pages make; tests/funds/test_pages.py holds the two together."""
    p = prefix
    return (f"{p}first_deposit_fen > 0 AND {p}paid_fen >= {p}first_deposit_fen "
            f"AND 10 * {p}balance_fen < 3 * {p}first_deposit_fen")

STATUSES = {
    "no_rate": lazy("No rate set"),
    "owing": lazy("First deposit owed"),
    "under_line": lazy("Under the top-up line"),
    "ok": lazy("Paid up"),
}


def household_status(first_deposit: int, paid: int, balance: int) -> str:
    """Where a sub-account stands: no first deposit known yet (no county rate), the first deposit
    not yet paid in full, under the 30% top-up line (续筹), or in order."""
    if first_deposit == 0:
        return "no_rate"
    if paid < first_deposit:
        return "owing"
    if is_under_top_up_line(balance, first_deposit):
        return "under_line"
    return "ok"


PROBLEMS = {
    "edited": lazy("entry #%(seq)s (id %(id)s) was changed after it was posted: its content no longer matches its hash"),
    "missing": lazy("entries are missing before entry #%(seq)s (id %(id)s): expected #%(expected)s"),
    "reordered": lazy("entry #%(seq)s (id %(id)s) is out of order: it does not follow the entry before it"),
    "no_account": lazy("the community has %(count)s ledger entries but no fund account"),
    "no_sub_account": lazy("household %(household)s has entries but no sub-account, last entry #%(seq)s (id %(id)s)"),
    "tail_missing": lazy("the ledger ends at entry #%(seq)s but the account has %(count)s entries: the last ones are missing"),
    "head": lazy("the account's head hash does not match its last entry #%(seq)s"),
    "account_balance": lazy("the account's balance %(stored)s fen disagrees with its entries (%(computed)s fen)"),
    "household_balance": lazy("household %(household)s's stored balance %(stored)s fen disagrees with its entries (%(computed)s fen), last entry #%(seq)s (id %(id)s)"),
    "household_paid": lazy("household %(household)s's stored paid amount %(stored)s fen disagrees with its entries (%(computed)s fen)"),
}


@dataclass
class Problem:
    kind: str
    details: dict


def problem_message(problem: Problem) -> str:
    return gettext(PROBLEMS[problem.kind], **problem.details)


@dataclass
class ChainCheck:
    """Walks one community's entries in order (fed a page at a time) and keeps the first problem of
    the chain; the per-household sums it keeps are bounded by the community's households."""

    head: str = ""
    expected_seq: int = 1
    count: int = 0
    total: int = 0
    balances: dict[int, int] = field(default_factory=dict)
    paid: dict[int, int] = field(default_factory=dict)
    last: dict[int, tuple[int, int]] = field(default_factory=dict)  # household -> (seq, id) of its last entry
    problem: Problem | None = None

    def feed(self, entry: dict, corrected_kind: str | None = None) -> None:
        """The next entry; for a correction, the kind of the entry it reverses."""
        if self.problem is None:
            seq, entry_id = entry["seq"], entry["id"]
            if entry_hash(entry) != entry["hash"]:
                self.problem = Problem("edited", {"seq": seq, "id": entry_id})
            elif seq > self.expected_seq:
                self.problem = Problem("missing", {"seq": seq, "id": entry_id, "expected": self.expected_seq})
            elif seq < self.expected_seq or entry["prev_hash"] != self.head:
                self.problem = Problem("reordered", {"seq": seq, "id": entry_id})
        self.head = entry["hash"]
        self.expected_seq = entry["seq"] + 1
        self.count += 1
        self.total += entry["amount_fen"]
        household = entry["household"]
        if household is not None:
            self.balances[household] = self.balances.get(household, 0) + entry["amount_fen"]
            self.paid[household] = self.paid.get(household, 0) + paid_part(entry["kind"], entry["amount_fen"], corrected_kind)
            self.last[household] = (entry["seq"], entry["id"])

    def finish(self, account: dict) -> Problem | None:
        """The first problem, once the entries are all fed, against the account's stored figures."""
        if self.problem is not None:
            return self.problem
        last_seq = self.expected_seq - 1
        if account["entry_count"] > self.count:
            return Problem("tail_missing", {"seq": last_seq, "count": account["entry_count"]})
        if account["head_hash"] != self.head:
            return Problem("head", {"seq": last_seq})
        if account["balance_fen"] != self.total:
            return Problem("account_balance", {"stored": account["balance_fen"], "computed": self.total})
        return None

    def orphan_problem(self, seen: set[int]) -> Problem | None:
        """A household with entries whose sub-account row is gone (``seen``: the rows there are)."""
        for household in sorted(set(self.balances) - seen):
            seq, entry_id = self.last[household]
            return Problem("no_sub_account", {"household": household, "seq": seq, "id": entry_id})
        return None

    def household_problem(self, row: dict) -> Problem | None:
        household = row["household"]
        computed = self.balances.get(household, 0)
        seq, entry_id = self.last.get(household, (0, None))
        if row["balance_fen"] != computed:
            return Problem("household_balance", {"household": household, "stored": row["balance_fen"],
                                                 "computed": computed, "seq": seq, "id": entry_id})
        if row["paid_fen"] != self.paid.get(household, 0):
            return Problem("household_paid", {"household": household, "stored": row["paid_fen"],
                                              "computed": self.paid.get(household, 0), "id": entry_id})
        return None


# A use of the fund (app.funds.services.proposals). Its states, in order:
# draft → voting → approved / rejected → disbursed; draft → emergency → disbursed; cancelled.
PROPOSAL_STATES = {
    "draft": lazy("Draft"),
    "voting": lazy("Put to the owners' vote"),
    "approved": lazy("Approved by the owners"),
    "rejected": lazy("Not approved"),
    "emergency": lazy("Emergency, published afterwards"),
    "disbursed": lazy("Disbursed"),
    "cancelled": lazy("Cancelled"),
}
PROPOSAL_SCOPES = {
    "whole": lazy("The whole community"),
    "buildings": lazy("Some buildings"),
    "units": lazy("Some units"),
}
# Order No. 165 art. 29: in an emergency endangering safety the repair may go ahead without the
# owners' vote, and its cost is published to them afterwards.
EMERGENCY_REASONS = {
    "leak": lazy("Leaking roof or walls"),
    "elevator": lazy("Elevator danger"),
    "fire": lazy("Fire-system failure"),
    "facade": lazy("Façade danger"),
    "drainage": lazy("Drainage failure"),
}
DISBURSABLE = ("approved", "emergency")


def shortfall_fen(balance_fen: int, share_fen: int) -> int:
    """What a household lacks to bear its share: 0 when its balance covers it (a balance may reach
    exactly zero, never below)."""
    return max(0, share_fen - balance_fen)
