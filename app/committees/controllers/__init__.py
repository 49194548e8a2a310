"""The committee pages: ``pages`` (the street's overview and lists, a community's committee and its
forms), ``corrections`` (putting records right, ending a cross-appointment), ``households`` (the
member forms' household picker) and ``slates`` (an election decision's slate, entered while the
decision is a draft)."""

from app.committees.controllers import corrections, households, pages, slates

ROUTES = [*pages.ROUTES, *corrections.ROUTES, households.search_committee_households, *slates.ROUTES]
