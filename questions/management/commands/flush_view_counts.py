from django.core.management.base import BaseCommand

from questions.archive import viewcounts


class Command(BaseCommand):
    help = "Write the page views this process has gathered (used by tests and the benchmark)."

    def handle(self, *args, **options):
        self.stdout.write(f"{viewcounts.flush()} views written.")
