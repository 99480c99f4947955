"""The one translation mechanism, Qt-free: gettext catalogues and Babel's locale data.

Every user-visible string is marked where it is defined: `tr("...")` where it is shown at
once, `N_("...")` in tables and constants, which are translated with `tr()` when shown, so a
language chosen after import still applies. The core and the desktop app share this one
catalogue (`kapjournal/translations/<lang>/LC_MESSAGES/kapjournal.mo`); the app also loads Qt's
own catalogue so standard buttons match. Dates, times and numbers go through Babel with the
same locale. `scripts/translations` extracts and compiles the catalogues.
"""

from __future__ import annotations

import functools
import gettext
import locale as _locale
import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "kapjournal"
LOCALE_DIR = Path(__file__).resolve().parent / "translations"
SOURCE_LANGUAGE = "en"

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def N_(text: str) -> str:
    """Mark a string for translation without translating it yet."""
    return text


def tr(text: str) -> str:
    """The string in the current language (or as written, when no translation exists)."""
    return _catalogue.gettext(text)


def trn(singular: str, plural: str, n: int) -> str:
    return _catalogue.ngettext(singular, plural, n)


def available_languages() -> list[str]:
    """Languages with a compiled catalogue, plus the source language."""
    found = {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return sorted({SOURCE_LANGUAGE, *found})


def language_name(code: str) -> str:
    """A language's name in that language ("Español"), for choosing it."""
    from babel import Locale

    try:
        return str(Locale.parse(code).get_display_name(code)).capitalize()
    except (ValueError, LookupError):
        return code


def system_language() -> str:
    """The person's language as the system states it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(var, "").split(":")[0].split(".")[0]
        if code and code not in ("C", "POSIX"):
            return code
    found = _locale.getlocale()[0]
    return found if found and found not in ("C", "POSIX") else SOURCE_LANGUAGE


def install(language: str = "") -> None:
    """Use `language` ("" = the system's) for text, dates and numbers.

    A language without a catalogue keeps English text but still formats dates its own way.
    Babel is not imported here: a command that shows no date should not pay for it.
    """
    global _catalogue, _language
    wanted = (language or system_language()).replace("-", "_")
    _catalogue = gettext.translation(
        DOMAIN, LOCALE_DIR, languages=[wanted, wanted.split("_")[0]], fallback=True
    )
    _language = wanted


def text_language() -> str:
    """The language asked for text, as installed (cheap: no locale data is loaded)."""
    return _language


def same_language(a: str, b: str) -> bool:
    """ "en" and "en_GB" are the same language for reading; "en" and "es" are not."""
    return a.replace("-", "_").split("_")[0].lower() == b.replace("-", "_").split("_")[0].lower()


def current_language() -> str:
    """The locale in use, e.g. "es" or "en_GB" ("en" when Babel does not know the one asked)."""
    return _known_locale(_language)


@functools.cache
def _known_locale(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return SOURCE_LANGUAGE
    return code


@functools.cache
def _babel_locale(code: str) -> Locale:
    from babel import Locale

    return Locale.parse(code)


def _babel() -> Locale:
    """The Babel locale in use, parsed once (parsing it on every date cost the journal list
    a few milliseconds per page)."""
    return _babel_locale(current_language())


# -- dates and numbers, in the language in use ------------------------------------------------
def format_date(value: date | datetime, fmt: str = "long") -> str:
    """ "27 November 2026" / "27 de noviembre de 2026"; fmt is short, medium, long or full."""
    from babel.dates import format_date as fd

    day = value.astimezone().date() if isinstance(value, datetime) else value
    return fd(day, format=fmt, locale=_babel())


def format_datetime(value: datetime, fmt: str = "medium") -> str:
    from babel.dates import format_datetime as fdt

    return fdt(value.astimezone(), format=fmt, locale=_babel())


def format_day_and_time(value: datetime) -> str:
    """Like "Saturday, 28 November 2026, 10:00": the whole day and the wall-clock time."""
    return f"{format_date(value, 'full')}, {format_time(value)}"


def format_short(value: datetime) -> str:
    """Like "Nov 19, 2026, 11:20" for lists: the date and the wall-clock time, no seconds."""
    return f"{format_date(value, 'medium')}, {format_time(value)}"


def format_time(value: datetime) -> str:
    from babel.dates import format_time as ft

    return ft(value.astimezone(), format="short", locale=_babel())


def format_skeleton(value: datetime, skeleton: str) -> str:
    """A date in a CLDR skeleton such as "MMMEd" ("Fri, Nov 27" / "vie, 27 nov")."""
    from babel.dates import format_skeleton as fs

    return fs(skeleton, value.astimezone(), locale=_babel())


def region_name(code: str) -> str:
    """ "ES" as "Spain" / "España": a country's name in the current language (CLDR)."""
    return str(_babel().territories.get(code.upper(), code))


def system_region() -> str:
    """The country of the system's locale ("ES" from es_ES.UTF-8), or ""."""
    values = [os.environ.get(n, "") for n in ("LC_ALL", "LC_MESSAGES", "LANG")]
    for value in [*values, _locale.getlocale()[0] or ""]:
        if "_" in value:
            return value.split("_", 1)[1][:2].upper()
    return ""


def month_name(month: int) -> str:
    """ "November" / "noviembre": the month on its own (1-12), as a table's row names it."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", context="stand-alone", locale=_babel())[month])


def format_number(value: float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_babel())


def format_list(items: list[str]) -> str:
    """ "A, B and C" / "A, B y C"."""
    from babel.lists import format_list as fl

    return fl(items, locale=_babel())


def spoken_length(ms: int) -> str:
    """A recording's length in words, as a screen reader should say it too: "45 seconds",
    "2 minutes 5 seconds" / "2 minutos 5 segundos"."""
    from babel.units import format_unit

    minutes, seconds = divmod(round(ms / 1000), 60)
    parts = [format_unit(minutes, "duration-minute", length="long", locale=_babel())] * bool(
        minutes
    )
    if seconds or not minutes:
        parts.append(format_unit(seconds, "duration-second", length="long", locale=_babel()))
    return " ".join(parts)
