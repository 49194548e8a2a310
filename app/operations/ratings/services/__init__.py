"""Ratings: giving one (``giving``), the rollup behind the area pages (``tallies``) and what each page
and section reads (``views``)."""
