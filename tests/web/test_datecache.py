"""The ``date`` filter written once per process gives Django's text (citymade.web.core.templatetags.datecache)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.template import Context, Template, defaultfilters
from django.test import override_settings
from django.utils import timezone, translation

from citymade.web.core.templatetags import datecache


def _render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_dates_read_as_djangos_filter_writes_them_in_each_language():
    day = dt.date(2025, 3, 9)
    source = '{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date }}|{{ d|date:"l j F Y" }}'
    seen = set()
    for language in ("fr", "nl", "en"):
        with translation.override(language):
            datecache._written.cache_clear()
            first = _render(source, d=day)
            expected = "|".join(
                str(defaultfilters.date(day, f)) for f in ("DATE_FORMAT", "SHORT_DATE_FORMAT", None, "l j F Y")
            )
            assert first == expected
            hits = datecache._written.cache_info().hits
            assert _render(source, d=day) == first
            assert datecache._written.cache_info().hits == hits + 4
            seen.add(first)
    assert len(seen) == 3  # the language is part of the key
    assert "mars" in " ".join(seen) and "maart" in " ".join(seen)


def test_a_date_time_is_written_in_its_own_zone():
    instant = dt.datetime(2025, 6, 1, 10, 30, tzinfo=dt.UTC)
    brussels = instant.astimezone(zoneinfo.ZoneInfo("Europe/Brussels"))
    assert instant == brussels  # equal to Python, not alike on a page
    source = '{{ t|date:"H:i T" }}'
    with timezone.override("UTC"):
        in_utc = _render(source, t=instant)
    with timezone.override("Europe/Brussels"):
        in_brussels = _render(source, t=instant)
    assert in_utc == "10:30 UTC" and in_brussels == "12:30 CEST"


def test_other_values_go_to_djangos_filter():
    assert _render('{{ v|date:"Y" }}', v="") == ""
    assert _render('{{ v|date:"Y" }}', v=None) == ""
    assert _render('{{ v|date:"H:i" }}', v=dt.time(7, 5)) == "07:05"
    assert _render('{{ v|date:"Y" }}', v="not a date") == ""


def test_a_changed_setting_empties_the_cache():
    day = dt.date(2025, 3, 9)
    with translation.override("en"):
        with override_settings(DATE_FORMAT="Y"):
            _render("{{ d|date }}", d=day)
        assert datecache._written.cache_info().currsize == 0
