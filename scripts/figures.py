"""The article's figures, drawn from the neutral tables in one edition's language.

`audience_age_figure(table, strings, fmt)` returns the PNG or SVG bytes of the age
distribution of each account's followers: one bar per age range, grouped by account when
there are several, value labels on the bars. The PDF takes the SVG (vector), the DOCX the
PNG at 300 ppi. Byte-identical across runs: fixed size and dpi, matplotlib's own defaults
(no matplotlibrc), the DejaVu Serif file bundled with matplotlib loaded by path (a serif
face beside the serif body), a fixed SVG id salt, and no software or date metadata.

CLI (writes the PNG and, with --svg, the SVG):
    python -m scripts.figures audience_age --table build/tables/audience_age.csv --lang id \
        --strings templates/i18n/id.yaml --out build/id/figures/audience_age.png \
        --svg build/id/figures/audience_age.svg
"""

from __future__ import annotations

import argparse
import io
from decimal import Decimal
from pathlib import Path

from scripts import yamlfile
from scripts.errors import UserError, finding, run_cli
from scripts.files import write_atomic
from scripts.formatting import MissingString, age_sort_key, format_age_range, format_percent, lookup, plain_number
from scripts.tables import read_table

DPI = 300
SIZE_IN = (6.3, 3.3)  # 16 cm: one A4 text column wide; 1890 × 990 px at DPI
FONT_FILE = "DejaVuSerif.ttf"
# Metadata matplotlib would stamp (software, date): none, for identical bytes.
NO_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}
FONT_SIZE = 8.0
LABEL_SIZE = 6.5
# Okabe–Ito colours, distinguishable with colour-vision deficiencies; hatches once they run out.
COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\"]

FIGURES = ("audience_age",)


def _series(table) -> tuple[list[str], list[str], dict[str, dict[str, str]]]:
    """(accounts in table order, age ranges by lower bound, account → age range → share text)."""
    accounts: list[str] = []
    shares: dict[str, dict[str, str]] = {}
    for account, age_range, share in zip(table["account"], table["age_range"], table["share_pct"]):
        if account not in shares:
            accounts.append(account)
            shares[account] = {}
        shares[account][age_range] = share
    ranges = sorted({r for per in shares.values() for r in per}, key=lambda r: (age_sort_key(r), r))
    return accounts, ranges, shares


def audience_age_figure(table, strings: dict, fmt: str = "png") -> bytes:
    """PNG or SVG (`fmt`) of the neutral audience_age table: a DataFrame or a mapping
    column → cells (columns account, age_range, share_pct, rows in table order)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import MaxNLocator

    text = lambda key: lookup(strings, f"figures.audience_age.{key}")  # noqa: E731
    accounts, ranges, shares = _series(table)
    font_file = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FONT_FILE
    font = FontProperties(fname=font_file, size=FONT_SIZE)
    small = FontProperties(fname=font_file, size=LABEL_SIZE)

    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # ignore any matplotlibrc of the machine
        matplotlib.rcParams.update({"text.parse_math": False, "svg.hashsalt": "audience_age",
                                    "font.family": "DejaVu Serif", "font.size": FONT_SIZE})
        fig = Figure(figsize=SIZE_IN, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        n = max(len(accounts), 1)
        width = 0.8 / n
        top = max((float(Decimal(plain_number(v))) for per in shares.values() for v in per.values()), default=0.0)
        rotate = n * len(ranges) > 24  # crowded: vertical value labels
        bars, names = [], []
        for i, account in enumerate(accounts):
            xs = [j + (i - (n - 1) / 2) * width for j, r in enumerate(ranges) if r in shares[account]]
            values = [shares[account][r] for r in ranges if r in shares[account]]
            container = ax.bar(xs, [float(Decimal(plain_number(v))) for v in values], width=width * 0.92,
                               color=COLORS[i % len(COLORS)], hatch=HATCHES[(i // len(COLORS)) % len(HATCHES)],
                               edgecolor="white" if i < len(COLORS) else "black", linewidth=0.4)
            ax.bar_label(container, labels=[format_percent(v, strings) for v in values], padding=1.5,
                         fontproperties=small, rotation=90 if rotate else 0)
            bars.append(container)
            names.append(account)
        ymax = top * (1.25 if rotate else 1.15) or 1.0
        ticks = [t for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(0, ymax) if 0 <= t <= ymax]
        ax.set_ylim(0, ymax)
        ax.set_yticks(ticks, labels=[format_percent(plain_number(round(t, 6)), strings) for t in ticks], fontproperties=font)
        ax.set_xticks(range(len(ranges)), labels=[format_age_range(r) for r in ranges], fontproperties=font)
        ax.set_xlim(-0.5, max(len(ranges), 1) - 0.5)
        ax.set_xlabel(text("x_label"), fontproperties=font)
        ax.set_ylabel(text("y_label"), fontproperties=font)
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.grid(True, linewidth=0.4, color="#d0d0d0")
        ax.set_axisbelow(True)
        if bars:
            # Above the plot area, so it never hides a bar.
            ax.legend(bars, names, title=text("legend"), prop=font, title_fontproperties=font, frameon=False,
                      loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=min(len(bars), 4))
        out = io.BytesIO()
        fig.savefig(out, format=fmt, dpi=DPI, metadata=NO_METADATA[fmt])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.figures", description=__doc__.split("\n\n")[0])
    parser.add_argument("name", choices=FIGURES)
    parser.add_argument("--table", required=True, help="the neutral CSV of the table drawn")
    parser.add_argument("--lang", required=True)
    parser.add_argument("--strings", required=True, help="the edition's strings YAML")
    parser.add_argument("--out", required=True, help="the PNG")
    parser.add_argument("--svg", help="also write the SVG here")
    args = parser.parse_args(argv)

    table = read_table(args.table, ["account", "age_range", "share_pct"])
    strings = yamlfile.load(args.strings)
    try:
        png = audience_age_figure(table, strings, "png")
        svg = audience_age_figure(table, strings, "svg") if args.svg else None
    except MissingString as missing:
        raise UserError(finding(args.strings, "missing-string", f"no string '{missing.key}' for figure {args.name}")) from None
    except ValueError as err:
        raise UserError(finding(args.table, "data", str(err))) from None
    write_atomic(args.out, png)
    if svg is not None:
        write_atomic(args.svg, svg)
    return 0


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
