import multiprocessing
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from machinery.progress import Progress
from questions.meaning import encoder, vectors
from questions.models import Question

BATCH = 256


def _embed_part(ids: list[int], done, made) -> None:
    """Embed a part of the archive, counting as it goes (in a child process, or here)."""
    for start in range(0, len(ids), BATCH):
        count = vectors.embed(ids[start : start + BATCH])
        with done.get_lock():
            done.value += len(ids[start : start + BATCH])
        with made.get_lock():
            made.value += count


def _child(ids: list[int], done, made) -> None:
    try:
        _embed_part(ids, done, made)
    finally:
        connections.close_all()


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
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Processes that embed side by side, one core each (say, the machine's cores).",
        )

    def handle(self, *args, no_similar: bool = False, processes: int = 1, **options):
        if not encoder.available():  # loaded before forking: the children share its pages
            raise CommandError("The sentence encoder cannot be used here: see the log.")
        ids = list(Question.objects.public().order_by("pk").values_list("pk", flat=True))
        progress = Progress(len(ids), "meaning")
        context = multiprocessing.get_context("fork")
        done, made = context.Value("q", 0), context.Value("q", 0)
        processes = max(1, min(processes, len(ids)))
        if processes == 1:
            _embed_part(ids, done, made)
        else:
            size = -(-len(ids) // processes)  # the parts, in the order of the ids
            connections.close_all()  # each child opens its own
            children = [
                context.Process(target=_child, args=(ids[k * size : (k + 1) * size], done, made))
                for k in range(processes)
            ]
            for child in children:
                child.start()
            while any(child.is_alive() for child in children):
                progress.show(done.value)
                time.sleep(1)
            if any(child.exitcode for child in children):
                raise CommandError("A process embedding the archive failed: see above.")
        progress.finish()
        if not no_similar:
            progress = Progress(len(ids), "similar")
            for start in range(0, len(ids), BATCH):
                vectors.find_similar(ids[start : start + BATCH], threads=0)  # every core
                progress.show(min(start + BATCH, len(ids)))
            progress.finish()
        self.stdout.write(f"{made.value} vectors made; {len(ids) - made.value} were current.")
