"""The condition sources of the domains below flags whose data exists: each module registers its
kinds with ``app.flags.sources`` on import (listed in flags' ``Domain.hooks``)."""
