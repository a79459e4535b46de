"""Unit tests for scripts/article/assemble.py: placeholders, numbering, cross-references, images."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from scripts.article import assemble
from scripts.core import journal, yamlfile
from scripts.core.errors import UserError
from scripts.data import declared_figures
from scripts.data import declared_tables as declared

STRINGS_FILE = "templates/i18n/id.yaml"
STRINGS = yamlfile.load(STRINGS_FILE)
DECLARED = Path(__file__).resolve().parents[2] / declared.FOLDER
CAPTIONS = {name: declared.caption(decl, "id") for name, decl in declared.load_all(DECLARED).items()}
FIGURES_DIR = DECLARED.parent.parent / declared_figures.FOLDER
FIGURES = declared_figures.load_all(FIGURES_DIR, declared.load_all(DECLARED))
VALUES = {
    "count.accounts": "3",
    "audience.1.account": "@tangerangtv",
    "audience.1.top1.share": "40\u00a0%",
    "audience.1.top1.range": "25–34",
}


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A folder laid out like the repository, with generated tables and a figure."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "build" / "id"
    (out / "tables").mkdir(parents=True)
    (out / "figures").mkdir()
    for name in CAPTIONS:
        (out / "tables" / f"{name}.md").write_text(f"| {name} |\n|---|\n| x |\n", encoding="utf-8")
    (out / "figures" / "audience_age.png").write_bytes(b"png")
    (tmp_path / "manuscript" / "id").mkdir(parents=True)
    (tmp_path / "templates" / "i18n").mkdir(parents=True)
    shutil.copy(Path(__file__).resolve().parents[2] / STRINGS_FILE, tmp_path / STRINGS_FILE)
    return tmp_path


def source(path, text):
    return assemble.Source(path, text.splitlines())


def build(repo, *texts):
    sources = [source(f"manuscript/id/s{i}.md", text) for i, text in enumerate(texts)]
    return assemble.body(sources, VALUES, STRINGS, Path("build/id"), repo.resolve(), "id", CAPTIONS, FIGURES)


def test_values_are_replaced_and_escaped_for_markdown(repo):
    text = build(repo, "Ada {{count.accounts}} akun; {{audience.1.account}} punya {{audience.1.top1.share}}.")
    assert "Ada 3 akun; \\@tangerangtv punya 40\u00a0%." in text


def test_unknown_placeholder_names_file_line_and_column(repo):
    with pytest.raises(UserError) as err:
        build(repo, "# A\n\nline two {{count.nothing}} and {{count.nope}}")
    assert [str(f) for f in err.value.findings] == [
        "manuscript/id/s0.md:3:10: error [unknown-placeholder] no value named {{count.nothing}} "
        "(values come from build/values.json)",
        "manuscript/id/s0.md:3:32: error [unknown-placeholder] no value named {{count.nope}} "
        "(values come from build/values.json)",
    ]


def test_tables_and_figures_are_numbered_in_order_with_captions(repo):
    text = build(
        repo,
        "{{table:accounts}}\n\nSee @tbl:findings and @tbl:accounts.",
        "{{table:findings}}\n\n{{figure:audience_age}}\n\nAs @fig:audience_age shows.",
    )
    assert ": Tabel 1. " + CAPTIONS["accounts"] in text
    assert ": Tabel 2. " + CAPTIONS["findings"] in text
    assert "See Tabel\u00a02 and Tabel\u00a01." in text
    assert f"![Gambar 1. {FIGURES['audience_age'].data['caption']['id']}](figures/audience_age){{fig-alt=" in text
    assert "As Gambar\u00a01 shows." in text
    assert "{{" not in text


def test_unknown_and_duplicate_labels_are_errors_with_lines(repo):
    with pytest.raises(UserError) as err:
        build(repo, "{{table:findings}}\n\n@tbl:nothing here", "x\n{{table:findings}}\n{{table:nonexistent}}")
    got = {(f.file, f.line, f.rule) for f in err.value.findings}
    assert got == {
        ("manuscript/id/s0.md", 3, "unknown-label"),
        ("manuscript/id/s1.md", 2, "duplicate-label"),
        ("manuscript/id/s1.md", 3, "unknown-block"),
    }


def test_author_image_is_rebased_from_the_build_folder(repo):
    (repo / "manuscript" / "id" / "photo.png").write_bytes(b"png")
    text = build(repo, "![Foto](photo.png)")
    assert "![Foto](../../manuscript/id/photo.png)" in text


def test_generated_figure_alt_text_comes_from_its_declaration_with_values_from_the_data(repo):
    text = build(repo, "{{figure:audience_age}}")
    alt = text.split('fig-alt="', 1)[1].rsplit('"}', 1)[0]
    assert alt.startswith("Diagram batang") and "\\@tangerangtv" in alt and "40\u00a0%" in alt and "{{" not in alt


def test_alt_text_with_quotes_is_escaped_for_the_attribute():
    assert assemble.attribute_text('say "hi" to @x') == 'say \\"hi\\" to \\@x'


@pytest.mark.parametrize(
    "alt,rule",
    [(None, "missing-alt-text"), ("  ", "missing-alt-text"), ("Grafik {{count.nothing}}", "unknown-placeholder")],
)
def test_generated_figure_without_usable_alt_text_stops_with_the_declaration_line(repo, alt, rule):
    figure = FIGURES["audience_age"]
    texts = {lang: text for lang, text in figure.data["alt"].items() if lang != "id"}
    data = {**figure.data, "alt": {**texts, **({"id": alt} if alt is not None else {})}}
    lines = {
        key: n for key, n in figure.lines.items() if alt is not None or key != ("alt", "id")
    }  # as the file would be
    changed = declared_figures.Figure(figure.name, figure.path, data, lines)
    with pytest.raises(UserError) as err:
        assemble.body(
            [source("manuscript/id/s0.md", "{{figure:audience_age}}")],
            VALUES,
            STRINGS,
            Path("build/id"),
            repo.resolve(),
            "id",
            CAPTIONS,
            {"audience_age": changed},
        )
    [f] = err.value.findings
    expected_line = figure.line("alt", "id") if alt is not None else figure.line("alt")  # no text: the alt key
    assert (f.file, f.line, f.rule) == (figure.path, expected_line, rule)


@pytest.mark.parametrize("image", ["![](photo.png)", "![ ](photo.png){width=50%}", '![](photo.png){fig-alt=""}'])
def test_author_image_without_alt_text_is_an_error_with_line_and_column(repo, image):
    (repo / "manuscript" / "id" / "photo.png").write_bytes(b"png")
    with pytest.raises(UserError) as err:
        build(repo, f"Teks\n\nLihat {image}")
    [f] = err.value.findings
    assert (f.file, f.line, f.column, f.rule) == ("manuscript/id/s0.md", 3, 7, "missing-alt-text")


def test_author_image_with_fig_alt_only_is_accepted(repo):
    (repo / "manuscript" / "id" / "photo.png").write_bytes(b"png")
    text = build(repo, '![](photo.png){fig-alt="Foto kantor"}')
    assert '![](../../manuscript/id/photo.png){fig-alt="Foto kantor"}' in text


@pytest.mark.parametrize(
    "target,rule",
    [
        ("missing.png", "missing-image"),
        ("../../../../etc/passwd", "outside-image"),
        ("https://example.org/a.png", "remote-image"),
    ],
)
def test_bad_images_are_errors(repo, target, rule):
    with pytest.raises(UserError) as err:
        build(repo, f"Text\n\n![x]({target})")
    [f] = err.value.findings
    assert (f.file, f.line, f.rule) == ("manuscript/id/s0.md", 3, rule)


def test_missing_section_file_is_named(repo):
    with pytest.raises(UserError) as err:
        assemble.read_sections("id", ["introduction", "method"])
    assert [f.file for f in err.value.findings] == ["manuscript/id/introduction.md", "manuscript/id/method.md"]


def test_section_not_utf8_is_an_encoding_error(repo):
    (repo / "manuscript" / "id" / "intro.md").write_bytes("caf\u00e9".encode("latin-1"))
    with pytest.raises(UserError, match="encoding"):
        assemble.read_sections("id", ["intro"])


def test_front_matter_is_yaml_with_localized_strings():
    header = assemble.front_matter({"title": "Judul"}, STRINGS, dt.date(2022, 11, 20))
    meta = yaml.safe_load(header.strip().strip("-"))
    assert meta["title"] == "Judul"
    assert meta["reference-section-title"] == "Daftar Pustaka"
    assert (meta["date-year"], meta["date-month"], meta["date-day"]) == (2022, 11, 20)
    assert meta["date"] == "20 November 2022"


def test_front_matter_only_needs_no_data_and_writes_no_body(tmp_path, monkeypatch):
    import shutil

    repo = tmp_path / "repo"
    for part in ("config.yaml", "manuscript/metadata.yaml", "journals/default/profile.yaml", "templates/i18n"):
        source = Path(__file__).resolve().parents[2] / part
        target = repo / part
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    monkeypatch.chdir(repo)
    journal.write_parts(journal.load("default"))
    arguments = ["--lang", "en", "--front-matter-only", "--date", "2026-11-28", "--out", "build/en/front-matter.md"]
    parts = ["--facts", "build/journal/facts.json", "--front-matter", "build/journal/front_matter.json"]
    assert assemble.main(arguments + parts) == 0
    text = (repo / "build/en/front-matter.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.strip().strip("-"))
    assert text.endswith("---\n\n") and meta["lang"] == "en-US" and meta["authors"]
    assert "publisher" in meta["journal"] and "volume" in meta["journal"]  # the profile's facts and the article's
    assert (meta["date-year"], meta["date-month"], meta["date-day"]) == (2026, 11, 28)


def test_the_journal_sets_each_mapped_sections_level_one_heading_and_keeps_the_rest():
    sources = [
        assemble.Source("manuscript/id/introduction.md", ["# Pendahuluan {#sec-intro}", "", "## Latar", "Teks."]),
        assemble.Source("manuscript/id/extra.md", ["# Lampiran", "Teks."]),
    ]
    wanted = {"introduction": {"id": "PENDAHULUAN", "en": "INTRODUCTION"}}
    renamed = assemble.journal_headings(sources, ["introduction", "extra"], "id", wanted)
    assert renamed[0].lines == ["# PENDAHULUAN {#sec-intro}", "", "## Latar", "Teks."]
    assert renamed[1] == sources[1]  # a section the journal does not name keeps the author's heading
    assert assemble.journal_headings(sources, ["introduction", "extra"], "fr", wanted) == sources


@pytest.mark.parametrize("first", ["Teks tanpa judul.", "## Latar", "#Pendahuluan", ""])
def test_a_section_the_journal_names_without_a_level_one_heading_is_a_finding_at_line_1(first):
    source = assemble.Source("manuscript/id/introduction.md", [first, "Teks."])
    with pytest.raises(UserError) as err:
        assemble.journal_headings([source], ["introduction"], "id", {"introduction": {"id": "PENDAHULUAN"}})
    [found] = err.value.findings
    assert (found.file, found.line, found.rule) == ("manuscript/id/introduction.md", 1, "section-heading")
    assert "'PENDAHULUAN'" in found.message
