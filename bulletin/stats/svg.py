"""A small SVG writer for the statistics' two kinds of chart: a line over time
and horizontal bars. It replaces pygal, which took ~25 ms per chart (4+ CPU
seconds for the 168 charts of a 10,000-article site) to lay out features these
charts never use (tooltips, scripts, legends, themes).

The output is plain, script-free SVG: a <title> and <desc> that label the
whole image (role="img"), every value printed as selectable text, dates and
unit names as axis labels, the pages' Chinese font stack, coordinates rounded
to two decimals — the same data always gives the same bytes. Class names follow
pygal's (``title``, ``axis x``, ``axis y``, ``series``, ``text-overlay``,
``value``) so that styles and tests written for those charts still apply.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from functools import partial

# &, < and > as entities, in text and style content. (xml.sax.saxutils.escape does the same, but
# importing it imports urllib.request, http.client, ssl and email: about 9 ms of every build.)
escape = partial(html.escape, quote=False)

WIDTH, HEIGHT = 720, 360
TITLE_Y = 28
MAX_X_LABELS = 16  # more dates than this along the bottom would overlap: every n-th is shown
LABEL_FONT = 13
CHAR_WIDTH = 13  # a CJK character at LABEL_FONT; Latin digits are narrower, so this errs wide


MIN_LABEL_GAP = 56.0  # px between upright date labels ("2010.10.31")
MIN_LABEL_GAP_ROTATED = 22.0  # slanted labels only need their line height


def _n(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros (stable, compact)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _ticks(low: float, high: float, from_zero: bool) -> list[float]:
    """Round axis values covering [low, high]: steps of 1, 2, 2.5 or 5 × 10ⁿ, 3 to 8 of them."""
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        low, high = (low - 1, high + 1) if not from_zero else (low, high + 1)
    span = high - low
    magnitude = 10 ** math.floor(math.log10(span / 5))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10, 20) if span / (m * magnitude) <= 7)
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    count = round((end - start) / step)
    return [round(start + i * step, 10) for i in range(count + 1)]


def _head(chart_id: str, title: str, description: str, height: float, fonts: str, colour: str,
          extra_css: str = "") -> list[str]:
    css = (f"#{chart_id}{{font-family:{fonts};-webkit-user-select:text;user-select:text}}"
           f"#{chart_id} text{{fill:#1f1f1f;font-size:{LABEL_FONT}px}}"
           f"#{chart_id} text.title{{fill:#000000;font-size:18px}}"
           f"#{chart_id} .axis .guide{{stroke:#d9d9d9;stroke-width:1}}"
           f"#{chart_id} .axis .line{{stroke:#767676;stroke-width:1}}"
           f"#{chart_id} .series .line{{fill:none;stroke:{colour};stroke-width:2.5px}}"
           f"#{chart_id} .series .dot,#{chart_id} .series .bar{{fill:{colour}}}{extra_css}")
    return [f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart" '
            f'viewBox="0 0 {WIDTH} {_n(height)}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
            f'<title id="{chart_id}-title">{escape(title)}</title>',
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
            f"<style>{escape(css)}</style>",
            f'<rect class="background" x="0" y="0" width="{WIDTH}" height="{_n(height)}" fill="#ffffff"/>',
            f'<text class="title" x="{WIDTH / 2:g}" y="{TITLE_Y}" text-anchor="middle">{escape(title)}</text>']


def _shown_labels(count: int) -> set[int]:
    """Which of ``count`` date labels to print: all when few, else every n-th and always the last."""
    if count <= MAX_X_LABELS:
        return set(range(count))
    step = math.ceil(count / MAX_X_LABELS)
    shown = set(range(0, count, step))
    last_regular = max(shown)
    if count - 1 - last_regular < step / 2:
        shown.discard(last_regular)
    return shown | {count - 1}


def _spaced(shown: list[int], x_of: Callable[[int], float], gap: float) -> list[int]:
    """Labels at least ``gap`` apart (dates close together would overprint); the last one always stays."""
    kept: list[int] = []
    for i in shown:
        if kept and x_of(i) - x_of(kept[-1]) < gap:
            if i != shown[-1]:
                continue
            kept.pop()  # the latest date matters most: it replaces its too-close neighbour
        kept.append(i)
    return kept


def line_svg(chart_id: str, title: str, description: str, labels: Sequence[str], values: Sequence[float],
             from_zero: bool, fonts: str, colour: str, value_text: Callable[[float], str],
             x_title: str = "", positions: Sequence[float] | None = None) -> str:
    """One series over time: dots joined by a line, each value printed above its dot.

    ``positions`` (0 … 1, one per value) place the dots along the axis in proportion to their
    dates, so that a five-month gap looks five times as long as a one-month one; without them
    the dots are evenly spaced."""
    rotate = len(labels) > 5
    left, top = 64.0, 56.0
    right = 84.0 if rotate else 32.0  # room for the last date, slanting to the right
    inset = 20.0  # first and last dots clear of the axes and their labels
    bottom = 78.0 if rotate else 50.0
    bottom += 22 if x_title else 0
    plot_w, plot_h = WIDTH - left - right, HEIGHT - top - bottom
    ticks = _ticks(min(values), max(values), from_zero)
    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    def x_of(i: int) -> float:
        if len(values) == 1:
            return left + plot_w / 2
        share = positions[i] if positions is not None else i / (len(values) - 1)
        return left + inset + share * (plot_w - 2 * inset)

    out = _head(chart_id, title, description, HEIGHT, fonts, colour)
    out.append('<g class="axis y">')
    for tick in ticks:
        y = _n(y_of(tick))
        out.append(f'<line class="guide" x1="{_n(left)}" y1="{y}" x2="{_n(left + plot_w)}" y2="{y}"/>'
                   f'<text x="{_n(left - 8)}" y="{_n(y_of(tick) + 4)}" text-anchor="end">{escape(value_text(tick))}'
                   "</text>")
    out.append("</g>")
    base = _n(top + plot_h)
    out.append(f'<g class="axis x"><line class="line" x1="{_n(left)}" y1="{base}" x2="{_n(left + plot_w)}" '
               f'y2="{base}"/>')
    label_y = top + plot_h + 20
    for i in _spaced(sorted(_shown_labels(len(labels))), x_of, MIN_LABEL_GAP_ROTATED if rotate else MIN_LABEL_GAP):
        x = _n(x_of(i))
        if rotate:
            out.append(f'<text x="{x}" y="{_n(label_y)}" text-anchor="start" '
                       f'transform="rotate(30 {x} {_n(label_y)})">{escape(labels[i])}</text>')
        else:
            out.append(f'<text x="{x}" y="{_n(label_y)}" text-anchor="middle">{escape(labels[i])}</text>')
    out.append("</g>")
    if x_title:  # outside the axis group: its texts are the dates only
        out.append(f'<text class="x-title" x="{_n(left + plot_w / 2)}" y="{HEIGHT - 10}" '
                   f'text-anchor="middle">{escape(x_title)}</text>')
    # Each dot's coordinates written once: the line, the dot and the value above it share them.
    xs = [_n(x_of(i)) for i in range(len(values))]
    ys = [y_of(v) for v in values]
    dots = list(zip(xs, [_n(y) for y in ys], strict=True))
    out.append(f'<g class="series"><polyline class="line" points="{" ".join(f"{x},{y}" for x, y in dots)}"/>')
    out += [f'<circle class="dot" cx="{x}" cy="{y}" r="4"/>' for x, y in dots]
    out.append('</g><g class="text-overlay">')
    out += [f'<text class="value" x="{x}" y="{_n(y - 9)}" text-anchor="middle">'
            f"{escape(value_text(v))}</text>" for x, y, v in zip(xs, ys, values, strict=True)]
    out.append("</g></svg>")
    return "".join(out)


def bar_svg(chart_id: str, title: str, description: str, labels: Sequence[str], values: Sequence[float],
            fonts: str, colour: str, value_text: Callable[[float], str]) -> str:
    """Horizontal bars, one per label, in the order given (top to bottom), each with its value."""
    row = 34.0
    height = max(HEIGHT, 90 + row * len(labels))
    widest = max((len(label) for label in labels), default=2)
    left = min(max(16.0 + CHAR_WIDTH * widest, 60.0), 240.0)
    right, top = 48.0, 48.0
    plot_w = WIDTH - left - right
    plot_h = height - top - 36
    ticks = _ticks(min(values, default=0), max(values, default=1), True)
    low, high = ticks[0], ticks[-1]

    def x_of(value: float) -> float:
        return left + (value - low) / (high - low) * plot_w

    inside = "#ffffff"
    out = _head(chart_id, title, description, height, fonts, colour,
                f"#{chart_id} .text-overlay text.value.inside{{fill:{inside}}}")
    out.append('<g class="axis y">')
    for tick in ticks:
        x = _n(x_of(tick))
        out.append(f'<line class="guide" x1="{x}" y1="{_n(top)}" x2="{x}" y2="{_n(top + plot_h)}"/>'
                   f'<text x="{x}" y="{_n(top + plot_h + 18)}" text-anchor="middle">{escape(value_text(tick))}'
                   "</text>")
    out.append('</g><g class="axis x">')
    step = plot_h / max(len(labels), 1)
    centre = [top + step * (i + 0.5) for i in range(len(labels))]
    out += [f'<text x="{_n(left - 8)}" y="{_n(c + 4.5)}" text-anchor="end">{escape(label)}</text>'
            for label, c in zip(labels, centre, strict=True)]
    zero = x_of(0.0)
    out.append(f'<line class="line" x1="{_n(zero)}" y1="{_n(top)}" x2="{_n(zero)}" y2="{_n(top + plot_h)}"/>')
    out.append('</g><g class="series">')
    bar_h = min(step * 0.7, 26.0)
    for value, c in zip(values, centre, strict=True):
        x0, x1 = sorted((zero, x_of(value)))
        out.append(f'<rect class="bar" x="{_n(x0)}" y="{_n(c - bar_h / 2)}" width="{_n(x1 - x0)}" '
                   f'height="{_n(bar_h)}"/>')
    out.append('</g><g class="text-overlay">')
    for value, c in zip(values, centre, strict=True):
        text = value_text(value)
        x0, x1 = sorted((zero, x_of(value)))
        if x1 - x0 > 8 * len(text) + 12:  # room inside the bar: white on the bar's colour
            out.append(f'<text class="value inside" x="{_n((x0 + x1) / 2)}" y="{_n(c + 4.5)}" '
                       f'text-anchor="middle">{escape(text)}</text>')
        else:  # a short bar: the value just beyond its end, in the text colour
            out.append(f'<text class="value" x="{_n(x1 + 6)}" y="{_n(c + 4.5)}" '
                       f'text-anchor="start">{escape(text)}</text>')
    out.append("</g></svg>")
    return "".join(out)

