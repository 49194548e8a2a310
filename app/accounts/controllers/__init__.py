"""The account pages: logging in and out with the language switch (``sessions``), a user's own
password (``password``), and the bureau's account list (``users``)."""

from app.accounts.controllers import password, sessions, users

ROUTES = [*sessions.ROUTES, *password.ROUTES, *users.ROUTES]
