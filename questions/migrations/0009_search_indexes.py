"""PostgreSQL only: the GIN index for full-text search, pg_trgm with trigram indexes for
misspellings and Chinese text. On SQLite (the embedded default) this migration does
nothing: search there uses plain matching. The existing questions' vectors are computed by
0025, with today's SQL, which reads columns this migration's time did not have."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS question_search_vector_gin "
    "ON questions_question USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS question_title_trgm "
    "ON questions_question USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS question_headline_trgm "
    "ON questions_question USING gin (headline gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS question_headline_trgm",
    "DROP INDEX IF EXISTS question_title_trgm",
    "DROP INDEX IF EXISTS question_search_vector_gin",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("questions", "0008_question_search_vector")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
