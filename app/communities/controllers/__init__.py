"""The community pages: the list (``listing``), a community's page and its households
(``community``), the register's forms (``register``), and the spreadsheet import with the renovation
plan (``imports``)."""

from app.communities.controllers import community, imports, listing, register

ROUTES = [*listing.ROUTES, *community.ROUTES, *register.ROUTES, *imports.ROUTES]
