"""Search vectors gain the two-character pieces of Chinese text (questions/search/vectors.py), so
that Chinese queries use the GIN index instead of reading every question. Only questions
with Chinese text in them change."""

from django.db import migrations


def add_pieces(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from questions.search.vectors import CJK_CLASS, VECTOR_SQL

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")  # a whole archive, not a request
        cursor.execute(
            VECTOR_SQL
            + " WHERE q.title ~ %(cjk)s OR q.body ~ %(cjk)s OR q.headline ~ %(cjk)s"
            " OR EXISTS (SELECT 1 FROM questions_reply AS r"
            " WHERE r.question_id = q.id AND r.body ~ %(cjk)s)",
            {"cjk": CJK_CLASS},
        )


class Migration(migrations.Migration):
    dependencies = [("questions", "0013_question_decline_reason_code")]

    operations = [migrations.RunPython(add_pieces, migrations.RunPython.noop, elidable=True)]
