from django.core.management.base import BaseCommand

from questions.demo.loading import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo archive: the reference question page as real data plus generated Q&A "
        "across a dozen departments. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        counts = load_demo()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {summary}."))
