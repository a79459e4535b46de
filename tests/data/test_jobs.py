"""scripts.data.jobs: the data steps of one job in one process write exactly what the modules
write one by one, and a failing step leaves none of the job's outputs behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from scripts.core.errors import run_cli
from scripts.data import catalog, figures, jobs, tables, values
from scripts.data import declared_tables as declared

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
LANGS = ("id", "en")
STRINGS = {lang: REPO / "templates" / "i18n" / f"{lang}.yaml" for lang in LANGS}
TABLES = list(catalog.tables(declared.load_all(REPO / declared.FOLDER)))


def languages_file(tmp_path: Path) -> Path:
    path = tmp_path / "languages.json"
    path.write_text('{"languages": ["id", "en"]}\n', encoding="utf-8")
    return path


def neutral(tmp_path: Path, raw: Path = RAW) -> tuple[int, list[Path]]:
    """Run the neutral job into tmp_path/job: (exit code, [report, tables…, values])."""
    out = tmp_path / "job"
    table_files = [out / "tables" / f"{name}.csv" for name in TABLES]
    outputs = [out / "data.json", *table_files, out / "values.json"]
    code = run_cli(
        jobs.main,
        [
            "neutral",
            "--raw",
            str(raw),
            "--config",
            str(languages_file(tmp_path)),
            "--declared",
            str(REPO / declared.FOLDER),
            "--report",
            str(outputs[0]),
            "--tables",
            *map(str, table_files),
            "--values",
            str(outputs[-1]),
        ],
    )
    return code, outputs


def localize(tmp_path: Path, lang: str, strings: Path, neutral_out: list[Path]) -> tuple[int, list[Path]]:
    out = tmp_path / "job" / lang
    table_files = [out / "tables" / f"{name}.md" for name in TABLES]
    code = run_cli(
        jobs.main,
        [
            "localize",
            "--lang",
            lang,
            "--strings",
            str(strings),
            "--tables",
            *map(str, neutral_out[1:-1]),
            "--values",
            str(neutral_out[-1]),
            "--out-tables",
            *map(str, table_files),
            "--out-values",
            str(out / "values.json"),
        ],
    )
    return code, [*table_files, out / "values.json"]


def test_the_neutral_job_writes_what_each_module_writes_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # declared tables are read from data/tables, as in the workflow
    code, outputs = neutral(tmp_path)
    assert code == 0
    assert '"valid": true' in outputs[0].read_text(encoding="utf-8")
    for name, made in zip(TABLES, outputs[1:-1]):
        alone = tmp_path / f"{name}.csv"
        assert run_cli(tables.main, ["neutral", name, "--raw", str(RAW), "--out", str(alone)]) == 0
        assert made.read_bytes() == alone.read_bytes(), name
    alone = tmp_path / "values-alone.json"
    assert (
        run_cli(
            values.main, ["compute", "--raw", str(RAW), "--tables", str(tmp_path / "findings.csv"), "--out", str(alone)]
        )
        == 0
    )
    assert outputs[-1].read_bytes() == alone.read_bytes()


def test_the_localize_job_writes_what_each_module_writes_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    _, made = neutral(tmp_path)
    for lang in LANGS:
        code, outputs = localize(tmp_path, lang, STRINGS[lang], made)
        assert code == 0
        for name, table, out in zip(TABLES, made[1:-1], outputs):
            alone = tmp_path / lang / f"{name}.md"
            assert (
                run_cli(
                    tables.main,
                    [
                        "localize",
                        name,
                        "--table",
                        str(table),
                        "--lang",
                        lang,
                        "--strings",
                        str(STRINGS[lang]),
                        "--out",
                        str(alone),
                    ],
                )
                == 0
            )
            assert out.read_bytes() == alone.read_bytes(), (lang, name)
        alone = tmp_path / lang / "values.json"
        assert (
            run_cli(
                values.main,
                [
                    "localize",
                    "--values",
                    str(made[-1]),
                    "--lang",
                    lang,
                    "--strings",
                    str(STRINGS[lang]),
                    "--out",
                    str(alone),
                ],
            )
            == 0
        )
        assert outputs[-1].read_bytes() == alone.read_bytes()


def figures_job(tmp_path: Path, raw: Path = RAW) -> tuple[int, list[Path]]:
    png = [tmp_path / "job" / lang / "figures" / f"{name}.png" for lang in LANGS for name in catalog.figures()]
    svg = [path.with_suffix(".svg") for path in png]
    code = run_cli(
        jobs.main,
        [
            "figures",
            "--raw",
            str(raw),
            "--config",
            str(languages_file(tmp_path)),
            "--strings",
            *map(str, STRINGS.values()),
            "--png",
            *map(str, png),
            "--svg",
            *map(str, svg),
        ],
    )
    return code, png + svg


def test_the_figures_job_draws_every_edition_as_the_module_alone_does(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    _, made = neutral(tmp_path)
    code, outputs = figures_job(tmp_path)
    assert code == 0
    for path in outputs[: len(outputs) // 2]:
        lang, name = path.parent.parent.name, path.stem
        table = next(t for t in made[1:-1] if t.stem == catalog.figures()[name])
        alone = tmp_path / "alone" / lang / f"{name}.png"
        assert (
            run_cli(
                figures.main,
                [
                    name,
                    "--table",
                    str(table),
                    "--lang",
                    lang,
                    "--strings",
                    str(STRINGS[lang]),
                    "--out",
                    str(alone),
                    "--svg",
                    str(alone.with_suffix(".svg")),
                ],
            )
            == 0
        )
        assert (
            path.read_bytes() == alone.read_bytes()
            and path.with_suffix(".svg").read_bytes() == alone.with_suffix(".svg").read_bytes()
        )


def broken_share(tmp_path: Path) -> tuple[Path, Path, int]:
    """A copy of data/raw with a letter O for a zero in an audience share: (raw folder, file, row)."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "audience_age.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.endswith(",40"))
    lines[row] = lines[row][:-2] + "4O"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw, path, row + 1


def test_the_figures_job_validates_what_it_draws_and_leaves_no_output(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    raw, path, row = broken_share(tmp_path)
    code, outputs = figures_job(tmp_path, raw)
    assert code == 1
    assert f"{path}:{row}:share_pct: error [type]" in capsys.readouterr().err
    assert not [out for out in outputs if out.exists()]


def test_invalid_data_names_file_row_and_rule_and_leaves_no_output(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    raw, path, row = broken_share(tmp_path)
    stale = tmp_path / "job" / "tables" / f"{TABLES[0]}.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("from an earlier run\n", encoding="utf-8")
    code, outputs = neutral(tmp_path, raw)
    assert code == 1
    err = capsys.readouterr().err
    assert f"{path}:{row}:share_pct: error [type]" in err and "Traceback" not in err
    assert not [out for out in outputs if out.exists()]


def test_a_later_step_failing_removes_what_the_earlier_steps_wrote(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    _, made = neutral(tmp_path)
    strings = yaml.safe_load(STRINGS["en"].read_text(encoding="utf-8"))
    del strings["dates"]  # the values, localized after every table, need the month names
    bad = tmp_path / "en.yaml"
    bad.write_text(yaml.safe_dump(strings, allow_unicode=True), encoding="utf-8")
    code, outputs = localize(tmp_path, "en", bad, made)
    assert code == 1
    assert capsys.readouterr().err.startswith(f"{bad}: error [missing-string]")
    assert not [out for out in outputs if out.exists()]


def test_an_output_without_its_input_is_named(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    _, made = neutral(tmp_path)
    out = tmp_path / "en" / "tables" / "nothing.md"
    code = run_cli(
        jobs.main,
        [
            "localize",
            "--lang",
            "en",
            "--strings",
            str(STRINGS["en"]),
            "--tables",
            *map(str, made[1:-1]),
            "--values",
            str(made[-1]),
            "--out-tables",
            str(out),
            "--out-values",
            str(tmp_path / "v.json"),
        ],
    )
    assert code == 1
    assert (
        capsys.readouterr().err == f"{out}: error [missing-input] no neutral table named 'nothing' among the inputs\n"
    )
    png = tmp_path / "en" / "figures" / "nothing.png"
    code = run_cli(
        jobs.main,
        [
            "figures",
            "--raw",
            str(RAW),
            "--config",
            str(languages_file(tmp_path)),
            "--strings",
            str(STRINGS["en"]),
            "--png",
            str(png),
            "--svg",
            str(png.with_suffix(".svg")),
        ],
    )
    assert code == 1
    assert capsys.readouterr().err.startswith(f"{png}: error [missing-input] figure 'nothing' of edition 'en'")


def test_the_driver_imports_neither_pandas_nor_matplotlib_before_a_step_needs_them():
    import subprocess
    import sys

    code = "import sys, scripts.data.jobs; print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_a_step_failing_removes_what_the_steps_before_it_wrote(tmp_path):
    from scripts.core.errors import UserError, finding

    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    second.write_text("from an earlier run\n", encoding="utf-8")

    def write_first():
        first.write_text("new\n", encoding="utf-8")

    def fail():
        raise UserError(finding("data/raw/x.csv", "data", "bad row", line=3))

    steps = [write_first, fail]
    assert run_cli(lambda argv: jobs.run_all(lambda: steps, [str(first), str(second)])) == 1
    assert not first.exists() and not second.exists()
