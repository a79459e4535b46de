"""Unit tests for tables declared in YAML (scripts/data/declared_tables.py)."""

from __future__ import annotations

import pytest
import yaml

from scripts.core.errors import UserError
from scripts.data import contract as schema
from scripts.data import declared_tables as declared
from scripts.data import dictionary
from scripts.data.rawdata import read_cells
from scripts.data.validate import _validate

STRINGS = {
    "id": yaml.safe_load(open("templates/i18n/id.yaml", encoding="utf-8")),
    "en": yaml.safe_load(open("templates/i18n/en.yaml", encoding="utf-8")),
}

# The declared table's source file, described in the contract beside the study's own files.
POSTS_CONTRACT = """
posts:
  description: Posts per platform.
  columns:
    platform: {description: the platform}
    posts: {type: integer, description: how many posts, minimum: 0}
    note: {description: a note, localized: true, required: false}
  unique: [platform]
  references: {platform: platforms.platform}
"""
DECLARATION = """\
source: posts
columns:
  - {name: platform, from: platform, label: {id: Platform, en: Platform}}
  - {name: register, join: {file: platforms, key: platform, take: register}, label: {id: Ragam, en: Register}}
  - {name: accounts, count: {file: accounts, key: platform}, format: number, label: {id: Akun, en: Accounts}}
  - {name: posts, from: posts, format: number, label: {id: Unggahan, en: Posts}}
  - {name: share, share: posts, format: percent, decimals: 1, label: {id: Porsi, en: Share}}
  - {name: note, from: note, label: {id: Catatan, en: Note}}
sort: [-posts, platform]
long_text: note
caption: {id: Unggahan, en: Posts}
"""
RAW = {
    "posts": "platform,posts,note_id,note_en\nTikTok,10,,\nInstagram,1200,utama,main\nYouTube,10,,\n",
    "platforms": "platform,register,audience_id,audience_en\nInstagram,casual,,\nTikTok,casual,,\nYouTube,formal,,\n",
    "accounts": "handle,platform,managed_by,focus_id,focus_en\n@a,Instagram,X,,\n@b,Instagram,X,,\n@c,TikTok,Y,,\n",
}


def contract(tmp_path) -> dict:
    """The repository's contract with the posts file added."""
    path = tmp_path / "contract.yaml"
    path.write_text(open(schema.CONTRACT, encoding="utf-8").read() + POSTS_CONTRACT, encoding="utf-8")
    return schema.load(path)


def load_all(tmp_path, folder):
    return declared.load_all(folder, contract(tmp_path))


def write(tmp_path, text=DECLARATION, name="posts_table"):
    folder = tmp_path / "tables"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for stem, csv_text in RAW.items():
        (raw / f"{stem}.csv").write_text(csv_text, encoding="utf-8")
    return folder, raw


def test_build_computes_joins_counts_shares_and_sorts(tmp_path):
    folder, raw = write(tmp_path)
    decl = load_all(tmp_path, folder)["posts_table"]
    assert decl.raw_files() == ["posts", "platforms", "accounts"] and decl.long_text == "note"
    table = declared.build(
        decl, {stem: read_cells(raw / f"{stem}.csv") for stem in decl.raw_files()}, contract(tmp_path)
    )
    assert list(table) == ["platform", "register", "accounts", "posts", "share", "note_id", "note_en"]
    assert table["platform"] == ["Instagram", "TikTok", "YouTube"]  # most posts first, ties by name
    assert table["register"] == ["casual", "casual", "formal"] and table["accounts"] == ["2", "1", "0"]
    assert declared.to_csv(table).splitlines()[1].startswith("Instagram,casual,2,1200,98.36")
    headers, rows, align = declared.localize(decl, table, STRINGS["id"], "id")
    assert headers == ["Platform", "Ragam", "Akun", "Unggahan", "Porsi", "Catatan"]
    assert rows[0] == ["Instagram", "casual", "2", "1.200", "98,4\u00a0%", "utama"]
    assert align == ["left", "left", "right", "right", "right", "left"]
    assert declared.localize(decl, table, STRINGS["en"], "en")[1][0][3:] == ["1,200", "98.4%", "main"]
    with pytest.raises(KeyError):  # the edition's column of a per-language field is missing
        declared.localize(decl, {k: v for k, v in table.items() if k != "note_en"}, STRINGS["en"], "en")


def test_a_declared_source_is_validated_against_the_contract(tmp_path):
    _, raw = write(tmp_path)
    (raw / "posts.csv").write_text("platform,posts,note_id,note_en\nTikTok,ten,,\nMySpace,3,x,\n", encoding="utf-8")
    findings, _ = _validate(raw, ["posts"], ["id", "en"], contract(tmp_path))
    assert [(f.line, f.column, f.rule) for f in findings] == [
        (2, "posts", "type"),
        (3, "note_en", "translation"),
        (3, "platform", "foreign-key"),
    ]


@pytest.mark.parametrize(
    "change,message",
    [
        (
            ("  - {name: share, share: posts,", "  - {name: share, share: nothing,"),
            "column 'share' shares column 'nothing', which is not declared before it",
        ),
        (
            ("{name: posts, from: posts,", "{name: posts,"),
            "column 'posts' needs exactly one of from, from_each, join, count, flag, share",
        ),
        (
            ("sort: [-posts, platform]", "sort: [-likes]"),
            "sort: 'likes' is neither a declared column nor a column of data/raw/posts.csv",
        ),
        (
            ("count: {file: accounts, key: platform}", "count: {file: accounts}"),
            "column 'accounts': count needs file, key",
        ),
        (
            ("count: {file: accounts, key: platform}", "count: {file: accounts, key: platform, where: interview}"),
            "column 'accounts': count.where must map columns to values",
        ),
        (
            (
                "count: {file: accounts, key: platform}",
                "count: {file: accounts, key: platform, lookup: {file: platforms}}",
            ),
            "column 'accounts': count.lookup needs file, key",
        ),
        (
            ("count: {file: accounts, key: platform}", "flag: {count: {file: accounts, key: platform}, at_least: two}"),
            "column 'accounts': flag needs count and at_least (a whole number)",
        ),
        (
            ("{name: platform, from: platform,", "{name: platform, from_each: platform,"),
            "column 'platform': from_each and placeholder_from need an 'each' block",
        ),
        (
            ("source: posts\n", "source: posts\neach: {file: accounts}\n"),
            "each needs file, key (one table row per row of file whose key matches)",
        ),
        (
            ("{name: note, from: note,", "{name: note, from: note, values: {en: casual},"),
            "column 'note': values must map each language to value: label",
        ),
        (
            ("{name: note, from: note,", "{name: note, from: note, empty: {en: [x]},"),
            "column 'note': empty must map each language to the text of an empty cell",
        ),
        (
            ("{name: note, from: note,", "{name: note, from: note, empty_where_filled: {column: posts},"),
            "column 'note': empty_where_filled needs column and label (per language)",
        ),
        (
            (
                "{name: note, from: note,",
                "{name: note, from: note, empty_where_filled: {column: likes, label: {en: x}},",
            ),
            "column 'note': empty_where_filled names 'likes', which is not a declared column",
        ),
        (("long_text: note", "long_text: note\nshow: [platform, likes]"), "show: 'likes' is not a declared column"),
        (
            ("source: posts\n", "source: likes\n"),
            "data/raw/likes.csv does not exist and is not in the contract: check the name, or describe it in"
            " data/contract.yaml",
        ),
        (
            ("source: posts\n", "source: posts\nschema: {platform: {type: text}}\n"),
            "'schema' is not read: describe the source file's columns in data/contract.yaml",
        ),
    ],
)
def test_a_bad_declaration_is_named_at_its_line(tmp_path, change, message):
    folder, _ = write(tmp_path, DECLARATION.replace(*change))
    with pytest.raises(UserError) as err:
        load_all(tmp_path, folder)
    [problem] = err.value.findings
    assert problem.rule == "table-declaration" and problem.message == message and problem.line >= 1
    assert str(problem).startswith(f"{folder / 'posts_table.yaml'}:{problem.line}: error [table-declaration] ")


def test_a_from_naming_no_raw_column_is_named_at_its_yaml_line(tmp_path):
    folder, _ = write(tmp_path, DECLARATION.replace("{name: posts, from: posts,", "{name: posts, from: postz,"))
    with pytest.raises(UserError) as err:
        load_all(tmp_path, folder)
    [problem] = err.value.findings
    line = next(
        n for n, text in enumerate((folder / "posts_table.yaml").read_text().splitlines(), 1) if "postz" in text
    )
    assert (problem.rule, problem.line) == ("table-declaration", line)
    assert problem.message.startswith(
        "column 'posts': from: 'postz' is not a column of data/raw/posts.csv (its columns: "
    )


def test_a_missing_raw_file_is_named_at_each_declaration_line_that_names_it(tmp_path):
    folder, _ = write(tmp_path)
    decls = list(load_all(tmp_path, folder).values())
    lines = (folder / "posts_table.yaml").read_text(encoding="utf-8").splitlines()
    [source] = declared.missing_raw("data/raw/posts.csv", "posts", decls)
    assert (source.file, source.line, source.rule) == (str(folder / "posts_table.yaml"), 1, "missing-file")
    assert source.message == "data/raw/posts.csv, which `source:` names, is not found"
    [count] = declared.missing_raw("data/raw/accounts.csv", "accounts", decls)
    assert "accounts" in lines[count.line - 1] and "count:" in lines[count.line - 1]
    assert count.message == "data/raw/accounts.csv, which `file:` names, is not found"
    # Named by no declaration (the contract alone lists it): at the file.
    [alone] = declared.missing_raw("data/raw/codebook.csv", "codebook", decls)
    assert str(alone) == "data/raw/codebook.csv: error [missing-file] file not found; the workflow reads it"


def test_a_missing_label_or_caption_is_named_for_its_edition(tmp_path):
    folder, _ = write(tmp_path, DECLARATION.replace("label: {id: Catatan, en: Note}", "label: {id: Catatan}"))
    decl = load_all(tmp_path, folder)["posts_table"]
    with pytest.raises(UserError) as err:
        declared.localize(decl, {}, STRINGS["en"], "en")
    assert [(f.rule, f.line) for f in err.value.findings] == [("missing-string", 8)]
    with pytest.raises(UserError):
        declared.caption(decl, "fr")


def test_undeclared_csv_files_are_warnings(tmp_path):
    _, raw = write(tmp_path)
    found = declared.undeclared(raw, {"posts", "platforms"})
    assert [(f.file.rsplit("/", 1)[-1], f.severity, f.rule) for f in found] == [
        ("accounts.csv", "warning", "undeclared-data")
    ]


def test_the_dictionary_lists_declared_tables_and_their_sources(tmp_path):
    folder, _ = write(tmp_path)
    text = dictionary.markdown(load_all(tmp_path, folder), contract(tmp_path))
    assert "### posts.csv" in text and "| `note_<lang>` | `text` |" in text
    assert "| `posts_table` | `posts.csv`, `platforms.csv`, `accounts.csv` |" in text


def test_the_report_labels_a_declared_table_with_its_captions():
    from scripts.data import report_labels

    labels = report_labels.table("audience_age")(None)
    decl = declared.load("data/tables/audience_age.yaml")
    assert labels == {
        "table": "audience_age",
        **{f"caption ({lang})": declared.caption(decl, lang) for lang in ("id", "en")},
    }
