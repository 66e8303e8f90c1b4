"""Which pages read from the replicas (machinery.replicas): the public ones, the same for
every anonymous reader, whose reads may lag the primary by a second or two."""

from django.conf import settings

from machinery import replicas

# URL names: the pages a shared HTTP cache may hold (settings.SHARED_CACHE_PAGES), plus
# search and the API, the same for every anonymous reader but never shared. Not here: the
# health check (it checks the primary), any page for one person, the dashboard, the admin,
# and every form a reader sends.
PUBLIC_READ_VIEWS = frozenset(settings.SHARED_CACHE_PAGES) | {
    "questions:search",
    "questions:api-list",
    "questions:api-detail",
}


class PublicReadsMiddleware(replicas.ReplicaReadsMiddleware):
    read_views = PUBLIC_READ_VIEWS
