"""Validation of data/raw: one test per rule, each on real files in a copy of the data."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.core.errors import Finding
from scripts.data import contract as schema
from scripts.data import dictionary
from scripts.data.validate import load, validate

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A copy of the real data folder, to break one thing at a time."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, table: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set the cell at spreadsheet `row` (header = 1) of `column`."""
    table = rows(path)
    table[row - 1][table[0].index(column)] = value
    write_rows(path, table)


def only(findings: list[Finding], rule: str) -> Finding:
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, findings
    return matching[0]


def located(f: Finding, file: str, line: int | None, column: str | None) -> None:
    """The finding names the file, the spreadsheet row and the column, in its text too."""
    assert Path(f.file).name == file
    assert f.line == line
    assert f.column == column
    text = str(f)
    assert file in text and f"[{f.rule}]" in text
    if line is not None:
        assert f":{line}" in text
    if column is not None:  # after the row, or (no row) in the message
        assert f":{column}:" in text if line is not None else f"{column} '" in f.message


# ---------------------------------------------------------------- the real data


def test_real_data_passes():
    assert validate(RAW) == []


def test_load_gives_typed_tables_keyed_by_stem():
    tables = load(RAW)
    assert set(tables) == set(schema.load())
    assert list(tables["codebook"]["code"]) == list(schema.load()["codebook"].column("code").allowed)
    assert tables["codebook"]["order"].dtype == "int64"
    assert tables["audience_age"]["share_pct"].sum() == pytest.approx(100)
    assert tables["sources"]["date"].iloc[0] == ""


def test_readme_dictionary_is_the_schema():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    start, end = text.index(dictionary.BEGIN), text.index(dictionary.END) + len(dictionary.END)
    assert text[start:end] + "\n" == dictionary.markdown(), (
        "data/README.md's contract section is stale: paste the output of `python -m scripts.data.contract --markdown`"
    )


def test_the_dictionary_quotes_no_figure_of_the_data():
    """Figures live in data/raw alone: a share or a count typed into data/README.md would go stale."""
    import csv
    import re

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"\d\s?%", text), "data/README.md quotes a percentage"
    for stem in ("audience_age", "media_mix"):
        with open(RAW / f"{stem}.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                assert not re.search(rf"(?<![\d.`]){re.escape(row['share_pct'])}(?![\d.`])", text), (stem, row)


def test_the_build_dictionary_lists_tables_declared_after_the_checked_in_copy(tmp_path):
    from scripts.data import declared_tables as declared

    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    declarations = declared.load_all(ROOT / declared.FOLDER)
    posts = declared.Declaration("posts", "data/tables/posts.yaml", {**declarations["audience_age"].data})
    text = dictionary.dictionary(readme, {**declarations, "posts": posts})
    assert "| `posts` | `audience_age.csv` |" in text and "| `posts` |" not in readme
    assert text.split(dictionary.BEGIN)[0] == readme.split(dictionary.BEGIN)[0]  # the prose as written
    assert dictionary.dictionary(readme, declarations) == readme  # the checked-in copy is current
    with pytest.raises(ValueError):
        dictionary.dictionary("# Data\n", declarations)


def test_every_rule_id_is_kebab_case():
    for rule in schema.RULES:
        assert rule == rule.lower() and " " not in rule and "_" not in rule


# ---------------------------------------------------------------- file-level rules


def test_missing_file(raw):
    (raw / "sources.csv").unlink()
    findings = validate(raw)
    f = only(findings, "missing-file")
    located(f, "sources.csv", None, None)
    assert "source_type" in f.message  # says which columns it needs
    assert not [g for g in findings if g.rule == "foreign-key"]  # no noise about the missing file's keys


def test_missing_folder(tmp_path):
    f = only(validate(tmp_path / "nowhere"), "missing-file")
    assert "folder" in f.message


def test_encoding(raw):
    path = raw / "codebook.csv"
    path.write_bytes(path.read_bytes().replace(b"Kredibilitas", "Kr\xe9dibilitas".encode("latin-1")))
    f = only(validate(raw), "encoding")
    located(f, "codebook.csv", 2, None)
    assert "UTF-8" in f.message and "0xe9" in f.message


def test_utf8_bom_is_fine(raw):
    path = raw / "codebook.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate(raw) == []


@pytest.mark.parametrize(
    "content, line, says",
    [
        (b"", None, "0 bytes"),
        (b"account,age_range,share_pct\n", 1, "no data rows"),
        (b"\n\n", 1, "no header row"),
    ],
)
def test_empty_file(raw, content, line, says):
    (raw / "audience_age.csv").write_bytes(content)
    f = only(validate(raw), "empty-file")
    located(f, "audience_age.csv", line, None)
    assert says in f.message


def test_csv_syntax(raw):
    path = raw / "media_mix.csv"
    path.write_text('channel_id,channel_en,share_pct\n"media sosial,social,85\n', encoding="utf-8")
    f = only(validate(raw), "csv-syntax")
    located(f, "media_mix.csv", 2, None)


def test_header_repeated_column(raw):
    path = raw / "media_mix.csv"
    table = rows(path)
    write_rows(path, [r + [r[2]] for r in table])
    f = only(validate(raw), "header")
    located(f, "media_mix.csv", 1, "share_pct")


def test_field_count(raw):
    path = raw / "platforms.csv"
    table = rows(path)
    table[3].append("extra")  # row 4
    write_rows(path, table)
    f = only(validate(raw), "field-count")
    located(f, "platforms.csv", 4, None)
    assert "6 cells" in f.message and "header has 5" in f.message


def test_missing_column(raw):
    path = raw / "codebook.csv"
    write_rows(path, [r[:3] + r[4:] for r in rows(path)])  # drop label_en
    f = only(validate(raw), "missing-column")
    located(f, "codebook.csv", 1, "label_en")


def test_extra_columns_are_allowed(raw):
    path = raw / "sources.csv"
    write_rows(path, [r + (["comment"] if i == 0 else ["x"]) for i, r in enumerate(rows(path))])
    assert validate(raw) == []


# ---------------------------------------------------------------- cell rules


def test_required(raw):
    set_cell(raw / "codebook.csv", 3, "label_en", "")
    f = only(validate(raw), "required")
    located(f, "codebook.csv", 3, "label_en")


def test_whitespace(raw):
    set_cell(raw / "audience_age.csv", 2, "account", "@tangerangtv ")
    findings = validate(raw)
    f = only(findings, "whitespace")
    located(f, "audience_age.csv", 2, "account")
    assert "'@tangerangtv '" in f.message
    assert not [g for g in findings if g.rule in ("foreign-key", "share-sum")]  # one message for one cell


@pytest.mark.parametrize("value", ["40,5", "40%", "forty"])
def test_type(raw, value):
    set_cell(raw / "audience_age.csv", 3, "share_pct", value)
    f = only(validate(raw), "type")
    located(f, "audience_age.csv", 3, "share_pct")
    assert value in f.message


def test_type_integer(raw):
    set_cell(raw / "codebook.csv", 4, "order", "3.5")
    located(only(validate(raw), "type"), "codebook.csv", 4, "order")


@pytest.mark.parametrize(
    "file, row, column, value",
    [
        ("audience_age.csv", 2, "age_range", "25\u201334"),  # en dash
        ("audience_age.csv", 2, "age_range", "34-25"),
        ("sources.csv", 5, "date", "02-11-2022"),
        ("sources.csv", 5, "date", "2022-02-30"),
        ("events.csv", 2, "start", "2022/11/20"),
        ("accounts.csv", 3, "handle", "tangerangkota"),
        ("coded_segments.csv", 4, "code", "Credibility"),
    ],
)
def test_pattern(raw, file, row, column, value):
    set_cell(raw / file, row, column, value)
    findings = validate(raw)
    f = [g for g in findings if g.rule == "pattern"][0]
    located(f, file, row, column)
    assert value in f.message


def test_allowed_value(raw):
    set_cell(raw / "sources.csv", 2, "source_type", "Interview")
    f = only(validate(raw), "allowed-value")
    located(f, "sources.csv", 2, "source_type")
    assert "'Interview'" in f.message and "interview, observation, document" in f.message


def test_allowed_value_codebook_holds_only_the_seven_cs(raw):
    set_cell(raw / "codebook.csv", 8, "code", "charisma")
    findings = validate(raw)
    located(
        only([f for f in findings if Path(f.file).name == "codebook.csv"], "allowed-value"), "codebook.csv", 8, "code"
    )


def test_range(raw):
    set_cell(raw / "media_mix.csv", 2, "share_pct", "140")
    findings = validate(raw)
    f = only(findings, "range")
    located(f, "media_mix.csv", 2, "share_pct")
    assert "140" in f.message and "0 to 100" in f.message


# ---------------------------------------------------------------- keys and references


def test_unique(raw):
    set_cell(raw / "coded_segments.csv", 5, "segment_id", "SEG01")
    f = only(validate(raw), "unique")
    located(f, "coded_segments.csv", 5, "segment_id")
    assert "'SEG01'" in f.message and "row 2" in f.message


def test_unique_composite_handle_per_platform(raw):
    set_cell(raw / "accounts.csv", 4, "handle", "@tangerangkota")
    f = only(validate(raw), "unique")
    located(f, "accounts.csv", 4, "handle+platform")
    assert "'@tangerangkota', 'Instagram'" in f.message


def test_same_handle_on_another_platform_is_fine(raw):
    set_cell(raw / "accounts.csv", 4, "handle", "@tangerangkota")
    set_cell(raw / "accounts.csv", 4, "platform", "TikTok")
    assert validate(raw) == []


@pytest.mark.parametrize(
    "file, row, column, value",
    [
        ("coded_segments.csv", 3, "source_id", "S99"),
        ("coded_segments.csv", 3, "code", "charisma"),
        ("findings.csv", 2, "code", "charisma"),
        ("audience_age.csv", 4, "account", "@tangerang_tv"),
        ("accounts.csv", 2, "platform", "Threads"),
    ],
)
def test_foreign_key(raw, file, row, column, value):
    set_cell(raw / file, row, column, value)
    findings = [f for f in validate(raw) if Path(f.file).name == file]
    f = only(findings, "foreign-key")
    located(f, file, row, column)
    assert f"'{value}'" in f.message


def test_coverage_one_finding_per_code(raw):
    path = raw / "findings.csv"
    table = rows(path)
    write_rows(path, [r for r in table if r[0] != "clarity"])
    f = only(validate(raw), "coverage")
    located(f, "findings.csv", None, "code")
    assert "'clarity'" in f.message and "codebook.csv (row 5)" in f.message


def test_coverage_every_code_has_a_segment(raw):
    path = raw / "coded_segments.csv"
    write_rows(path, [r for r in rows(path) if r[2] != "channels"])
    f = only(validate(raw), "coverage")
    located(f, "coded_segments.csv", None, "code")
    assert "'channels'" in f.message


def test_coverage_codebook_holds_the_seven_cs(raw):
    for name in ("codebook.csv", "findings.csv", "coded_segments.csv"):
        path = raw / name
        write_rows(path, [r for r in rows(path) if "capability_audience" not in r])
    f = only(validate(raw), "coverage")
    located(f, "codebook.csv", None, "code")
    assert "'capability_audience'" in f.message


def test_one_finding_per_code_not_two(raw):
    path = raw / "findings.csv"
    table = rows(path)
    write_rows(path, table + [table[1]])
    located(only(validate(raw), "unique"), "findings.csv", 9, "code")


# ---------------------------------------------------------------- sums, pairs, dates


def test_share_sum_per_account(raw):
    set_cell(raw / "audience_age.csv", 3, "share_pct", "31")
    f = only(validate(raw), "share-sum")
    located(f, "audience_age.csv", 2, "share_pct")
    assert "'@tangerangtv'" in f.message and "rows 2, 3, 4" in f.message and "99" in f.message


def test_share_sum_within_tolerance(raw):
    set_cell(raw / "audience_age.csv", 3, "share_pct", "31.6")
    assert validate(raw) == []


def test_share_sum_media_mix(raw):
    set_cell(raw / "media_mix.csv", 3, "share_pct", "25")
    f = only(validate(raw), "share-sum")
    located(f, "media_mix.csv", 2, "share_pct")
    assert "110" in f.message


def test_translation(raw):
    set_cell(raw / "platforms.csv", 6, "audience_id", "Semua usia")
    f = only(validate(raw), "translation")
    located(f, "platforms.csv", 6, "audience_en")


def test_date_order(raw):
    set_cell(raw / "events.csv", 4, "end", "2022-12")
    f = only(validate(raw), "date-order")
    located(f, "events.csv", 4, "end")
    assert "'2022-12'" in f.message and "'2023-01'" in f.message


def test_partial_dates_compare_by_their_span(raw):
    set_cell(raw / "events.csv", 4, "end", "2023-01-31")  # start is 2023-01: same month is fine
    assert validate(raw) == []


# ---------------------------------------------------------------- rows as a spreadsheet shows them


def test_rows_count_blank_lines_and_multiline_cells(raw):
    path = raw / "platforms.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    # header, Instagram, blank line, Twitter with a two-line cell, TikTok, …
    text.insert(2, "")
    text[3] = text[3].replace("Users from young people to adults", '"Users from young\npeople to adults"')
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert validate(raw) == []
    set_cell(raw / "platforms.csv", 5, "register", "informal")  # TikTok: spreadsheet row 5
    f = only(validate(raw), "allowed-value")
    located(f, "platforms.csv", 5, "register")
    assert path.read_text(encoding="utf-8").count("\n") > 6  # the two-line cell is still there


# ---------------------------------------------------------------- all at once, and the CLI


def break_several(raw: Path) -> None:
    set_cell(raw / "codebook.csv", 3, "label_en", "")
    set_cell(raw / "codebook.csv", 5, "order", "x")
    set_cell(raw / "sources.csv", 4, "date", "yesterday")
    set_cell(raw / "coded_segments.csv", 6, "source_id", "S99")
    set_cell(raw / "coded_segments.csv", 7, "source_id", "S98")
    set_cell(raw / "audience_age.csv", 2, "share_pct", "41")
    (raw / "events.csv").unlink()


EXPECTED = {
    ("codebook.csv", 3, "label_en", "required"),
    ("codebook.csv", 5, "order", "type"),
    ("sources.csv", 4, "date", "pattern"),
    ("coded_segments.csv", 6, "source_id", "foreign-key"),
    ("coded_segments.csv", 7, "source_id", "foreign-key"),
    ("audience_age.csv", 2, "share_pct", "share-sum"),
    ("events.csv", None, None, "missing-file"),
}


def test_every_violation_in_every_file_in_one_run(raw):
    break_several(raw)
    found = {(Path(f.file).name, f.line, f.column, f.rule) for f in validate(raw)}
    assert found == EXPECTED


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.data.validate", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_cli_reports_every_violation_and_exits_1(raw, tmp_path):
    break_several(raw)
    out = tmp_path / "reports" / "data.json"
    out.parent.mkdir()
    out.write_text("{}", encoding="utf-8")  # an old report
    result = run(str(raw), "--report", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(EXPECTED)
    assert f"{raw / 'codebook.csv'}:3:label_en: error [required]" in result.stderr
    assert f"{raw / 'coded_segments.csv'}:7:source_id: error [foreign-key] 'S98'" in result.stderr
    assert not out.exists()  # the gate is closed


def test_cli_writes_the_report_when_valid(raw, tmp_path):
    out = tmp_path / "reports" / "data.json"
    result = run(str(raw), "--report", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["valid"] is True
    assert summary["files"]["audience_age"] == {"file": "audience_age.csv", "rows": 3}
    assert set(summary["files"]) == set(schema.load())
    assert [p.name for p in out.parent.iterdir()] == ["data.json"]  # no temporary file left
    again = tmp_path / "again.json"
    run(str(raw), "--report", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_cli_encoding_problem_has_no_traceback(raw):
    (raw / "events.csv").write_bytes("event_id\n\xff\n".encode("latin-1"))
    result = run(str(raw))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "[encoding]" in result.stderr and "events.csv:2" in result.stderr


def test_with_references_adds_the_files_a_file_refers_to():
    from scripts.data.contract import with_references

    tables = schema.load()
    assert with_references(["audience_age"], tables) == ["audience_age", "accounts", "platforms"]
    assert with_references(["media_mix"], tables) == ["media_mix"]
    assert set(with_references(["coded_segments"], tables)) == {"coded_segments", "sources", "codebook"}


def test_only_checks_the_named_files_and_their_references(raw):
    from scripts.core.errors import UserError
    from scripts.data.validate import main

    (raw / "media_mix.csv").write_text("channel_id,channel_en,share_pct\nx,x,50\n", encoding="utf-8")
    assert main([str(raw), "--only", "audience_age"]) == 0
    with pytest.raises(UserError) as err:
        main([str(raw), "--only", "media_mix"])
    assert [f.rule for f in err.value.findings] == ["share-sum"]


@pytest.mark.parametrize(
    "change,message",
    [
        (
            ("    order:\n      type: integer", "    order:\n      type: whole"),
            "codebook.order: type 'whole' is not one of text, integer, number, date, handle, code, age_range",
        ),
        (
            ("  references: {code: codebook.code}\n", "  references: {code: codebook.title}\n"),
            "findings: references 'codebook.title' is not a FILE.COLUMN of the contract",
        ),
        (("  unique: [source_id]", "  unique: [source]"), "sources: 'source' is not a column of the file"),
        (("      localized: true\n", "      localised: true\n"), "codebook.label: unknown key 'localised'"),
    ],
)
def test_a_mistake_in_the_contract_is_named_at_its_yaml_line(tmp_path, change, message):
    from scripts.core.errors import UserError

    text = (ROOT / schema.CONTRACT).read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "contract.yaml"
    path.write_text(text.replace(*change, 1), encoding="utf-8")
    with pytest.raises(UserError) as err:
        schema.load(path)
    [problem] = err.value.findings
    changed = next(
        n
        for n, (old, new) in enumerate(zip(text.splitlines(), path.read_text(encoding="utf-8").splitlines()), 1)
        if old != new
    )
    assert problem.rule == "contract" and problem.message.startswith(message)
    assert problem.line == changed and str(problem).startswith(f"{path}:{changed}: error [contract] ")
