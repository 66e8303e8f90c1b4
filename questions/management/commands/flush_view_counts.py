from django.conf import settings
from django.core.management.base import BaseCommand

from questions.archive import viewcounts


class Command(BaseCommand):
    help = (
        "Ask every running worker to write the question page views it has gathered now "
        "(through Redis), and write those of this process."
    )

    def handle(self, *args, **options):
        written = viewcounts.flush()
        if written:
            self.stdout.write(f"{written} views gathered in this process written.")
        heard = viewcounts.ask_workers_to_flush()
        if heard is None:
            self.stdout.write(
                "No shared cache (REDIS_URL is not set): each worker writes its views every "
                f"{settings.VIEW_COUNT_FLUSH_EVERY} views and when it stops."
            )
        elif heard == 0:
            self.stdout.write(
                "No running worker listens: workers listen once they have served a page, "
                "and only while they keep page copies (QA_PORTAL_PAGE_COPIES_MB above 0)."
            )
        else:
            workers = "worker" if heard == 1 else "workers"
            self.stdout.write(f"Asked {heard} running {workers} to write their views.")
