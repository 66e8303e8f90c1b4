"""The view counter (questions.archive.viewcounts): views gather in memory and are written
in batches; only public questions count."""

import pytest

from questions.archive import viewcounts
from tests.factories import QuestionFactory, answered_question

pytestmark = pytest.mark.django_db


class TestViewCounter:
    def test_views_are_batched_not_written_per_view(
        self, client, settings, django_assert_max_num_queries
    ):
        """Views gather in memory and are written in one UPDATE per batch; the page shows
        the count including those not written yet."""
        settings.VIEW_COUNT_FLUSH_EVERY = 3
        settings.PAGE_CACHE_SECONDS = 0  # the count shown comes from a fresh render
        question = answered_question()
        url = question.get_absolute_url()
        with django_assert_max_num_queries(5) as captured:
            client.get(url)
        assert not any(q["sql"].startswith("UPDATE") for q in captured.captured_queries)
        response = client.get(url)
        assert "2 views" in response.content.decode()
        question.refresh_from_db()
        assert question.view_count == 0
        client.get(url)  # the third view writes the batch
        question.refresh_from_db()
        assert question.view_count == 3
        assert viewcounts.pending(question.pk) == 0

    def test_flush_command_and_non_public(self, client):
        question = answered_question()
        private = QuestionFactory()
        client.get(question.get_absolute_url())
        client.force_login(private.author)
        client.get(private.get_absolute_url())
        from django.core.management import call_command

        call_command("flush_view_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115
        question.refresh_from_db()
        private.refresh_from_db()
        assert (question.view_count, private.view_count) == (1, 0)
