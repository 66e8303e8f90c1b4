"""Generic machinery below every app: rate limits, the whole-page cache's mechanics,
stale-while-revalidate totals, cached paginators, precompiled queries, batched counters,
remembered links, the Redis cache and PostgreSQL backends, and request-id logging.

It knows nothing of questions, doctors or accounts, and imports none of the apps: every
app may import it. What a page or a change means for the site (which write retires which
cached page) is decided in the apps that own it.
"""
