"""Which pages read from the replicas (machinery.replicas): the public ones, the same for
every anonymous reader, whose reads may lag the primary by a second or two."""

from machinery import replicas

# URL names. Not here: the health check (it checks the primary), any page for one person,
# the dashboard, the admin, and every form a reader sends.
PUBLIC_READ_VIEWS = frozenset(
    {
        "home",
        "sitemap",
        "sitemap-section",
        "questions:detail",
        "questions:detail-short",
        "questions:search",
        "questions:api-list",
        "questions:api-detail",
        "questions:feed-latest",
        "questions:feed-latest-atom",
        "questions:feed-department",
        "questions:feed-department-atom",
        "questions:feed-topic",
        "questions:feed-topic-atom",
        "questions:department-list",
        "questions:department-detail",
        "questions:topic-list",
        "questions:topic-detail",
        "questions:doctor-detail",
    }
)


class PublicReadsMiddleware(replicas.ReplicaReadsMiddleware):
    read_views = PUBLIC_READ_VIEWS
