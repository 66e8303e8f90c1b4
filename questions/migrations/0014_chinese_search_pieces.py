"""Search vectors gain the two-character pieces of Chinese text (questions/search/vectors.py), so
that Chinese queries use the GIN index instead of reading every question. The vectors are
recomputed by 0025 with today's SQL, which reads columns this migration's time did not
have: nothing is left to do here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("questions", "0013_question_decline_reason_code")]

    operations = []
