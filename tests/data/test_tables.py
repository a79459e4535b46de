"""Unit tests for scripts.data.tables: neutral tables from raw data, localized pandoc pipe tables, the CLI."""

import io
import json
import re
from pathlib import Path

import pandas as pd
import pypandoc
import pytest
import yaml

from scripts.core.errors import UserError, run_cli
from scripts.data import declared_tables as declared
from scripts.data import tables
from scripts.data.tables import md_escape, to_markdown

REPO = Path(__file__).resolve().parents[2]
STRINGS = {lang: REPO / "templates" / "i18n" / f"{lang}.yaml" for lang in ("id", "en")}

# A small study unlike the real one: codebook order differs from file order, a code with
# no evidence, an extra account, a `65+` range, a platform with no account, a `|` in a finding.
RAW = {
    "codebook": """code,order,label_id,label_en,definition_id,definition_en
content,3,Isi,Content,d,d
credibility,1,Kredibilitas,Credibility,d,d
clarity,2,Kejelasan,Clarity,d,d
""",
    "findings": """code,finding_id,finding_en
clarity,Bahasa sederhana | jelas,Plain | clear language
credibility,Akun resmi dipercaya,Official accounts are trusted
content,Konten *menarik*,Engaging content
""",
    "sources": """source_id,source_type,description_id,description_en,date
I1,interview,Wawancara humas,PR interview,2023-01
I2,interview,Wawancara staf,Staff interview,2023-01-15
O1,observation,Observasi akun,Account observation,2022-11
D1,document,Unggahan,Post,
""",
    "coded_segments": """segment_id,source_id,code,note_id,note_en
S1,I1,credibility,n,n
S2,O1,credibility,n,n
S3,I2,credibility,n,n
S4,I1,credibility,n,n
S5,D1,content,n,n
""",
    "audience_age": """account,age_range,share_pct
@tangerangtv,35-44,28
@tangerangtv,25-34,40
@tangerangtv,18-24,32
@kota_lain,65+,10.5
@kota_lain,55-64,44.5
@kota_lain,25-34,45
""",
    "accounts": """handle,platform,managed_by,focus_id,focus_en
@tangerangtv,Instagram,Diskominfo,Informasi kota,City news
@kota_lain,TikTok,Humas,Hiburan,Entertainment
@tangerangkota,Instagram,Diskominfo,Layanan,Services
""",
    "platforms": """platform,register,audience_id,audience_en
Instagram,casual,Anak muda,Young people
YouTube,formal,Umum,General public
TikTok,semi_formal,Remaja,Teenagers
""",
}


def frames() -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False) for name, text in RAW.items()}


def write_raw(folder: Path, skip: tuple[str, ...] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in RAW.items():
        if name not in skip:
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def load_strings(lang: str) -> dict:
    return yaml.safe_load(STRINGS[lang].read_text(encoding="utf-8"))


def read_pipe_table(text: str) -> tuple[list[str], list[list[str]]]:
    """Headers and cells of a pipe table, split on unescaped `|`, backslash escapes removed."""
    lines = text.splitlines()
    split = lambda line: [re.sub(r"\\(.)", r"\1", c).strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]  # noqa: E731
    assert re.fullmatch(r"\|(:?-+:?\|)+", lines[1]), lines[1]
    return split(lines[0]), [split(line) for line in lines[2:]]


# ---------------------------------------------------------------- neutral tables

# The neutral columns of the test data, whose editions are id and en.
FINDINGS_COLUMNS = [
    "code",
    "label_id",
    "label_en",
    "finding_id",
    "finding_en",
    "interview",
    "observation",
    "document",
    "distinct_sources",
    "triangulated",
]
ACCOUNTS_COLUMNS = [
    "handle",
    "platform",
    "managed_by",
    "focus_id",
    "focus_en",
    "register",
    "audience_id",
    "audience_en",
]
DECLARED = {
    name: declared.load(REPO / "data" / "tables" / f"{name}.yaml") for name in ("findings", "accounts", "audience_age")
}
ACCOUNTS_YAML = REPO / "data" / "tables" / "accounts.yaml"
FINDINGS, ACCOUNTS, AUDIENCE = DECLARED["findings"], DECLARED["accounts"], DECLARED["audience_age"]


def findings_table(raw):
    return declared.build(FINDINGS, raw)


def accounts_table(raw):
    return declared.build(ACCOUNTS, raw)


def test_findings_in_codebook_order_with_counts_per_source_type():
    table = findings_table(frames())
    assert list(table) == FINDINGS_COLUMNS
    assert table["code"] == ["credibility", "clarity", "content"]
    cell = lambda column, row: table[column][row]  # noqa: E731
    assert [cell(t, 0) for t in ("interview", "observation", "document")] == ["3", "1", "0"]
    assert cell("distinct_sources", 0) == "3"  # I1 twice counts once
    assert cell("triangulated", 0) == "true"
    # no evidence at all: zeros, all three columns
    assert [cell(t, 1) for t in ("interview", "observation", "document", "distinct_sources")] == ["0"] * 4
    assert cell("triangulated", 1) == "false"
    assert (cell("document", 2), cell("triangulated", 2)) == ("1", "false")  # one source type only
    assert cell("finding_en", 2) == "Engaging content"


def test_findings_without_a_finding_for_a_code_is_reported_at_the_codebook_row():
    raw = frames()
    raw["findings"] = raw["findings"].iloc[:2]
    with pytest.raises(declared.CellProblem) as err:
        findings_table(raw)
    assert (err.value.file, err.value.row, err.value.column) == ("codebook", 0, "code")
    assert err.value.message == "'content' is not in findings.csv"


def test_a_segment_of_an_unknown_source_is_reported_at_its_row():
    raw = frames()
    raw["coded_segments"] = raw["coded_segments"].assign(source_id=["I1", "I9", "I2", "I1", "D1"])
    with pytest.raises(declared.CellProblem) as err:
        findings_table(raw)
    assert (err.value.file, err.value.row, err.value.column, err.value.message) == (
        "coded_segments",
        1,
        "source_id",
        "'I9' is not in sources.csv",
    )


def audience_age_table(frame):
    return declared.build(AUDIENCE, {"audience_age": frame})


def test_audience_age_keeps_account_order_and_sorts_ranges_numerically():
    table = audience_age_table(frames()["audience_age"])
    assert list(table) == ["account", "age_range", "share_pct"]
    assert list(table["account"]) == ["@tangerangtv"] * 3 + ["@kota_lain"] * 3
    assert list(table["age_range"]) == ["18-24", "25-34", "35-44", "25-34", "55-64", "65+"]
    assert list(table["share_pct"]) == ["32", "40", "28", "45", "44.5", "10.5"]


def test_audience_age_extra_ranges_and_bad_range():
    raw = pd.DataFrame(
        {
            "account": ["@a", "@a", "@a", "@a"],
            "age_range": ["65+", "9-12", "13-17", "100-110"],
            "share_pct": ["1", "2", "3.25", "93.75"],
        }
    )
    assert list(audience_age_table(raw)["age_range"]) == ["9-12", "13-17", "65+", "100-110"]
    bad = raw.assign(age_range=["65+", "teens", "13-17", "18-24"])
    with pytest.raises(declared.CellProblem) as err:
        audience_age_table(bad)
    assert (err.value.file, err.value.row, err.value.column) == ("audience_age", 1, "age_range")


def test_accounts_by_platform_with_every_platforms_register():
    raw = frames()
    table = accounts_table(raw)
    assert list(table) == ACCOUNTS_COLUMNS
    assert table["platform"] == ["Instagram", "Instagram", "YouTube", "TikTok"]
    assert table["handle"] == ["@tangerangtv", "@tangerangkota", "", "@kota_lain"]
    assert table["register"] == ["casual", "casual", "formal", "semi_formal"]
    assert table["focus_en"] == ["City news", "Services", "", "Entertainment"]  # the placeholder row: empty


def test_every_language_the_raw_files_have_reaches_the_neutral_tables():
    raw = frames()
    french = {"credibility": "Crédibilité", "content": "Contenu", "clarity": "Clarté"}
    raw["codebook"]["label_fr"] = [french[code] for code in raw["codebook"]["code"]]
    raw["findings"]["finding_fr"] = ["a", "b", "c"]
    raw["platforms"]["audience_fr"] = [""] * len(raw["platforms"])
    findings = findings_table(raw)
    assert list(findings)[:7] == ["code", "label_id", "label_en", "label_fr", "finding_id", "finding_en", "finding_fr"]
    assert findings["label_fr"] == [french[code] for code in findings["code"]]
    accounts = accounts_table(raw)
    assert "audience_fr" in accounts and "focus_fr" not in accounts


def test_accounts_on_an_unknown_platform_are_reported():
    raw = frames()
    raw["platforms"] = raw["platforms"].iloc[:2]
    with pytest.raises(declared.CellProblem) as err:
        accounts_table(raw)
    assert (err.value.file, err.value.row, err.value.message) == ("accounts", 1, "'TikTok' is not in platforms.csv")


def test_neutral_csv_is_deterministic_and_plain():
    text = declared.to_csv(findings_table(frames()))
    assert "\r" not in text and text.endswith("\n")
    lines = text.splitlines()
    assert lines[0] == ",".join(FINDINGS_COLUMNS)
    assert (
        lines[1]
        == "credibility,Kredibilitas,Credibility,Akun resmi dipercaya,Official accounts are trusted,3,1,0,3,true"
    )
    assert text == declared.to_csv(findings_table(frames()))


# ---------------------------------------------------------------- localized tables


def test_md_escape_keeps_handles_from_becoming_citations():
    assert md_escape("@tangerangtv") == r"\@tangerangtv"
    assert md_escape("a | b") == r"a \| b"
    assert md_escape("two\nlines") == "two lines"
    assert md_escape("*x* _y_") == r"\*x\* \_y\_"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_localized_findings_headers_and_cells(lang):
    headers, rows, align = declared.localize(FINDINGS, findings_table(frames()), load_strings(lang), lang)
    labels = {c["name"]: c["label"][lang] for c in FINDINGS.columns if "label" in c}
    assert headers == [
        labels[n]
        for n in ("label", "finding", "interview", "observation", "document", "distinct_sources", "triangulated")
    ]  # `code` is not shown
    yes, no = (FINDINGS.columns[-1]["values"][lang][v] for v in ("true", "false"))
    assert rows[0][0] == {"id": "Kredibilitas", "en": "Credibility"}[lang]
    assert rows[0][2:] == ["3", "1", "0", "3", yes]
    assert rows[1][-1] == no
    assert align == ["left", "left", "right", "right", "right", "right", "left"]


def test_localized_audience_age_groups_accounts_and_formats_percent():
    table = audience_age_table(frames()["audience_age"])
    headers, rows, _ = declared.localize(AUDIENCE, table, load_strings("id"), "id")
    assert headers == ["Akun", "Rentang usia (tahun)", "Persentase pengikut"]
    assert [r[0] for r in rows] == ["@tangerangtv", "", "", "@kota_lain", "", ""]
    assert rows[1][1:] == ["25\u201334", "40\u00a0%"]
    assert rows[4][1:] == ["55\u201364", "44,5\u00a0%"]
    assert rows[5][1:] == ["65+", "10,5\u00a0%"]
    _, rows_en, _ = declared.localize(AUDIENCE, table, load_strings("en"), "en")
    assert rows_en[4][2] == "44.5%"


def test_localized_accounts_show_register_per_platform_and_a_dash_without_account():
    table = accounts_table(frames())
    headers, rows, _ = declared.localize(ACCOUNTS, table, load_strings("en"), "en")
    assert headers == ["Platform", "Register", "Audience", "Account", "Managed by", "Content focus"]
    assert rows[0][:4] == ["Instagram", "Casual", "Young people", "@tangerangtv"]
    assert rows[1][:4] == ["", "", "", "@tangerangkota"]  # same platform: shown once
    assert rows[2] == ["YouTube", "Formal", "General public", "—", "—", "—"]
    assert rows[3][:2] == ["TikTok", "Semi-formal"]
    _, rows_id, _ = declared.localize(ACCOUNTS, table, load_strings("id"), "id")
    assert rows_id[3][1] == "Semiformal" and rows_id[0][5] == "Informasi kota"


def test_repeat_false_blanks_by_group_not_by_equal_value():
    table = accounts_table(frames())  # Instagram and YouTube differ, their registers too; TikTok follows
    table["register"] = ["casual", "casual", "casual", "casual"]
    _, rows, _ = declared.localize(ACCOUNTS, table, load_strings("en"), "en")
    assert [r[1] for r in rows] == ["Casual", "", "Casual", "Casual"]


def test_localize_names_missing_value_labels_and_columns_at_the_declaration():
    table = accounts_table(frames())
    data = yaml.safe_load(ACCOUNTS_YAML.read_text(encoding="utf-8"))
    del next(c for c in data["columns"] if c["name"] == "register")["values"]["en"]["formal"]
    decl = declared.Declaration("accounts", str(ACCOUNTS_YAML), data, ACCOUNTS.lines)
    with pytest.raises(UserError) as err:
        declared.localize(decl, table, load_strings("en"), "en")
    line = ACCOUNTS.line("columns", 4, "values")
    assert [str(f) for f in err.value.findings] == [
        f"{ACCOUNTS_YAML}:{line}: error [missing-string] column 'register' has no label in 'en' "
        "for value(s) 'formal' under 'values'"
    ]
    with pytest.raises(UserError, match="column 'platform' has no label in 'fr'"):
        declared.localize(ACCOUNTS, table, load_strings("en"), "fr")
    french = {c["name"]: {**c, "label": {**c["label"], "fr": "x"}} for c in ACCOUNTS.columns}
    decl = declared.Declaration(
        "accounts", str(ACCOUNTS_YAML), {**ACCOUNTS.data, "columns": list(french.values())}, ACCOUNTS.lines
    )
    with pytest.raises(UserError) as err:
        declared.localize(decl, table, load_strings("en"), "fr")
    assert sorted(f.message for f in err.value.findings) == sorted(
        [
            "column 'register' has no value labels under 'values' in 'fr'",
            "column 'audience' has no text for an empty cell under 'empty' in 'fr'",
            "column 'handle' has no text for an empty cell under 'empty' in 'fr'",
            "column 'handle' has no label under 'empty_where_filled' in 'fr'",
            "column 'managed_by' has no text for an empty cell under 'empty' in 'fr'",
            "column 'focus' has no text for an empty cell under 'empty' in 'fr'",
        ]
    )


def test_markdown_table_reads_back_through_pandoc():
    md = to_markdown(*declared.localize(FINDINGS, findings_table(frames()), load_strings("id"), "id"))
    assert md.endswith("|\n") and not md.endswith("\n\n")
    headers, rows = read_pipe_table(md)
    assert headers[0] == "Dimensi" and headers[-1] == "Triangulasi"
    assert rows[1][1] == "Bahasa sederhana | jelas"
    ast = json.loads(pypandoc.convert_text(md, "json", format="markdown"))
    assert [b["t"] for b in ast["blocks"]] == ["Table"]
    html = pypandoc.convert_text(md, "html", format="markdown")
    assert "<th>Dimensi</th>" in html.replace(' style="text-align: left;"', "")
    assert "Bahasa sederhana | jelas" in html and "Konten *menarik*" in html  # literal, not emphasis


def test_handles_in_markdown_are_not_citations():
    md = to_markdown(
        *declared.localize(AUDIENCE, audience_age_table(frames()["audience_age"]), load_strings("en"), "en")
    )
    ast = pypandoc.convert_text(md, "json", format="markdown")
    assert '"Cite"' not in ast
    assert "@tangerangtv" in pypandoc.convert_text(md, "html", format="markdown")


# ---------------------------------------------------------------- CLI


def test_cli_neutral_then_localize(tmp_path):
    raw = write_raw(tmp_path / "raw")
    for name in DECLARED:
        out = tmp_path / "tables" / f"{name}.csv"
        assert run_cli(tables.main, ["neutral", name, "--raw", str(raw), "--out", str(out)]) == 0
        first = out.read_bytes()
        assert run_cli(tables.main, ["neutral", name, "--raw", str(raw), "--out", str(out)]) == 0
        assert out.read_bytes() == first and b"\r" not in first
        for lang in ("id", "en"):
            md = tmp_path / lang / "tables" / f"{name}.md"
            assert (
                run_cli(
                    tables.main,
                    [
                        "localize",
                        name,
                        "--table",
                        str(out),
                        "--lang",
                        lang,
                        "--strings",
                        str(STRINGS[lang]),
                        "--out",
                        str(md),
                    ],
                )
                == 0
            )
            headers, rows = read_pipe_table(md.read_text(encoding="utf-8"))
            assert headers and rows
            assert not md.read_text(encoding="utf-8").startswith(":")  # no caption: the assembler adds it
    headers, _ = read_pipe_table((tmp_path / "en" / "tables" / "accounts.md").read_text(encoding="utf-8"))
    assert headers == ["Platform", "Register", "Audience", "Account", "Managed by", "Content focus"]


def test_cli_neutral_reads_only_its_inputs(tmp_path):
    raw = write_raw(
        tmp_path / "raw", skip=("codebook", "findings", "sources", "coded_segments", "accounts", "platforms")
    )
    out = tmp_path / "audience_age.csv"
    assert run_cli(tables.main, ["neutral", "audience_age", "--raw", str(raw), "--out", str(out)]) == 0


def test_cli_missing_raw_file_is_one_line_and_no_output(tmp_path, capsys):
    raw = write_raw(tmp_path / "raw", skip=("sources",))
    out = tmp_path / "findings.csv"
    assert run_cli(tables.main, ["neutral", "findings", "--raw", str(raw), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"{raw / 'sources.csv'}: error [missing-file] file not found\n"
    assert not out.exists()


def test_cli_bad_row_names_file_and_line(tmp_path, capsys):
    raw = write_raw(tmp_path / "raw")
    (raw / "audience_age.csv").write_text("account,age_range,share_pct\n@a,18-24,50\n@a,old,50\n", encoding="utf-8")
    assert run_cli(tables.main, ["neutral", "audience_age", "--raw", str(raw), "--out", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"{raw / 'audience_age.csv'}:3:age_range: error [data]")


def test_cli_localize_missing_string_names_the_strings_file(tmp_path, capsys):
    raw = write_raw(tmp_path / "raw")
    table = tmp_path / "findings.csv"
    run_cli(tables.main, ["neutral", "findings", "--raw", str(raw), "--out", str(table)])
    strings = load_strings("en")
    del strings["numbers"]["thousands"]
    bad = tmp_path / "en.yaml"
    bad.write_text(yaml.safe_dump(strings, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "findings.md"
    assert (
        run_cli(
            tables.main,
            ["localize", "findings", "--table", str(table), "--lang", "en", "--strings", str(bad), "--out", str(out)],
        )
        == 1
    )
    assert (
        capsys.readouterr().err == f"{bad}: error [missing-string] no string 'numbers.thousands' for table findings\n"
    )
    assert not out.exists()


def test_cli_unknown_table_is_one_line(tmp_path, capsys):
    assert (
        run_cli(
            tables.main,
            ["neutral", "posts", "--raw", str(write_raw(tmp_path / "raw")), "--out", str(tmp_path / "posts.csv")],
        )
        == 1
    )
    assert (
        capsys.readouterr().err == "data/tables: error [unknown-table] no table 'posts' is declared in data/tables/\n"
    )


def test_cli_localize_missing_table_and_language(tmp_path, capsys):
    assert (
        run_cli(
            tables.main,
            [
                "localize",
                "findings",
                "--table",
                str(tmp_path / "none.csv"),
                "--lang",
                "id",
                "--strings",
                str(STRINGS["id"]),
                "--out",
                str(tmp_path / "x.md"),
            ],
        )
        == 1
    )
    assert capsys.readouterr().err == f"{tmp_path / 'none.csv'}: error [missing-file] file not found\n"
    raw = write_raw(tmp_path / "raw")
    table = tmp_path / "findings.csv"
    run_cli(tables.main, ["neutral", "findings", "--raw", str(raw), "--out", str(table)])
    assert (
        run_cli(
            tables.main,
            [
                "localize",
                "findings",
                "--table",
                str(table),
                "--lang",
                "fr",
                "--strings",
                str(STRINGS["en"]),
                "--out",
                str(tmp_path / "x.md"),
            ],
        )
        == 1
    )
    assert "column 'label' has no label in 'fr'" in capsys.readouterr().err  # the declaration speaks no French
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace(",label_en,", ",label_xx,"), encoding="utf-8")
    assert (
        run_cli(
            tables.main,
            [
                "localize",
                "findings",
                "--table",
                str(table),
                "--lang",
                "en",
                "--strings",
                str(STRINGS["en"]),
                "--out",
                str(tmp_path / "x.md"),
            ],
        )
        == 1
    )
    assert (
        capsys.readouterr().err
        == f"{table}:1: error [missing-column] no column 'label_en' (needed for the 'en' edition)\n"
    )


def test_localize_jobs_need_no_pandas():
    import subprocess
    import sys

    code = (
        "import sys, scripts.data.tables, scripts.data.values; "
        "print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_localized_accounts_say_not_named_where_the_study_names_units_but_no_handle():
    raw = frames()
    raw["platforms"] = raw["platforms"].assign(
        managed_by=["" if p != "YouTube" else "Diskominfo, Prokomp" for p in raw["platforms"]["platform"]]
    )
    table = accounts_table(raw)
    _, rows, _ = declared.localize(ACCOUNTS, table, load_strings("en"), "en")
    youtube = next(r for r in rows if r[0] == "YouTube")
    assert youtube[3:5] == ["not named in the study", "Diskominfo, Prokomp"]  # placeholder_from: platforms.managed_by


def test_markdown_separator_carries_the_relative_widths():
    headers, rows, align = ["A", "B"], [["x", "long text"]], ["left", "right"]
    md = to_markdown(headers, rows, align, [0.25, 0.75])
    separator = md.splitlines()[1]
    # pandoc counts the alignment colons in a column's width, so they take the place of dashes.
    assert separator == "|:" + "-" * 49 + "|" + "-" * 149 + ":|"
    doc = json.loads(pypandoc.convert_text(md, "json", format="markdown"))
    table = next(block for block in doc["blocks"] if block["t"] == "Table")
    widths = [spec[1]["c"] for spec in table["c"][2]]
    assert widths == [pytest.approx(0.25), pytest.approx(0.75)]
