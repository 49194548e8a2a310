"""The Redis connection that sessions and login throttling share in production."""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis

# Connections one process holds at most. A burst of requests beyond it waits its turn (up to the
# timeout) instead of failing: redis-py's default pool raises "Too many connections" at 100.
MAX_CONNECTIONS = 50
WAIT_SECONDS = 10


def redis_client(url: str) -> Redis:
    return Redis(connection_pool=BlockingConnectionPool.from_url(url, max_connections=MAX_CONNECTIONS, timeout=WAIT_SECONDS))
