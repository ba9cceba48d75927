"""Issue 9 §6: `make messages` does not scan tests/ (their strings are not the interface's)."""

from pathlib import Path

from django.conf import settings


def test_makemessages_ignores_the_tests():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    commands = [line for line in makefile.splitlines() if "makemessages" in line and not line.lstrip().startswith("#")]
    assert len(commands) >= 2  # django and djangojs domains
    for command in commands:
        assert "--ignore=tests" in command.split(), command
