"""The search vectors of every question, now with the names of its FAQ topics in each
language and the two-character pieces of Chinese text (questions.search.vectors; 0009 and
0014 left this to here). PostgreSQL only."""

from django.db import migrations

from questions.search.vectors import refresh_search_vectors


def refresh(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")  # a whole archive, not a request
    refresh_search_vectors(connection=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("questions", "0024_topic_names_in_each_language")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
