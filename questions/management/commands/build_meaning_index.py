from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from machinery.progress import Progress
from questions.meaning import index


class Command(BaseCommand):
    help = (
        "Build the approximate index of the vectors of meaning and make it the one in force "
        "(QA_PORTAL_MEANING_INDEX): built aside and swapped in one step, so it can run while "
        "the site serves. Progress on stderr."
    )

    def handle(self, *args, **options):
        if not settings.MEANING_INDEX_PATH:
            raise CommandError("Set QA_PORTAL_MEANING_INDEX to the index's path first.")
        progress = None

        def report(done, total):
            nonlocal progress
            progress = progress or Progress(total, "index")
            progress.show(done)

        count = index.build(progress=report)
        if progress:
            progress.finish()
        index.forget()
        self.stdout.write(f"Index of {count} vectors in force: {settings.MEANING_INDEX_PATH}")
