"""Dates are written as Babel writes a "long" date in the page's language, for every locale Babel
knows: chanblog puts them together from Babel's own fields (see render.format_date), which a
large site's archive page needs 10,000 times."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import babel
import pytest
from babel.dates import format_date as babel_date

from chanblog.render import format_date

DATES = [datetime(2009, 8, 14, 23, 30, tzinfo=timezone(timedelta(hours=-5)))] + [
    datetime(1998 + 3 * month, month, (7 * month) % 31 + 1, tzinfo=timezone.utc) for month in range(1, 13)]


def test_a_date_reads_as_babel_writes_it_in_every_locale() -> None:
    differ = [(locale, ours, babels) for locale in babel.localedata.locale_identifiers() for moment in DATES
              if (ours := format_date(moment, locale)) != (babels := babel_date(moment, "long", locale=locale))]
    assert differ == []


@pytest.mark.parametrize("tag, written", [("en", "August 14, 2009"), ("fr", "14 août 2009"),
                                          ("de-AT", "14. August 2009"), ("ja", "2009年8月14日")])
def test_a_language_tag_picks_its_locale(tag: str, written: str) -> None:
    assert format_date(DATES[0], tag) == written
