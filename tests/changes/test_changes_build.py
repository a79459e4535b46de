"""The revision round on the real workflow: `snakemake changes --config baseline=…` on a git
repository whose first commit is the submitted version (tests/revision.py), read back from
the marked DOCX (w:ins/w:del), the marked PDF (coloured glyphs, margin bars) and changes.md,
and the anonymous marked revision searched, part by part, for the author the round names.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, copy_repo, snakemake
from lxml import etree
from readers import (
    docx_accepted_paragraphs,
    docx_body_paragraphs,
    docx_changes,
    docx_paragraphs,
    docx_xml,
    pdf_coloured_runs,
    pdf_margin_bars,
    squash,
)
from revision import LANGS, MOVED, WORD, git, revision_round
from traces import AUTHOR, IDENTITIES, traces
from validators import jing_docx, require_jing, verapdf, verapdf_classes

pytestmark = pytest.mark.integration

BLUE, RED = (0.043, 0.341, 0.816), (0.702, 0.149, 0.118)  # templates/changes.lua
# The change bars stand 1.3 cm from the page's left edge, inside the 2.5 cm margin.
MARGIN = 2.0 / 2.54 * 72
MARKED = (
    "article-changes.docx",
    "article-changes.pdf",
    "article-review-changes.docx",
    "article-review-changes.pdf",
    "changes.md",
)
ANONYMOUS = ("article-review-changes.docx", "article-review-changes.pdf")
SUBMITTED_ZIP = "submitted.zip"


def marked_files(repo: Path) -> dict[str, bytes]:
    return {f"{lang}/{name}": (repo / "build" / lang / name).read_bytes() for lang in LANGS for name in MARKED}


@pytest.fixture(scope="module")
def revised(tmp_path_factory):
    """The revision built against the first commit, with the clean new editions beside it."""
    repo, sha = revision_round(tmp_path_factory.mktemp("revision") / "repo", REPO)
    targets = [f"build/{lang}/{name}" for lang in LANGS for name in ("article.docx", "article-review.docx")]
    result = snakemake(repo, "changes", *targets, "--config", f"baseline={sha}")
    assert result.returncode == 0, result.stdout + result.stderr
    return repo, sha, result, marked_files(repo)


def moved_paragraph(repo: Path, lang: str) -> str:
    start = MOVED[lang][0]
    return next(text for _, text in docx_paragraphs(repo / "build" / lang / "article.docx") if text.startswith(start))


def test_docx_tracks_exactly_the_changed_words_numbers_paragraph_figure_and_reference(revised):
    repo = revised[0]
    for lang in LANGS:
        old, new = WORD[lang]
        moved = moved_paragraph(repo, lang)
        changes = docx_changes(repo / "build" / lang / "article-changes.docx")
        citation = [text for kind, text in changes if "Sirait" in text and "(2018)." not in text]
        assert changes == [
            ("del", "fairly"),
            ("ins", "quite"),  # the English abstract
            ("ins", citation[0]),  # the citation restored in the method
            ("del", old),
            ("ins", new),  # the reworded sentence
            ("del", moved),  # the moved paragraph, where it was ...
            ("ins", moved),  # ... and where it is now
            ("del", "40"),
            ("ins", "38"),
            ("del", "28"),
            ("ins", "30"),  # the shares in the prose
            ("del", "40"),
            ("ins", "38"),
            ("del", "28"),
            ("ins", "30"),  # ... and in the table
            ("del", "[image]"),
            ("ins", "[image]"),  # the figure, replaced
            ("ins", "Sirait. (2018)."),  # the reference list
        ], lang
        assert citation[0].strip() in ("(Sirait, 2018)",), citation
        # Deleted and inserted words stand a space apart where they meet: "~~conviction~~ honesty".
        marked = etree.tostring(docx_xml(repo / "build" / lang / "article-changes.docx"), encoding="unicode")
        words = re.sub(r"<[^>]+>", "", marked)
        assert f"{old} {new}" in words, lang


@pytest.mark.parametrize(
    ("name", "author"), [("article-changes.docx", AUTHOR["name"]), ("article-review-changes.docx", "Authors")]
)
def test_every_tracked_change_names_the_authors_or_nobody_and_the_build_date(revised, name, author):
    from readers import W, docx_xml

    for lang in LANGS:
        root = docx_xml(revised[0] / "build" / lang / name)
        changes = list(root.iter(f"{W}ins", f"{W}del"))
        signed = {(c.get(f"{W}author"), c.get(f"{W}date")) for c in changes}
        assert changes and signed == {(author, "2026-11-28T00:00:00Z")}
        ids = [c.get(f"{W}id") for c in changes]
        assert len(set(ids)) == len(ids)


def test_the_anonymous_marked_revision_names_the_author_nowhere(revised):
    """Every part of both files (each DOCX member; the PDF's text, /Info, XMP and bytes) is
    searched for the author's name, email and affiliation."""
    folder = revised[0] / "build"
    for lang in LANGS:
        named = traces("article-changes.pdf", (folder / lang / "article-changes.pdf").read_bytes(), IDENTITIES)
        assert {identity for _, identity in named} == set(IDENTITIES)  # the search finds what is there
        assert AUTHOR["name"] in {identity for part, identity in named if part.endswith("#info")}
        for name in ANONYMOUS:
            assert traces(name, (folder / lang / name).read_bytes(), IDENTITIES) == [], (lang, name)


def test_the_marked_files_pass_jing_and_verapdf(revised, tmp_path):
    """The OOXML schemas (jing) on every part of the marked DOCX files, veraPDF (PDF/A-2a,
    PDF/UA-1) on the marked PDFs, named and anonymous (tests/validators.py)."""
    folder = revised[0] / "build"
    require_jing()
    (parts := tmp_path / "parts").mkdir()
    errors = jing_docx([folder / lang / name for lang in LANGS for name in MARKED if name.endswith(".docx")], parts)
    assert len({name.split("!")[0] for name in errors}) == 4
    assert {name: found for name, found in errors.items() if found} == {}
    (classes := tmp_path / "verapdf").mkdir()
    failed = verapdf(
        verapdf_classes(classes), [folder / lang / name for lang in LANGS for name in MARKED if name.endswith(".pdf")]
    )
    assert len(failed) == 8 and {key: rules for key, rules in failed.items() if rules} == {}


def test_the_marked_docx_has_the_clean_docx_document_properties(revised):
    """core.xml, app.xml and the package relationships as in the clean DOCX of the same edition:
    no pandoc counts, no custom.xml naming build paths."""
    folder = revised[0] / "build"
    for lang in LANGS:
        with (
            zipfile.ZipFile(folder / lang / "article.docx") as clean,
            zipfile.ZipFile(folder / lang / "article-changes.docx") as marked,
        ):
            assert "docProps/custom.xml" not in marked.namelist()
            assert b"custom" not in marked.read("[Content_Types].xml")
            for part in ("docProps/core.xml", "docProps/app.xml", "_rels/.rels"):
                assert marked.read(part) == clean.read(part), (lang, part)
        with (
            zipfile.ZipFile(folder / lang / "article-review.docx") as clean,
            zipfile.ZipFile(folder / lang / "article-review-changes.docx") as marked,
        ):
            for part in ("docProps/core.xml", "docProps/app.xml"):
                assert marked.read(part) == clean.read(part), (lang, part)


def test_accepting_every_change_gives_the_new_version(revised):
    repo = revised[0]
    for lang in LANGS:
        accepted = docx_accepted_paragraphs(repo / "build" / lang / "article-changes.docx")
        assert accepted == docx_body_paragraphs(repo / "build" / lang / "article.docx"), lang


def test_pdf_shows_insertions_in_blue_deletions_in_red_with_bars_in_the_margin(revised):
    repo = revised[0]
    for lang in LANGS:
        pdf = repo / "build" / lang / "article-changes.pdf"
        runs = pdf_coloured_runs(pdf)
        inserted = "".join(text for colour, text in runs if colour == BLUE)
        deleted = "".join(text for colour, text in runs if colour == RED)
        assert {colour for colour, _ in runs} == {BLUE, RED}
        old, new = WORD[lang]
        moved = squash(moved_paragraph(repo, lang))
        assert old in deleted and new in inserted and old not in inserted
        assert deleted.startswith("fairly") and inserted.startswith("quite")
        assert moved in squash(deleted) and moved in squash(inserted)
        assert deleted.count("40") >= 2 and inserted.count("38") >= 2
        assert "Sirait, 2018" in inserted and "Sirait. (2018)." in inserted
        bars = pdf_margin_bars(pdf, MARGIN)
        pages_with_changes = pdf_pages_with_colour(pdf)
        assert pages_with_changes and all(bars[page] > 0 for page in pages_with_changes), (bars, pages_with_changes)


def pdf_pages_with_colour(pdf: Path) -> set[int]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return {
            page.page_number
            for page in doc.pages
            if any(len(set(c.get("non_stroking_color") or ())) > 1 for c in page.chars)
        }


def test_summary_lists_sections_values_cells_references_and_figures(revised):
    repo, sha, result, _ = revised
    # Captions bind their label and number with a non-breaking space (templates/nonbreaking-spaces.lua).
    printed = (repo / "build" / "en" / "changes.md").read_text(encoding="utf-8")
    summary = printed.replace("\u00a0", " ")
    assert summary.startswith(f"# Changes since commit {sha[:12]}\n")
    for line in (
        "| Abstract | 1 | 1 |",
        "| Method | 2 | 0 |",
        "| Results and Discussion › Credibility | 1 | 1 |",
        "| Results and Discussion › Capability of the Audience | 2 | 2 |",
        "- `audience.1.top1.share`: 40% → 38%",
        "- `audience.1.top3.share`: 28% → 30%",
        "- Table 3. Age distribution of the followers of the official social media accounts: 2 cell(s) changed",
        "- added: Sirait. (2018).",
        "- replaced: Figure 1. Age distribution of the followers of the official social media accounts",
    ):
        assert line in summary, line
    # The moved paragraph: deleted where it was (Content), inserted where it is (Clarity).
    deleted = re.search(r"^\| Results and Discussion › Content \| 0 \| (\d+) \|$", summary, re.M)
    inserted = re.search(r"^\| Results and Discussion › Clarity \| (\d+) \| 0 \|$", summary, re.M)
    assert deleted and inserted and deleted[1] == inserted[1] and int(deleted[1]) > 40
    indonesian = (repo / "build" / "id" / "changes.md").read_text(encoding="utf-8")
    assert (
        "- `audience.1.top1.share`: 40\u00a0% → 38\u00a0%" in indonesian
        and "- ditambahkan: Sirait. (2018)." in indonesian
    )
    assert printed in result.stdout and indonesian in result.stdout


def test_the_report_carries_each_summary(revised):
    repo, sha, _, by_git = revised
    result = snakemake(repo, "--report", "build/report.html", "changes", "--config", f"baseline={sha}")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (repo / "build" / "report.html").read_text(encoding="utf-8")
    for lang in LANGS:
        assert base64.b64encode(by_git[f"{lang}/changes.md"]).decode() in html, lang


def test_a_submission_zip_baseline_marks_the_same_changes(revised):
    """The submitted version's bundle, built in its own folder, as the baseline: same marks, same bytes."""
    repo, sha, _, by_git = revised
    submitted = repo / "build" / "baseline" / sha
    built = snakemake(submitted, "build/submission.zip")
    assert built.returncode == 0, built.stdout + built.stderr
    shutil.copyfile(submitted / "build" / "submission.zip", repo / SUBMITTED_ZIP)
    result = snakemake(repo, "changes", "--config", f"baseline={SUBMITTED_ZIP}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((repo / "build" / "baseline").glob("zip-*/Snakefile"))
    by_zip = marked_files(repo)
    titles = {"en": f"# Changes since {SUBMITTED_ZIP}", "id": f"# Perubahan sejak {SUBMITTED_ZIP}"}
    for name, data in by_git.items():
        if name.endswith("changes.md"):
            title, body = by_zip[name].decode().split("\n", 1)
            assert title == titles[name.split("/")[0]] and body == data.decode().split("\n", 1)[1], name
        else:
            assert data == by_zip[name], name  # two baselines, built apart: byte-identical marked files


def test_the_marked_files_are_the_same_bytes_in_another_folder(revised, tmp_path):
    """The same revision cloned elsewhere, built one job at a time: the same marked files."""
    repo, sha, _, first = revised
    elsewhere = tmp_path / "deeper" / "clone"
    shutil.copytree(repo, elsewhere, ignore=shutil.ignore_patterns("build", ".snakemake", "__pycache__", SUBMITTED_ZIP))
    result = snakemake(elsewhere, "changes", "--cores", "1", "--config", f"baseline={sha}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert marked_files(elsewhere) == first


def test_a_baseline_that_does_not_build_is_reported_with_its_own_findings(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    results = repo / "manuscript" / "en" / "results.md"
    good = results.read_text(encoding="utf-8")
    results.write_text(good + "\nA figure of {{no.such.key}}.\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "broken")
    sha = git(repo, "rev-parse", "HEAD")
    results.write_text(good, encoding="utf-8")
    result = snakemake(repo, "changes", "--config", "baseline=HEAD")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(
        rf"^build/baseline/{sha}/manuscript/en/results\.md:\d+:\d+: error \[unknown-placeholder\] "
        r".*no\.such\.key",
        output,
        re.M,
    ), output
    assert "HEAD: error [baseline-build-failed]" in output
    assert not re.search(r"^build/baseline/\S+: warning", output, re.M)  # the baseline's warnings are not this round's
    assert not list(repo.glob("build/*/article*changes*")) and not list(repo.glob("build/*/changes.md"))


def test_without_a_baseline_or_with_an_unknown_one_nothing_is_written(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    git(repo, "init", "-q")
    no_baseline = snakemake(repo, "changes")
    assert no_baseline.returncode != 0
    assert "error [no-baseline]" in no_baseline.stderr + no_baseline.stdout
    assert "--config baseline=REV" in no_baseline.stderr + no_baseline.stdout
    for revision in ("v9", "no-such-branch"):
        unknown = snakemake(repo, "changes", "--config", f"baseline={revision}")
        assert unknown.returncode != 0
        assert f"{revision}: error [baseline-unknown] is neither a git revision" in unknown.stderr
        assert "Traceback" not in unknown.stderr
    assert not list(repo.glob("build/*/article*changes*")) and not list(repo.glob("build/*/changes.md"))
    assert not (repo / "build" / "baseline").exists()


# A table the revision adds before the findings table, which it renumbers (Table 2 → 3).
ADDED_TABLE = """\
source: media_mix
columns:
  - {name: channel, from: channel, label: {id: Saluran, en: Channel}}
  - {name: share_pct, from: share_pct, format: percent, label: {id: Porsi, en: Share}}
caption: {id: Bauran media publikasi, en: Media mix of the publicity}
"""


def test_a_table_the_revision_adds_is_reported_as_added_and_the_next_is_matched(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "submitted")
    sha = git(repo, "rev-parse", "HEAD")
    (repo / "data" / "tables" / "media_mix.yaml").write_text(ADDED_TABLE, encoding="utf-8")
    for lang in LANGS:
        results = repo / "manuscript" / lang / "results.md"
        text = results.read_text(encoding="utf-8")
        assert text.count("{{table:findings}}") == 1
        results.write_text(text.replace("{{table:findings}}", "{{table:media_mix}}\n\n{{table:findings}}"), "utf-8")
    result = snakemake(repo, "changes", "--config", "baseline=HEAD")
    assert result.returncode == 0, result.stdout + result.stderr
    expected = {
        "en": ("# Changes since HEAD (commit ", "## Tables", "- Table 2. Media mix of the publicity: added"),
        "id": ("# Perubahan sejak HEAD (commit ", "## Tabel", "- Tabel 2. Bauran media publikasi: ditambahkan"),
    }
    for lang in LANGS:
        summary = (repo / "build" / lang / "changes.md").read_text(encoding="utf-8").replace("\u00a0", " ")
        title, heading, added = expected[lang]
        # The baseline by the revision it names, never by a path on the author's machine.
        assert summary.startswith(f"{title}{sha[:12]})\n") and str(tmp_path) not in summary, summary
        # The added table by its caption; the findings table it renumbers is the same declared table: no entry.
        tables = summary.split(f"{heading}\n\n")[1].split("\n\n")[0].splitlines()
        assert tables == [added], summary


def test_rewrapped_lines_and_a_reordered_bib_are_no_change(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "submitted")
    for lang in LANGS:
        results = repo / "manuscript" / lang / "results.md"
        text = results.read_text(encoding="utf-8")
        results.write_text(text.replace(". ", ".\n").replace(", ", ",  "), encoding="utf-8")
    bib = repo / "bib" / "references.bib"
    entries = ["@" + entry for entry in bib.read_text(encoding="utf-8").split("\n@")]
    entries[0] = entries[0][1:]
    bib.write_text("\n".join(reversed(entries)) + "\n", encoding="utf-8")
    assert subprocess.run(["git", "diff", "--quiet"], cwd=repo).returncode == 1
    result = snakemake(repo, "changes", "--config", "baseline=HEAD")
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in LANGS:
        assert (
            (repo / "build" / lang / "changes.md")
            .read_text(encoding="utf-8")
            .endswith("\n\nNo changes.\n" if lang == "en" else "\n\nTidak ada perubahan.\n")
        )
        assert docx_changes(repo / "build" / lang / "article-changes.docx") == []
        assert pdf_coloured_runs(repo / "build" / lang / "article-changes.pdf") == []
        assert not any(pdf_margin_bars(repo / "build" / lang / "article-changes.pdf", MARGIN).values())


def test_the_default_build_makes_no_marked_version(built):
    assert not list(built.glob("build/*/article*changes*")) and not (built / "build" / "baseline").exists()


def test_the_marked_files_keep_the_journal_layout(revised):
    """Tables across the text width and the running head in the marked DOCX; nothing off the
    page or drawn over other text in the marked PDF."""
    import docx
    from layout import docx_grids, pdf_problems
    from readers import metadata

    repo = revised[0]
    for lang in LANGS:
        marked = repo / "build" / lang / "article-changes.docx"
        width, grids = docx_grids(marked)
        assert grids and all(sum(cols) == width for _, cols in grids), (lang, width, grids)
        head = " ".join(p.text for p in docx.Document(marked).sections[0].header.paragraphs)
        assert metadata(repo)["short_title"][lang] in head
        problems = pdf_problems(repo / "build" / lang / "article-changes.pdf")
        assert problems["outside"] == 0 and problems["overlapping"] == 0, (lang, problems)


def test_the_marked_pdf_follows_the_journal_profile(tmp_path, tmp_path_factory):
    """The ieee profile's marked revision: US letter, two columns, nothing off the page or drawn
    over other text, PDF/A-2a and PDF/UA-1; the anonymous one names nobody, the other its author
    in the corresponding author's footnote."""
    import pdfplumber
    from layout import in_two_columns, pdf_problems

    repo, sha = revision_round(tmp_path / "repo", REPO)
    result = snakemake(repo, "changes", "--config", f"baseline={sha}", "journal=ieee")
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = [repo / "build" / lang / name for lang in LANGS for name in MARKED if name.endswith(".pdf")]
    for pdf in pdfs:
        with pdfplumber.open(pdf) as document:
            assert {(round(p.width), round(p.height)) for p in document.pages} == {(612, 792)}, pdf
            assert in_two_columns(document), pdf
        problems = pdf_problems(pdf)
        assert problems["outside"] == 0 and problems["overlapping"] == 0, (pdf, problems)
    classes = verapdf_classes(tmp_path_factory.mktemp("verapdf"))
    assert {key: rules for key, rules in verapdf(classes, pdfs).items() if rules} == {}
    for lang in LANGS:
        folder = repo / "build" / lang
        assert AUTHOR["email"] in {
            i for _, i in traces("marked", (folder / "article-changes.pdf").read_bytes(), IDENTITIES)
        }
        assert traces("anonymous", (folder / "article-review-changes.pdf").read_bytes(), IDENTITIES) == []
