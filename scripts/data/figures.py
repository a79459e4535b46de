"""The article's figures: a declared bar chart (data/figures/<name>.yaml) drawn over its table
in one edition's language, or a figure an author draws in Python with matplotlib.

`bar_chart(figure, column_formats, table, strings, lang, fmt)` returns the PNG or SVG bytes of
a declared figure (`bar_charts`: several formats from one drawing): one group of bars per
category (sorted as the category column's format sorts it), one bar per series value in each
group with a legend (none for a single series: the caption names it), value labels on the bars.
The PDF takes the SVG (vector), the DOCX the PNG at 300 ppi. Byte-identical across runs:
fixed size and dpi, matplotlib's own defaults (no matplotlibrc), the STIX General file
bundled with matplotlib loaded by path (a Times-like serif, the closest face to the body's
Libertinus Serif that a package ships offline), an SVG id salt
from the figure's name, and no software or date metadata. A declaration with
`draw: MODULE:FUNCTION` calls `FUNCTION(table, texts, strings, fmt)` instead, inside the same
settings (`deterministic`).

CLI (writes the PNG and, with --svg, the SVG):
    python -m scripts.data.figures NAME --table build/tables/TABLE.csv --lang id \
        --strings templates/i18n/id.yaml --out build/id/figures/NAME.png --svg build/id/figures/NAME.svg
"""

from __future__ import annotations

import argparse
import importlib
import io
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from scripts.core import yamlfile
from scripts.core.errors import UserError, finding, run_cli
from scripts.core.files import write_atomic
from scripts.core.formatting import (
    MissingString,
    age_sort_key,
    format_age_range,
    format_number,
    format_percent,
    plain_number,
)
from scripts.data import declared_figures
from scripts.data import declared_tables as declared
from scripts.data.declared_figures import FOLDER, Figure
from scripts.data.tables import read_table

DPI = 300
SIZE_IN = (6.3, 3.3)  # 16 cm: one A4 text column wide; 1890 × 990 px at DPI
FONT_FILE = "STIXGeneral.ttf"
# Metadata matplotlib would stamp (software, date): none, for identical bytes.
NO_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}
FONT_SIZE = 8.0
LABEL_SIZE = 6.5
# Okabe–Ito colours, distinguishable with colour-vision deficiencies; hatches once they run out.
COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\"]


def _sort_key(fmt: str):
    """How the categories of a column of format `fmt` are ordered (None: in table order)."""
    if fmt == "age_range":
        return lambda value: (age_sort_key(value), value)
    if fmt in ("number", "percent"):
        return lambda value: Decimal(plain_number(value))
    return None


def _series(
    table, category: str, value: str, series: str | None, category_format: str
) -> tuple[list[str], list[str], dict[str, dict[str, str]]]:
    """(series values in table order, categories, series value → category → value text)."""
    names: list[str] = []
    cells: dict[str, dict[str, str]] = {}
    series_cells = table[series] if series else [""] * len(table[category])
    for name, cat, cell in zip(series_cells, table[category], table[value]):
        if name not in cells:
            names.append(name)
            cells[name] = {}
        cells[name][cat] = cell
    ordered = list(dict.fromkeys(c for per in cells.values() for c in per))
    key = _sort_key(category_format)
    return names, sorted(ordered, key=key) if key else ordered, cells


def _cell_text(fmt: str, strings: dict):
    if fmt == "percent":
        return lambda v: format_percent(v, strings)
    if fmt == "number":
        return lambda v: format_number(v, strings)
    if fmt == "age_range":
        return format_age_range
    return str


@contextmanager
def deterministic(salt: str):
    """matplotlib's defaults, no machine matplotlibrc, a fixed SVG id salt: identical bytes anywhere."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # ignore any matplotlibrc of the machine
        matplotlib.rcParams.update(
            {"text.parse_math": False, "svg.hashsalt": salt, "font.family": "STIXGeneral", "font.size": FONT_SIZE}
        )
        yield


def save(fig, fmt: str) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format=fmt, dpi=DPI, metadata=NO_METADATA[fmt])
    return out.getvalue()


def bar_chart(figure: Figure, formats: dict[str, str], table, strings: dict, lang: str, fmt: str = "png") -> bytes:
    """PNG or SVG (`fmt`) of the declared bar chart `figure` over `table` (a mapping column →
    cells, or a DataFrame) in edition `lang`; `formats`: the table's column formats."""
    return bar_charts(figure, formats, table, strings, lang, (fmt,))[fmt]


def bar_charts(figure: Figure, formats: dict[str, str], table, strings: dict, lang: str, fmts) -> dict[str, bytes]:
    """The chart of `bar_chart` drawn once and saved in each of `fmts` (each file as `bar_chart`
    writes it alone: a save draws the whole figure anew)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import MaxNLocator

    spec = figure.data
    series = spec.get("series")
    series_names, ranges, shares = _series(
        table, spec["category"], spec["value"], series, formats.get(spec["category"], "text")
    )
    value_text = _cell_text(formats[spec["value"]], strings)
    category_text = _cell_text(formats.get(spec["category"], "text"), strings)
    font_file = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FONT_FILE
    font = FontProperties(fname=font_file, size=FONT_SIZE)
    small = FontProperties(fname=font_file, size=LABEL_SIZE)

    with deterministic(figure.name):
        fig = MplFigure(figsize=SIZE_IN, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        n = max(len(series_names), 1)
        width = 0.8 / n
        top = max((float(Decimal(plain_number(v))) for per in shares.values() for v in per.values()), default=0.0)
        rotate = n * len(ranges) > 24  # crowded: vertical value labels
        bars, names = [], []
        for i, name in enumerate(series_names):
            xs = [j + (i - (n - 1) / 2) * width for j, r in enumerate(ranges) if r in shares[name]]
            values = [shares[name][r] for r in ranges if r in shares[name]]
            container = ax.bar(
                xs,
                [float(Decimal(plain_number(v))) for v in values],
                width=width * 0.92,
                color=COLORS[i % len(COLORS)],
                hatch=HATCHES[(i // len(COLORS)) % len(HATCHES)],
                edgecolor="white" if i < len(COLORS) else "black",
                linewidth=0.4,
            )
            ax.bar_label(
                container,
                labels=[value_text(v) for v in values],
                padding=1.5,
                fontproperties=small,
                rotation=90 if rotate else 0,
            )
            bars.append(container)
            names.append(name)
        ymax = top * (1.25 if rotate else 1.15) or 1.0
        ticks = [t for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(0, ymax) if 0 <= t <= ymax]
        ax.set_ylim(0, ymax)
        ax.set_yticks(ticks, labels=[value_text(plain_number(round(t, 6))) for t in ticks], fontproperties=font)
        ax.set_xticks(range(len(ranges)), labels=[category_text(r) for r in ranges], fontproperties=font)
        ax.set_xlim(-0.5, max(len(ranges), 1) - 0.5)
        ax.set_xlabel(figure.text("x_label", lang), fontproperties=font)
        ax.set_ylabel(figure.text("y_label", lang), fontproperties=font)
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.grid(True, linewidth=0.4, color="#d0d0d0")
        ax.set_axisbelow(True)
        if len(bars) > 1:
            # Above the plot area, so it never hides a bar.
            ax.legend(
                bars,
                names,
                title=figure.text("legend", lang),
                prop=font,
                title_fontproperties=font,
                frameon=False,
                loc="lower center",
                bbox_to_anchor=(0.5, 1.0),
                ncols=min(len(bars), 4),
            )
        return {fmt: save(fig, fmt) for fmt in fmts}


def drawn_in_python(figure: Figure, table, strings: dict, lang: str, fmt: str) -> bytes:
    """The bytes of a figure whose declaration says `draw: MODULE:FUNCTION`: FUNCTION(table,
    texts, strings, fmt) with `texts` the declaration's texts in `lang`, inside `deterministic`."""
    module, _, function = str(figure.data["draw"]).partition(":")
    draw = getattr(importlib.import_module(module), function)
    texts = {
        key: figure.text(key, lang) for key, value in figure.data.items() if isinstance(value, dict) and lang in value
    }
    with deterministic(figure.name):
        return draw(table, texts, strings, fmt)


def render(
    name: str,
    table_path: str | Path,
    strings_path: str | Path,
    lang: str,
    formats=("png", "svg"),
    folder: str | Path = FOLDER,
) -> dict[str, bytes]:
    """Figure `name` in edition `lang`, by format."""
    tables = declared.load_all()
    figure = declared_figures.load_all(folder, tables).get(name)
    if figure is None:
        raise UserError(finding(folder, "unknown-figure", f"no figure '{name}' is declared in {folder}/"))
    spec = figure.data
    table = read_table(table_path, [spec[k] for k in ("category", "value", "series") if k in spec])
    strings = yamlfile.load(strings_path)
    formats_of = {c["name"]: c.get("format", "text") for c in tables[figure.table].columns}
    try:
        if "draw" in spec:
            return {fmt: drawn_in_python(figure, table, strings, lang, fmt) for fmt in formats}
        return bar_charts(figure, formats_of, table, strings, lang, formats)
    except MissingString as missing:
        raise UserError(
            finding(strings_path, "missing-string", f"no string '{missing.key}' for figure {name}")
        ) from None
    except ValueError as err:
        raise UserError(finding(table_path, "data", str(err))) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.data.figures", description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="a figure declared in data/figures/<name>.yaml")
    parser.add_argument("--table", required=True, help="the neutral CSV of the table drawn")
    parser.add_argument("--lang", required=True)
    parser.add_argument("--strings", required=True, help="the edition's strings YAML (number formats)")
    parser.add_argument("--out", required=True, help="the PNG")
    parser.add_argument("--svg", help="also write the SVG here")
    args = parser.parse_args(argv)

    images = render(args.name, args.table, args.strings, args.lang, ("png", "svg") if args.svg else ("png",))
    write_atomic(args.out, images["png"])
    if args.svg:
        write_atomic(args.svg, images["svg"])
    return 0


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
