"""Owners' and committees' ratings of the property service (服务评价) and satisfaction against the
policy's 90% target (item 3). The rules are app/operations/satisfaction.py; this package stores,
counts and shows them."""
