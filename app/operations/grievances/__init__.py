"""Complaints and opinions (诉求) as stored and served: tables, access, services, pages. The rules
(states, channels, routing, deadlines) are ``app.operations.complaints`` and ``app.operations.deadlines``."""
