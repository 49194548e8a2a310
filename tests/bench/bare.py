"""The bare route every page is measured beside: Litestar answering "ok", with no middleware, session,
database or template. Served by the same uvicorn with the same options as the app, in the same run."""

from litestar import Litestar, get


@get("/", cache=False)
async def hello() -> str:
    return "ok"


app = Litestar(route_handlers=[hello], openapi_config=None)
