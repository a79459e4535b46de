"""The workflow's merged data jobs: several light steps in one process.

Each step is a function of an existing module (scripts.data.validate, scripts.data.tables,
scripts.data.values, scripts.data.figures) called with plain arguments in this interpreter,
instead of one interpreter per step: the light steps cost 0.06–0.20 s each as jobs, most of
it Python's start and imports. Each module's main() stays its own command line.

    python -m scripts.data.jobs neutral  --raw DIR --config JSON [--declared DIR] --report OUT
                                    --tables CSV… --values OUT
    python -m scripts.data.jobs localize --lang LANG --strings YAML --tables CSV… --values JSON
                                    --out-tables MD… --out-values OUT
    python -m scripts.data.jobs figures  --raw DIR --config JSON --strings YAML… --png PNG… --svg SVG…

A table's name is its file's stem (build/tables/<name>.csv, build/<lang>/tables/<name>.md);
a figure's edition and name come from its path (build/<lang>/figures/<name>.png), and the
table it is drawn from from its declaration (scripts/data/catalog.py). A job is all or nothing:
when a step fails, every output of the job is removed, and the step's findings are printed
(`FILE:LINE[:COL]: severity [rule] message`) as the module alone prints them.
"""

from __future__ import annotations

import argparse
import functools
import tempfile
from collections.abc import Callable
from pathlib import Path

from scripts.core.errors import UserError, finding, run_cli
from scripts.core.files import write_atomic
from scripts.data import declared_tables as declared

# A step: a call with its arguments bound; it raises UserError on bad input.
Step = Callable[[], object]


def stem(path: str) -> str:
    return Path(path).stem


def run_all(steps: Callable[[], list[Step]], outputs: list[str]) -> int:
    """Run every step `steps()` lists, in order; the first that fails removes all `outputs`
    and ends the job."""
    try:
        for step in steps():
            step()
    except BaseException:
        for path in outputs:
            Path(path).unlink(missing_ok=True)
        raise
    return 0


def write(path: str | Path, make: Callable[..., str | bytes], *args) -> Step:
    """A step writing what `make(*args)` returns to `path`."""
    return lambda: write_atomic(path, make(*args))


def neutral_steps(args: argparse.Namespace) -> list[Step]:
    """Validate every raw file, then every language-neutral table, then the values."""
    from scripts.data import (
        catalog,
        contract,
        declared_values,
        tables,
        validate,
        values,
    )

    tables_contract = contract.load()
    families = declared_values.load_all(tables=tables_contract)
    # The declared tables whose flags the values count: the neutral CSVs this job writes first.
    neutral = dict(paired(args.tables, [f"{name}.csv" for name in catalog.value_tables(families)], "neutral table"))
    languages = validate.languages_of(args.config)
    return [
        lambda: print(validate.run(args.raw, args.report, None, languages, tables_contract)),
        *(write(out, tables.neutral, stem(out), args.raw, args.declared) for out in args.tables),
        write(
            args.values,
            lambda: values.dumps(
                values.computed(
                    args.raw, {stem(target): source for source, target in neutral.items()}, families, tables_contract
                )
            ),
        ),
    ]


def paired(sources: list[str], targets: list[str], what: str) -> list[tuple[str, str]]:
    """(source, target) by name: each target's source has the same stem."""
    by_name = {stem(path): path for path in sources}
    missing = [target for target in targets if stem(target) not in by_name]
    if missing:
        raise UserError(finding(missing[0], "missing-input", f"no {what} named '{stem(missing[0])}' among the inputs"))
    return [(by_name[stem(target)], target) for target in targets]


def localize_steps(args: argparse.Namespace) -> list[Step]:
    """One edition's tables, then its values."""
    from scripts.data import tables, values

    return [
        *(
            write(out, tables.localized, stem(out), table, args.strings, args.lang)
            for table, out in paired(args.tables, args.out_tables, "neutral table")
        ),
        write(args.out_values, values.localized, args.values, args.strings, args.lang),
    ]


def figure_of(png: str) -> tuple[str, str]:
    """(edition, figure name) of a figure's PNG path (paths.LOCAL_FIGURE)."""
    path = Path(png)
    return path.parent.parent.name, path.stem


def draw(name: str, table: Path, strings: str, lang: str, png: str, svg: str) -> None:
    """Figure `name` of edition `lang`, its PNG and SVG."""
    from scripts.data import figures

    images = figures.render(name, table, strings, lang)
    write_atomic(png, images["png"])
    write_atomic(svg, images["svg"])


def figure_steps(args: argparse.Namespace, work: Path) -> list[Step]:
    """Every figure of every edition, from the raw files: the files of the figures' tables are
    validated, the tables computed into `work`, then drawn, matplotlib imported once.

    Reading the raw files rather than the data job's neutral tables (which that job rewrites on
    any raw edit) keeps an edit to a file no figure reads from redrawing every figure.
    """
    from scripts.data import catalog, tables, validate

    strings = {stem(path): path for path in args.strings}
    svgs = {figure_of(svg): svg for svg in args.svg}
    drawn = [(png, *figure_of(png)) for png in args.png]
    table_of = catalog.figures()
    for png, lang, name in drawn:
        if name not in table_of or lang not in strings or (lang, name) not in svgs:
            raise UserError(
                finding(
                    png,
                    "missing-input",
                    f"figure '{name}' of edition '{lang}': no declared figure, strings or SVG for it among the inputs",
                )
            )
    drawn_tables = list(dict.fromkeys(table_of[name] for _, _, name in drawn))
    reads = catalog.tables()
    stems = list(dict.fromkeys(raw for table in drawn_tables for raw in reads[table]))
    return [
        lambda: print(validate.run(args.raw, None, stems, validate.languages_of(args.config))),
        *(write(work / f"{table}.csv", tables.neutral, table, args.raw, args.declared) for table in drawn_tables),
        *(
            functools.partial(draw, name, work / f"{table_of[name]}.csv", strings[lang], lang, png, svgs[(lang, name)])
            for png, lang, name in drawn
        ),
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scripts.data.jobs", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    neutral = sub.add_parser("neutral", help="validate the raw data, write every neutral table and the values")
    neutral.add_argument("--raw", required=True, help="folder of the raw CSV files")
    neutral.add_argument("--config", required=True, help="the part of config.yaml holding `languages`")
    neutral.add_argument(
        "--declared",
        default=declared.FOLDER,
        help=f"the folder of table declarations (default {declared.FOLDER}, where scripts.data.tables reads them)",
    )
    neutral.add_argument("--report", required=True, help="the validation report (JSON)")
    neutral.add_argument("--tables", nargs="*", default=[], help="the neutral CSV of each table, named <table>.csv")
    neutral.add_argument("--values", required=True, help="the language-neutral values (JSON)")
    loc = sub.add_parser("localize", help="write one edition's tables and values")
    loc.add_argument("--lang", required=True)
    loc.add_argument("--strings", required=True, help="the edition's strings YAML")
    loc.add_argument("--tables", nargs="*", default=[], help="the neutral CSVs")
    loc.add_argument("--values", required=True, help="the neutral values JSON")
    loc.add_argument("--out-tables", nargs="*", default=[], help="the edition's Markdown tables, named <table>.md")
    loc.add_argument("--out-values", required=True)
    fig = sub.add_parser("figures", help="draw every figure of every edition")
    fig.add_argument("--raw", required=True, help="folder of the raw CSV files")
    fig.add_argument("--config", required=True, help="the part of config.yaml holding `languages`")
    fig.add_argument(
        "--declared", default=declared.FOLDER, help=f"the folder of table declarations (default {declared.FOLDER})"
    )
    fig.add_argument("--strings", nargs="+", required=True, help="each edition's strings YAML, named <lang>.yaml")
    fig.add_argument("--png", nargs="+", required=True, help="build/<lang>/figures/<name>.png")
    fig.add_argument("--svg", nargs="+", required=True, help="build/<lang>/figures/<name>.svg, one per PNG")
    return parser


STEPS = {"neutral": neutral_steps, "localize": localize_steps}
OUTPUTS = {
    "neutral": lambda args: [args.report, *args.tables, args.values],
    "localize": lambda args: [*args.out_tables, args.out_values],
    "figures": lambda args: [*args.png, *args.svg],
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "figures":
        with tempfile.TemporaryDirectory(prefix="figures-") as work:
            return run_all(lambda: figure_steps(args, Path(work)), OUTPUTS[args.command](args))
    return run_all(lambda: STEPS[args.command](args), OUTPUTS[args.command](args))


if __name__ == "__main__":
    raise SystemExit(run_cli(main))
