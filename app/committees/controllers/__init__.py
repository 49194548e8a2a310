"""The committee pages: ``pages`` (the street's overview and lists, a community's committee and its
forms) and ``slates`` (an election decision's slate, entered while the decision is a draft)."""

from app.committees.controllers import pages, slates

ROUTES = [*pages.ROUTES, *slates.ROUTES]
