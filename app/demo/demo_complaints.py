"""The demo's complaints: the ``owner`` login's community has two of his, filed online through the
complaints' own service and routed to its company (the ``company`` login's): one awaiting a response,
one the company has responded to, for the owner to read and close or reopen; and one the street
recorded from the 12345 hotline."""

from __future__ import annotations

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.operations.grievances.services.complaints import ComplaintInput, act, file_complaint


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def demo_complaints(community_id: int) -> None:
    owner, company, street = await _principal("owner"), await _principal("company"), await _principal("street")
    await file_complaint(owner, community_id, ComplaintInput(
        subject="3号楼楼道灯不亮", text="3号楼2单元三楼到五楼的楼道灯坏了一周，晚上上下楼很不方便。"))
    responded = await file_complaint(owner, community_id, ComplaintInput(
        subject="垃圾清运不及时", text="小区东门垃圾桶经常满溢，周末尤其严重，气味很大。"))
    await act(company, responded, "respond", "已增加周末清运一次，并在东门加放两个垃圾桶。请您监督，如仍有问题请告诉我们。")
    await file_complaint(street, community_id, ComplaintInput(
        subject="夜间装修噪音", text="12345热线转来：居民反映晚上十点后仍有装修噪音。", channel="hotline_12345",
        complainant_name="李女士"))
