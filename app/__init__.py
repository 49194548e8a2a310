"""Changxiao (长效): long-term governance of renovated old residential communities."""

import os

# Piccolo binds every table to its engine when the table class is created, by importing the
# module named here; it must be set before any tables module is imported.
os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")
