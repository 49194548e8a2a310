"""The community pages: the list and a community's page (``listing``), the register's forms
(``register``), and the spreadsheet import with the renovation plan (``imports``)."""

from app.communities.controllers import imports, listing, register

ROUTES = [*listing.ROUTES, *register.ROUTES, *imports.ROUTES]
