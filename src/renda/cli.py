"""The `renda` console command.

`renda statute …` and `renda comments …` run the pure engines without Django
(for people who only want the engine); every other sub-command is Django's
manage.py with `renda.settings`.
"""

import importlib
import os
import sys

PURE_COMMANDS = {
    "statute": "renda.statutes.cli",
    "comments": "renda.textmining.cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[argv[1]])
        return int(module.main(argv[2:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
