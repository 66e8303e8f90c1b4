from django.core.management.base import BaseCommand

from questions import doctor_emails, notifications


class Command(BaseCommand):
    help = (
        "E-mail each doctor whose digest is due the questions waiting in their department, "
        "if any is new to them, and remind once each patient a doctor has long been waiting "
        "on for more information. Run it every hour (cron or a timer); running it twice "
        "sends nothing twice."
    )

    def handle(self, *args, **options):
        sent = doctor_emails.send_digests()
        reminded = notifications.remind_patients()
        self.stdout.write(f"{sent} digests sent; {reminded} patients reminded.")
