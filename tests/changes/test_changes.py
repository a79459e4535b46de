"""Unit tests for the revision round: the AST diff, the summary, the DOCX completion, the
baseline and the CLI's small parts. Documents are read by the real pandoc."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from scripts.changes import baseline, diff_ast, tracked_docx
from scripts.changes import compare as changes
from scripts.changes import summary as change_summary
from scripts.changes.diff_ast import DELETION, INSERTION, Mark
from scripts.core import pandoc
from scripts.core.errors import run_cli

REPO = Path(__file__).resolve().parents[2]

MARK = Mark("Authors", "2026-11-28T00:00:00Z")
STRINGS = {
    "changes": {
        "title": "Changes since {baseline}",
        "none": "No changes.",
        "sections": "Text",
        "section": "Section",
        "inserted": "Words inserted",
        "deleted": "Words deleted",
        "values": "Values",
        "tables": "Tables",
        "cells": "{n} cell(s) changed",
        "references": "References",
        "added": "added",
        "removed": "removed",
        "changed": "changed",
        "figures": "Figures",
        "replaced": "replaced",
    }
}


def ast(markdown: str) -> dict:
    return json.loads(pandoc.run(["-f", "markdown", "-t", "json"], source="test.md", stdin=markdown.encode("utf-8")))


def merged(old: str, new: str) -> dict:
    return diff_ast.diff_documents(ast(old), ast(new), MARK)


def spans(node, found=None) -> list[tuple[str, str]]:
    """Every change span as (kind, its words), in order (the space a deletion may end with, which
    keeps it apart from the insertion after it, left out)."""
    found = [] if found is None else found
    if isinstance(node, dict):
        kind = change_summary.change_kind(node)
        if kind:
            found.append((kind, change_summary.version_text(node["c"][1], drop="").strip()))
            return found
        for value in node.values():
            spans(value, found)
    elif isinstance(node, list):
        for item in node:
            spans(item, found)
    return found


def text(doc: dict, drop: str) -> str:
    return change_summary.version_text(doc["blocks"], drop)


# The diff.


def test_the_same_document_has_no_mark():
    md = "# Title\n\nOne *two* three [@a, p. 4].\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    result = merged(md, md)
    assert spans(result) == [] and result == ast(md)


def test_rewrapped_lines_and_soft_breaks_are_no_change():
    assert spans(merged("One two three\nfour five.\n", "One two\nthree four\nfive.\n")) == []


def test_a_reworded_sentence_marks_only_the_changed_word():
    result = merged("It serves with conviction and respect.\n", "It serves with honesty and respect.\n")
    assert spans(result) == [(DELETION, "conviction"), (INSERTION, "honesty")]
    assert text(result, DELETION) == "It serves with honesty and respect."
    assert text(result, INSERTION) == "It serves with conviction and respect."


def test_a_changed_number_marks_the_number_not_its_unit():
    result = merged("A share of 40%, then 28%.\n", "A share of 38%, then 28%.\n")
    assert spans(result) == [(DELETION, "40"), (INSERTION, "38")]


def test_a_deletion_and_the_insertion_after_it_stand_a_space_apart():
    """The unchanged space next to them goes into both: "~~throughout~~ on", not "throughouton",
    and either version reads with single spaces."""
    for old, new, edge in (
        ("It ran throughout the week.\n", "It ran on the week.\n", -1),
        ("It ran throughout.\n", "It ran on.\n", 0),
    ):
        result = merged(old, new)
        marked = [i for i in result["blocks"][0]["c"] if change_summary.change_kind(i)]
        assert [change_summary.change_kind(i) for i in marked] == [DELETION, INSERTION]
        assert all(i["c"][1][edge] == {"t": "Space"} for i in marked)
        assert text(result, DELETION) == new.strip() and text(result, INSERTION) == old.strip()


def test_spaces_between_two_changes_join_them():
    result = merged("keep a b keep\n", "keep x y keep\n")
    assert spans(result) == [(DELETION, "a b"), (INSERTION, "x y")]


def test_a_change_inside_emphasis_keeps_the_emphasis():
    result = merged("Say *very old words* now.\n", "Say *very new words* now.\n")
    [para] = result["blocks"]
    emph = next(i for i in para["c"] if i["t"] == "Emph")
    assert [change_summary.change_kind(i) for i in emph["c"] if change_summary.change_kind(i)] == [DELETION, INSERTION]


def test_a_moved_paragraph_is_one_deletion_and_one_insertion():
    old = "First para.\n\nSecond para moves.\n\nThird para.\n\nFourth para.\n"
    new = "First para.\n\nThird para.\n\nFourth para.\n\nSecond para moves.\n"
    assert spans(merged(old, new)) == [(DELETION, "Second para moves."), (INSERTION, "Second para moves.")]


def test_a_new_paragraph_is_one_insertion():
    result = merged("One.\n\nTwo.\n", "One.\n\nA new paragraph here.\n\nTwo.\n")
    assert spans(result) == [(INSERTION, "A new paragraph here.")]
    assert [b["t"] for b in result["blocks"]] == ["Para", "Para", "Para"]


def test_a_rewritten_paragraph_between_unchanged_ones_is_compared_word_by_word():
    result = merged("Keep.\n\nAlpha beta.\n\nKeep too.\n", "Keep.\n\nGamma delta.\n\nKeep too.\n")
    assert len(result["blocks"]) == 3
    assert spans(result) == [(DELETION, "Alpha beta"), (INSERTION, "Gamma delta")]


def test_an_added_citation_is_one_word_and_citation_counters_do_not_count():
    result = merged("Text [@a].\n\nMore [@b].\n", "Text [@c; @a].\n\nMore [@b].\n")
    kinds = [kind for kind, _ in spans(result)]
    assert kinds == [DELETION, INSERTION]  # one citation replaced; the second paragraph's counter moved
    assert result["blocks"][1] == ast("Text [@c; @a].\n\nMore [@b].\n")["blocks"][1]


def test_list_items_are_matched_like_paragraphs():
    result = merged("- a one\n- b two\n", "- a one\n- b three\n- c four\n")
    assert spans(result) == [(DELETION, "two"), (INSERTION, "three"), (INSERTION, "c four")]


def test_a_reworded_heading_is_compared_word_by_word_and_a_deleted_block_gives_up_its_id():
    result = merged("# Channels used\n\nText.\n", "# Channels chosen\n\nText.\n")
    assert spans(result) == [(DELETION, "used"), (INSERTION, "chosen")]
    assert result["blocks"][0]["c"][1][0] == "channels-chosen"
    removed = merged("# Gone\n\n# Kept\n", "# Kept\n")
    assert [b["c"][1][0] for b in removed["blocks"]] == ["", "kept"]


def test_a_table_body_only_one_side_has_is_compared_with_nothing():
    old, new = ast(TABLE), ast(TABLE)
    extra = json.loads(json.dumps(old["blocks"][0]["c"][4][0]))
    old["blocks"][0]["c"][4].append(extra)
    result = diff_ast.diff_documents(old, new, MARK)
    assert spans(result) == [(DELETION, t) for t in ("18-24", "32%", "25-34", "40%")]
    assert spans(diff_ast.diff_documents(new, old, MARK)) == [(INSERTION, t) for t in ("18-24", "32%", "25-34", "40%")]


def test_marks_carry_author_and_date():
    result = merged("a\n", "b\n")
    attrs = {tuple(kv) for span in result["blocks"][0]["c"] for kv in span["c"][0][2]}
    assert attrs == {("author", "Authors"), ("date", "2026-11-28T00:00:00Z")}


TABLE = "| Range | Share |\n|---|---|\n| 18-24 | 32% |\n| 25-34 | 40% |\n\n: Caption\n"


def test_a_changed_cell_marks_that_cell_only():
    result = merged(TABLE, TABLE.replace("40%", "38%"))
    assert spans(result) == [(DELETION, "40"), (INSERTION, "38")]
    assert change_summary.summarize(result, {}, {}).tables == [(None, "Caption", 1)]


def test_an_added_or_removed_table_is_reported_as_such():
    strings = yaml.safe_load((REPO / "templates/i18n/en.yaml").read_text(encoding="utf-8"))
    added = change_summary.summarize(merged("Text.\n", "Text.\n\n" + TABLE), {}, {})
    assert added.tables == [(INSERTION, "Caption", 6)]
    assert "- Caption: added\n" in change_summary.markdown(added, strings, "v1")
    removed = change_summary.summarize(merged("Text.\n\n" + TABLE, "Text.\n"), {}, {})
    assert removed.tables == [(DELETION, "Caption", 6)]
    assert "- Caption: removed\n" in change_summary.markdown(removed, strings, "v1")


def test_a_table_renumbered_by_one_added_before_it_is_not_a_change():
    numbered = TABLE.replace(": Caption", ": Table {n}. Caption")
    result = merged(numbered.format(n=1), "Text.\n\n" + numbered.format(n=2))
    assert change_summary.summarize(result, {}, {}).tables == []
    reworded = merged(numbered.format(n=1), numbered.format(n=1).replace("Caption", "Other caption"))
    assert change_summary.summarize(reworded, {}, {}).tables == [(None, "Table 1. Other caption", 0)]


def test_an_added_row_is_inserted_cell_by_cell():
    result = merged(TABLE, TABLE.replace("| 25-34 | 40% |\n", "| 25-34 | 40% |\n| 35-44 | 28% |\n"))
    assert spans(result) == [(INSERTION, "35-44"), (INSERTION, "28%")]


def test_a_table_with_other_columns_is_replaced_whole():
    other = "| Range | Share | N |\n|---|---|---|\n| 18-24 | 32% | 3 |\n\n: Caption\n"
    result = merged(TABLE, other)
    assert [b["t"] for b in result["blocks"]] == ["Table", "Table"]
    assert {kind for kind, _ in spans(result["blocks"][0])} == {DELETION}
    assert {kind for kind, _ in spans(result["blocks"][1])} == {INSERTION}


def test_a_table_that_changed_is_paired_even_when_text_around_it_moved():
    old = f"Para A.\n\nPara B.\n\n{TABLE}\nPara C.\n"
    new = f"Para A.\n\nPara C.\n\n{TABLE.replace('40%', '38%')}\nPara B.\n"
    result = merged(old, new)
    assert [b["t"] for b in result["blocks"]].count("Table") == 1
    assert (DELETION, "40") in spans(result) and (INSERTION, "38") in spans(result)


def figure(sha: str, path: str = "figures/a.png") -> dict:
    doc = ast(f"![Figure 1. Shares]({path})\n")
    image = next(changes.images(doc))
    image["c"][0][2].append(["sha256", sha])
    return doc


def test_a_figure_whose_image_changed_is_replaced_and_a_moved_file_is_not():
    result = diff_ast.diff_documents(figure("aaa"), figure("bbb"), MARK)
    [block] = result["blocks"]
    assert block["t"] == "Figure" and [k for k, _ in spans(block["c"][2])] == [DELETION, INSERTION]
    assert change_summary.summarize(result, {}, {}).figures == ["Figure 1. Shares"]
    assert spans(diff_ast.diff_documents(figure("aaa"), figure("aaa", "../elsewhere/a.png"), MARK)) == []


def references(*entries: str) -> str:
    body = "\n".join(f"::: {{#ref-{key} .csl-entry}}\n{text}\n:::\n" for key, text in entries)
    return f"# References\n\n::: {{#refs .references}}\n{body}:::\n"


def test_a_new_reference_is_one_insertion_in_the_list():
    old = references(("a", "Alfi. (2013)."), ("y", "Yusmawati. (2017)."))
    new = references(("a", "Alfi. (2013)."), ("s", "Sirait. (2018)."), ("y", "Yusmawati. (2017)."))
    result = merged(old, new)
    assert spans(result) == [(INSERTION, "Sirait. (2018).")]
    assert change_summary.summarize(result, {}, {}).references == [(INSERTION, "Sirait. (2018).")]
    removed = merged(new, old)
    assert change_summary.summarize(removed, {}, {}).references == [(DELETION, "Sirait. (2018).")]


def test_pairs_keeps_order_and_pairs_only_alike_blocks():
    old = ast("# H\n\nPara one two three.\n")["blocks"]
    new = ast("## H\n\nPara one two four.\n")["blocks"]
    assert diff_ast.pairs(old, new) == [(0, None), (None, 0), (1, 1)]


def test_titles_and_abstracts_are_compared_by_language():
    def doc(title, english, indonesian):
        return ast(
            f"---\ntitle: {title}\nabstracts:\n- lang: id\n  heading: Abstrak\n  text: {indonesian}\n"
            f"- lang: en\n  heading: Abstract\n  text: {english}\n  keywords: a; b\n---\n\nBody.\n"
        )

    result = diff_ast.diff_documents(
        doc("Old title", "It was fairly good.", "Sama."), doc("New title", "It was quite good.", "Sama."), MARK
    )
    assert spans(result["meta"]["title"]) == [(DELETION, "Old"), (INSERTION, "New")]
    english = result["meta"]["abstracts"]["c"][1]["c"]
    assert spans(english["text"]) == [(DELETION, "fairly"), (INSERTION, "quite")] and spans(english["keywords"]) == []
    assert spans(result["meta"]["abstracts"]["c"][0]) == [] and spans(result["blocks"]) == []
    assert change_summary.summarize(result, {}, {}, title="Judul").sections == {"Judul": (1, 1), "Abstract": (1, 1)}


# The summary.


def test_summary_counts_words_per_section_values_and_says_no_change():
    result = merged(
        "# Intro\n\nOld words here.\n\n# Method\n\nSame.\n", "# Intro\n\nNew words here.\n\n# Method\n\nSame.\n"
    )
    summary = change_summary.summarize(result, {"share": "40%", "gone": "1"}, {"share": "38%", "new": "2"})
    assert summary.sections == {"Intro": (1, 1)}
    assert summary.values == [("gone", "1", "—"), ("new", "—", "2"), ("share", "40%", "38%")]
    text_md = change_summary.markdown(summary, STRINGS, "v1")
    assert (
        text_md.startswith("# Changes since v1\n")
        and "| Intro | 1 | 1 |" in text_md
        and "- `share`: 40% → 38%" in text_md
    )
    same = change_summary.summarize(merged("Same.\n", "Same.\n"), {"a": "1"}, {"a": "1"})
    assert same.empty and change_summary.markdown(same, STRINGS, "v1") == "# Changes since v1\n\nNo changes.\n"


def test_subsections_are_named_under_their_section():
    result = merged("# Results\n\n## Channels\n\nOld.\n", "# Results\n\n## Channels\n\nNew.\n")
    assert change_summary.summarize(result, {}, {}).sections == {"Results › Channels": (1, 1)}


# The DOCX.


def document_xml(markdown_doc: dict) -> etree._Element:
    data = pandoc.run(
        ["-f", "json", "-t", "docx", "-o", "-"], source="test.json", stdin=json.dumps(markdown_doc).encode()
    )
    completed = tracked_docx.complete(data)
    with zipfile.ZipFile(io.BytesIO(completed)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def q(name):
    return tracked_docx.q(name)


def test_a_wholly_deleted_or_inserted_paragraph_has_its_mark_tracked_too():
    root = document_xml(merged("Keep.\n\nGone para.\n\nEdited here.\n", "Keep.\n\nEdited there.\n\nNew para.\n"))
    marks = {}
    for p in root.iter(q("p")):
        text_of = "".join(p.itertext())
        rpr = p.find(f"{q('pPr')}/{q('rPr')}")
        marks[text_of] = None if rpr is None else etree.QName(rpr[-1]).localname
    assert marks == {"Keep.": None, "Gone para.": "del", "Edited here there.": None, "New para.": "ins"}
    ids = [e.get(q("id")) for e in root.iter(q("ins"), q("del"))]
    assert len(ids) == len(set(ids)) and len(ids) >= 4


def test_a_wholly_inserted_table_row_is_a_tracked_row():
    root = document_xml(merged(TABLE, TABLE.replace("| 25-34 | 40% |\n", "| 25-34 | 40% |\n| 35-44 | 28% |\n")))
    rows = list(root.iter(q("tr")))
    marked = [
        [etree.QName(e).localname for e in r.iterfind(f"{q('trPr')}/*") if e.tag in tracked_docx.CHANGES] for r in rows
    ]
    assert marked == [[], [], [], ["ins"]]


def test_completing_keeps_every_other_member_and_its_order():
    data = pandoc.run(["-f", "markdown", "-t", "docx", "-o", "-"], source="x.md", stdin=b"Hello.")
    before, after = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(tracked_docx.complete(data)))
    assert before.namelist() == after.namelist()
    assert [i.date_time for i in before.infolist()] == [i.date_time for i in after.infolist()]
    for name in before.namelist():
        if name != tracked_docx.DOCUMENT:
            assert before.read(name) == after.read(name)


# The baseline.


@pytest.fixture
def git_repo(tmp_path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "Snakefile").write_text("rule all:\n", encoding="utf-8")
    run = dict(cwd=repo, check=True, capture_output=True)
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", "-A"], **run)
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one"], **run)
    subprocess.run(["git", "tag", "v1"], **run)
    return repo


def test_a_git_revision_resolves_to_its_commit_and_unpacks_its_tree(git_repo):
    found = baseline.resolve("v1", git_repo)
    assert found.kind == "git" and len(found.key) == 40 and found.label == f"v1 (commit {found.key[:12]})"
    assert baseline.resolve(found.key[:8], git_repo).label == f"commit {found.key[:12]}"
    folder = baseline.unpack(found, git_repo / found.folder, git_repo)
    assert (folder / "Snakefile").read_text(encoding="utf-8") == "rule all:\n"
    assert (folder / baseline.UNPACKED).is_file() and not list(folder.parent.glob(".*"))


@pytest.mark.parametrize("source", ["v9", "no-such-branch", "HEAD~5", ""])
def test_an_unknown_revision_is_one_clear_error(git_repo, source):
    with pytest.raises(baseline.UserError) as err:
        baseline.resolve(source, git_repo)
    [f] = err.value.findings
    assert (
        f.rule == "baseline-unknown"
        and f.file == source
        and "git revision" in f.message
        and "submission.zip" in f.message
    )


def test_a_file_that_is_not_a_bundle_is_refused(git_repo):
    (git_repo / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(baseline.UserError, match="is not a zip archive"):
        baseline.resolve("notes.txt", git_repo)
    with zipfile.ZipFile(git_repo / "other.zip", "w") as archive:
        archive.writestr("README.md", "x")
    other = baseline.resolve("other.zip", git_repo)
    assert other.kind == "zip" and other.key.startswith("zip-") and other.label == "other.zip"
    # Named by its file name, never by the folders it lies in.
    assert baseline.resolve(str(git_repo / "other.zip"), git_repo).label == "other.zip"
    with pytest.raises(baseline.UserError, match="holds no Snakefile"):
        baseline.unpack(other, git_repo / other.folder, git_repo)


def test_a_bundle_unpacks_its_sources_but_not_its_build_and_nothing_outside(git_repo):
    with zipfile.ZipFile(git_repo / "submission.zip", "w") as archive:
        archive.writestr("Snakefile", "rule all:\n")
        archive.writestr("build/en/article.pdf", "old")
    found = baseline.resolve("submission.zip", git_repo)
    folder = baseline.unpack(found, git_repo / found.folder, git_repo)
    assert (folder / "Snakefile").is_file() and not (folder / "build").exists()
    with zipfile.ZipFile(git_repo / "evil.zip", "w") as archive:
        archive.writestr("Snakefile", "")
        archive.writestr("../outside.txt", "x")
    evil = baseline.resolve("evil.zip", git_repo)
    with pytest.raises(baseline.UserError, match="outside its folder"):
        baseline.unpack(evil, git_repo / evil.folder, git_repo)
    assert not (git_repo / "build" / "outside.txt").exists() and not (git_repo / evil.folder).exists()


# The CLI's parts.


def test_author_comes_from_the_metadata_unless_it_is_a_placeholder():
    doc = ast("---\nauthors:\n- name: '[placeholder: author name]'\n---\n\nText.\n")
    assert changes.author(doc) == "Authors"
    doc = ast("---\nauthors:\n- name: A. Author\n- name: B. Author\n---\n\nText.\n")
    assert changes.author(doc) == "A. Author, B. Author"


def test_report_without_a_baseline_says_how_to_give_one(capsys):
    assert run_cli(changes.main, ["report"]) == 1
    err = capsys.readouterr().err
    assert "[no-baseline]" in err and "--config baseline=REV" in err and "submission.zip" in err
