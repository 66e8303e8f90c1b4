from django.core.management.base import BaseCommand

from questions.search.vectors import refresh_search_vectors


class Command(BaseCommand):
    help = "Recompute every question's full-text search vector (PostgreSQL; a no-op elsewhere)."

    def handle(self, *args, **options):
        refresh_search_vectors()
        self.stdout.write("Search vectors updated.")
