"""A background job's progress page; its status fragment polls until the job ends."""

from __future__ import annotations

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from app.jobs import services as jobs
from app.web.auth import ANY_ROLE, allow, principal_of
from app.web.rendering import render


@get("/jobs/{job_id:int}", name="show_job", guards=[allow(*ANY_ROLE)])
async def show_job(request: Request, job_id: FromPath[int]) -> Template:
    job = await jobs.get_job(principal_of(request), job_id)
    return render(request, "jobs/show.html", {"job": job}, fragment="jobs/_status.html", target=f"job-{job_id}")


ROUTES = [show_job]
