"""Decision services. ``decisions`` (drafting, opening, reading), ``ballots`` (casting, the live
tally, the register), ``closing`` (freezing the tally, acting), ``outcomes`` (the hook registry),
``pages`` (the community-page section, the notice and the published result)."""
