"""`python -m kring` starts Kring (web server and task worker); `python -m kring <command>`
runs any management command, like manage.py."""
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] or ["serve"]
    execute_from_command_line(["kring", *args])


if __name__ == "__main__":
    main()
