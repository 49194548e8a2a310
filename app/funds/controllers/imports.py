"""Importing a bank statement into a community's fund: the upload, its dry run, and the confirm that
posts the matched deposits. Whoever may post to the fund (its committee, the street and bureau of
the area); the dry run posts nothing, the confirm re-reads the stored file (``services.imports``)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Template

from app.communities.forms import clean_filename
from app.communities.logic.spreadsheet import MAX_BYTES
from app.funds.forms import parse_import_confirm
from app.funds.services import imports, views
from app.funds.statements import statement_message
from app.i18n import gettext as _
from app.web.auth import allow, principal_of
from app.web.rendering import render

KEEPERS = allow("bureau", "street", "committee")
MAX_ROWS_SHOWN = 500  # of each list (matched, unmatched, problems): a long statement is summed, not drowned


def _page(request: Request, community: dict, run: imports.StatementRun | None, *, message: str = "",
          done: imports.Imported | None = None, status_code: int = 200) -> Template:
    context = {"community": community, "run": run, "message": message, "done": done,
               "max_mb": MAX_BYTES // (1024 * 1024), "max_rows": MAX_ROWS_SHOWN}
    return render(request, "funds/import.html", context, fragment="funds/_import_result.html",
                  target="import-result", status_code=status_code)


@get("/communities/{community_id:int}/fund/import", name="show_fund_import", guards=[KEEPERS])
async def show_fund_import(request: Request, community_id: FromPath[int]) -> Template:
    return _page(request, await views.postable_community(principal_of(request), community_id), None)


@post("/communities/{community_id:int}/fund/import", name="check_fund_import", guards=[KEEPERS])
async def check_fund_import(request: Request, community_id: FromPath[int]) -> Template:
    """The dry run: matched rows, unmatched rows with the reason, rows already posted; nothing posted."""
    community = await views.postable_community(principal_of(request), community_id)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, community, imports.failed(_("Choose a file to upload.")), status_code=422)
    filename = clean_filename(upload.filename)
    data = await upload.read(MAX_BYTES + 1)
    await upload.close()
    if len(data) > MAX_BYTES:
        run = imports.failed(statement_message("too_big"), filename)
    else:
        run = await imports.dry_run(principal_of(request), community_id, data, filename)
    readable = run.check.matched or run.check.unmatched
    return _page(request, community, run, status_code=200 if readable else 422)


@post("/communities/{community_id:int}/fund/import/confirm", name="confirm_fund_import", guards=[KEEPERS])
async def confirm_fund_import(request: Request, community_id: FromPath[int]) -> Response:
    community = await views.postable_community(principal_of(request), community_id)
    form = parse_import_confirm(await request.form())
    done = await imports.confirm(principal_of(request), community_id, form.clean["upload"], form.clean["filename"],
                                 form.clean["digest"])
    if done.run is not None:
        return _page(request, community, done.run, message=done.message, status_code=422)
    return _page(request, community, None, done=done)


ROUTES = [show_fund_import, check_fund_import, confirm_fund_import]
