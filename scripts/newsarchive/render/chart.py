"""The coverage chart: articles per week (or month) as an inline SVG, with its numbers in a
table for every reader."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from .common import text
from .i18n import ENGLISH, Edition, Words
from .index import ArchiveIndex

# Weekly bars up to this many weeks of coverage, monthly bars beyond.
MAX_WEEKLY_BARS = 60


@dataclass(frozen=True)
class Bin:
    start: date
    count: int
    label: str  # "week of 9 Feb 2026" or "February 2026"
    short: str  # axis label: "9 Feb 2026" or "Feb 2026"
    weekly: bool = True


def coverage_bins(dates: Iterable[datetime], *, max_weekly: int = MAX_WEEKLY_BARS,
                  words: Words = ENGLISH.words) -> list[Bin]:
    """Articles per week (Monday-based), or per month when that would be too many weeks."""
    days = sorted(d.astimezone(UTC).date() for d in dates)
    if not days:
        return []
    first, last = days[0], days[-1]
    monday0 = first - timedelta(days=first.weekday())
    monday1 = last - timedelta(days=last.weekday())
    weeks = (monday1 - monday0).days // 7 + 1
    counts: dict[date, int] = {}
    if weeks <= max_weekly:
        for d in days:
            key = d - timedelta(days=d.weekday())
            counts[key] = counts.get(key, 0) + 1
        out = []
        for i in range(weeks):
            start = monday0 + timedelta(weeks=i)
            label = words.day(start, short=True)
            out.append(Bin(start, counts.get(start, 0), words("chart_week_of", day=label), label))
        return out
    for d in days:
        key = d.replace(day=1)
        counts[key] = counts.get(key, 0) + 1
    out, cur = [], first.replace(day=1)
    while cur <= last:
        out.append(Bin(cur, counts.get(cur, 0), words.month_year(cur.year, cur.month),
                       words.month_year(cur.year, cur.month, short=True), weekly=False))
        cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
    return out


def coverage_svg(bins: Sequence[Bin], *, chart_id: str = "na-chart",
                 words: Words = ENGLISH.words) -> str:
    """A bar chart as standalone, well-formed SVG; colours follow the text colour (currentColor),
    so bars and labels keep the text's contrast in both light and dark schemes."""
    weekly = bool(bins) and bins[0].weekly
    total = sum(b.count for b in bins)
    peak = max(bins, key=lambda b: b.count) if bins else None
    top = max(peak.count if peak else 0, 1)
    width, height, left, right, upper, lower = 640, 200, 36, 8, 12, 40
    plot_w, plot_h = width - left - right, height - upper - lower
    step = plot_w / max(len(bins), 1)
    bar_w = max(step * 0.8, 1.0)
    title = words("chart_title_week" if weekly else "chart_title_month")
    if bins:
        # A week is named by its first day (the entry says "week of"), a month by itself.
        name = (lambda b: b.short) if weekly else (lambda b: b.label)
        desc = words("chart_desc_week" if weekly else "chart_desc_month",
                     count=words.count("n_dated_articles", total), first=name(bins[0]),
                     last=name(bins[-1]), peak=name(peak),
                     peak_count=words.count("n_articles", peak.count))
    else:
        desc = words("chart_none")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="na-chart__svg" role="img" '
           f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
           f'focusable="false">',
           f'<title id="{chart_id}-title">{text(title)}</title>',
           f'<desc id="{chart_id}-desc">{text(desc)}</desc>',
           '<g fill="currentColor" font-size="12" font-family="sans-serif">']
    base_y = upper + plot_h
    out.append(f'<text x="{left - 6}" y="{upper + 4}" text-anchor="end">{top}</text>')
    out.append(f'<text x="{left - 6}" y="{base_y + 4}" text-anchor="end">0</text>')
    for i, b in enumerate(bins):
        if not b.count:
            continue
        h = plot_h * b.count / top
        x = left + i * step + (step - bar_w) / 2
        out.append(f'<rect x="{x:.1f}" y="{base_y - h:.1f}" width="{bar_w:.1f}" '
                   f'height="{h:.1f}"><title>{text(b.label)}: {b.count}</title></rect>')
    out.append(f'<rect x="{left}" y="{base_y}" width="{plot_w}" height="1"/>')
    if bins:
        out.append(f'<text x="{left}" y="{base_y + 18}">{text(bins[0].short)}</text>')
        if len(bins) > 1:
            out.append(f'<text x="{width - right}" y="{base_y + 18}" text-anchor="end">'
                       f"{text(bins[-1].short)}</text>")
        out.append(f'<text x="{left + plot_w / 2:.1f}" y="{base_y + 34}" text-anchor="middle">'
                   f"{text(title)}</text>")
    out.append("</g></svg>")
    return "".join(out)


def coverage_chart(index: ArchiveIndex, *, chart_id: str = "na-chart",
                   ed: Edition = ENGLISH) -> str:
    """The chart as an HTML `<figure>`: SVG plus the numbers in a table for every reader."""
    w = ed.words
    bins = coverage_bins((i.article.date for i in index.dated), words=w)
    if not bins:
        return f'<p class="na-empty">{text(w("chart_empty"))}</p>'
    unit = w("chart_col_week" if bins[0].weekly else "chart_col_month")
    rows = "".join(f'<tr><th scope="row">{text(b.short)}</th><td class="na-num">{b.count}</td>'
                   "</tr>" for b in bins)
    return (f'<figure class="na-chart" id="{chart_id}">'
            f"{coverage_svg(bins, chart_id=chart_id, words=w)}"
            f'<details class="na-chart__data"><summary>{text(w("chart_numbers"))}</summary>'
            f'<table><thead><tr><th scope="col">{text(unit)}</th>'
            f'<th scope="col">{text(w("col_articles"))}</th></tr></thead><tbody>{rows}</tbody>'
            "</table></details></figure>")
