"""Each Dutch message of Kring is what a person sees: no other catalogue overrides it.

Django merges the catalogues of all installed apps into one; for the same English text,
the app listed first wins, and allauth and Django's admin are listed before Kring's
areas. So allauth's "client" → "client" (an OAuth client) silently replaced Kring's
"client" → "cliënt" (who takes part); two of Kring's areas giving one text two meanings
clash the same way. A message that means something else in one place carries a context
(pgettext) there."""
from __future__ import annotations

import gettext
from pathlib import Path

from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
CONTEXT_SEPARATOR = "\x04"


def _catalogues() -> list[Path]:
    return sorted([*ROOT.glob("kring/*/locale/nl/LC_MESSAGES/django.mo"), *ROOT.glob("locale/nl/LC_MESSAGES/django.mo")])


def test_no_dutch_message_of_kring_is_overridden() -> None:
    catalogues = _catalogues()
    assert len(catalogues) >= 10, "compile the catalogues first (make messages)"
    wrong = []
    with translation.override("nl"):
        for mo in catalogues:
            with mo.open("rb") as handle:
                catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
            for key, ours in catalogue.items():
                if isinstance(key, tuple) or not key:  # plural forms: their singular is checked
                    continue
                if CONTEXT_SEPARATOR in key:
                    context, message = key.split(CONTEXT_SEPARATOR, 1)
                    shown = translation.pgettext(context, message)
                else:
                    shown = translation.gettext(key)
                if shown != ours:
                    wrong.append(f"{mo.relative_to(ROOT).parts[:2]}: {key!r} should read {ours!r}, shows {shown!r}")
    assert wrong == [], "\n".join(wrong)
