"""Demo data. ``load``: a small, hand-shaped set for trying the app (``changxiao demo load``, ``make
run``). ``generate``: province-scale data for the benchmark (``changxiao demo generate``), written in
bulk. Both use Qinghai's real division tree and ``names`` for what people and places are called."""

from app.demo.load import (
    DEMO_ACTIVATIONS,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_STREET,
    DEMO_VOTES,
    database_is_empty,
    load_demo,
)

__all__ = ["DEMO_ACTIVATIONS", "DEMO_LOGINS", "DEMO_PASSWORD", "DEMO_STREET", "DEMO_VOTES", "database_is_empty",
           "load_demo"]
