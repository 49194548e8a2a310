"""Flags' services: the scan (``scan``), and what the pages read and change (``views``)."""
