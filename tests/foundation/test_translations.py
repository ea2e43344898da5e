"""Everything user-facing is translatable, Finnish first, Swedish and English: every message the
code marks for translation has Finnish and Swedish, in our catalogue or in Django's own (its
admin's "Permissions", "Home"...). Six strings of ours once shipped in English only because
nothing but a hand-run `makemessages` would have noticed."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

ROOT = Path(settings.BASE_DIR)

pytestmark = pytest.mark.skipif(not (shutil.which("xgettext") and shutil.which("msgattrib")),
                                reason="GNU gettext (xgettext, msgattrib) is not installed")


def untranslated(po: Path) -> list[str]:
    """msgids of `po` with no msgstr, or only a fuzzy one (a guess makemessages made)."""
    found = []
    for flag in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run(["msgattrib", flag, "--no-obsolete", "--no-wrap", str(po)],  # noqa: S603, S607
                             capture_output=True, text=True, check=True).stdout
        found += [line[len('msgid "'):-1].encode().decode("unicode_escape").encode("latin-1").decode()
                  for line in out.splitlines() if line.startswith('msgid "') and line != 'msgid ""']
    return found


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_the_code_marks_has_finnish_and_swedish(language, tmp_path, monkeypatch):
    # makemessages writes into the catalogue beside the code it reads: it reads a copy here.
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".*", "*.egg-info", "node_modules", "docs", "bench", "static*", "var", "media", "*.sqlite3", "*.mo",
        "*.png", "*.pdf", "__pycache__"))
    monkeypatch.chdir(copy)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [str(copy / "locale")])
    call_command("makemessages", locale=[language], verbosity=0)
    missing = untranslated(copy / "locale" / language / "LC_MESSAGES" / "django.po")
    with translation.override(language):
        missing = [msgid for msgid in missing if translation.gettext(msgid) == msgid]  # not Django's either
    assert missing == []
