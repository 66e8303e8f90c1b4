#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qa_portal.settings")
    if sys.argv[1:2] == ["makemigrations"]:
        # Comparing models with migrations signs nothing: it needs no secret key, so that
        # `makemigrations --check` runs anywhere (a server start without one still fails).
        os.environ.setdefault("DJANGO_SECRET_KEY", "makemigrations-only-not-a-secret")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
