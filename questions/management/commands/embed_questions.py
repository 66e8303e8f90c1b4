from django.core.management.base import BaseCommand, CommandError

from machinery.progress import Progress
from questions.meaning import encoder, vectors
from questions.models import Question

BATCH = 256


class Command(BaseCommand):
    help = (
        "Give every public Q&A the vector of its meaning (made again only where its text or "
        "the model changed, so it can be stopped and run again), then its nearest Q&A. "
        "Progress on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-similar",
            action="store_true",
            help="Skip finding each Q&A's nearest (a large archive, before its index exists).",
        )

    def handle(self, *args, no_similar: bool = False, **options):
        if not encoder.available():
            raise CommandError("The sentence encoder cannot be used here: see the log.")
        ids = list(Question.objects.public().order_by("pk").values_list("pk", flat=True))
        progress = Progress(len(ids), "meaning")
        made = 0
        for start in range(0, len(ids), BATCH):
            made += vectors.embed(ids[start : start + BATCH])
            progress.show(min(start + BATCH, len(ids)))
        progress.finish()
        if not no_similar:
            progress = Progress(len(ids), "similar")
            for start in range(0, len(ids), BATCH):
                vectors.find_similar(ids[start : start + BATCH])
                progress.show(min(start + BATCH, len(ids)))
            progress.finish()
        self.stdout.write(f"{made} vectors made; {len(ids) - made} were current.")
