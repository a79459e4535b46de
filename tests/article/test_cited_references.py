"""templates/cited-references.lua: the bibliography cut to the cited entries before citeproc
gives the same document as the whole file, and citeproc sees the same entries for every cited key.
Also templates/svg-figures.lua, the PDF's one format-specific image change after the shared parse."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from scripts.core import pandoc

FILTER = str(REPO / "templates" / "cited-references.lua")
BIB = """\
@string{acad = {Academic Press}}
@comment{a note that mentions @uncited{x}, in passing}

@book{cited,
  author = {Arifin, Budi},
  title = {Humas Pemerintah},
  publisher = acad,
  year = {2019},
}

@incollection{child,
  author = {Sari, Dewi},
  title = {Media Sosial},
  crossref = {parent},
  pages = {1--10},
}

@book{parent,
  editor = {Putra, Adi},
  title = {Komunikasi Publik},
  publisher = {Gramedia},
  year = {2020},
}

@article{uncited,
  author = {Nobody, Noone},
  title = {Never Cited {(at all)}},
  journal = {J},
  year = {2001},
}
"""


def convert(tmp_path, text: str, *extra: str) -> tuple[dict, str]:
    """The document as JSON and as plain text, and pandoc's warnings."""
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    source = tmp_path / "doc.md"
    source.write_text(text, encoding="utf-8")
    args = [*extra, "--citeproc", "-t", "json", str(source)]
    doc = json.loads(pandoc.run(args, source=str(source), cwd=tmp_path))
    return doc, pandoc.run(["-f", "json", "-t", "plain"], source="json", stdin=json.dumps(doc).encode("utf-8")).decode()


def ids(doc: dict) -> list[str]:
    return [entry["c"]["id"]["c"] for entry in doc["meta"].get("references", {}).get("c", [])]


DOCUMENT = "---\nbibliography: refs.bib\n{meta}---\n\nAs @cited says, and [@child, p. 3].\n"


@pytest.mark.parametrize("meta", ["", "abstract: see @uncited\n", "nocite: '@*'\n"])
def test_cut_bibliography_renders_like_the_whole_file(tmp_path, meta):
    text = DOCUMENT.format(meta=meta)
    whole_doc, whole = convert(tmp_path, text)
    cut_doc, cut = convert(tmp_path, text, f"--lua-filter={FILTER}")
    assert cut == whole and cut_doc["blocks"] == whole_doc["blocks"]
    assert "Academic Press" in cut and "Gramedia" in cut  # the @string macro, the crossref parent's publisher


def test_only_cited_entries_and_their_parents_reach_citeproc(tmp_path):
    doc, _ = convert(tmp_path, DOCUMENT.format(meta="abstract: see @uncited\n"), f"--lua-filter={FILTER}")
    assert sorted(ids(doc)) == ["child", "cited", "parent", "uncited"]  # cited in the metadata counts
    doc, text = convert(tmp_path, DOCUMENT.format(meta=""), f"--lua-filter={FILTER}")
    assert sorted(ids(doc)) == ["child", "cited", "parent"]
    assert "bibliography" not in doc["meta"] and "Never Cited" not in text


def test_unknown_key_stays_unknown(tmp_path):
    text = "---\nbibliography: refs.bib\n---\n\nAs @missing says, and @cited.\n"
    whole_doc, whole = convert(tmp_path, text)
    cut_doc, cut = convert(tmp_path, text, f"--lua-filter={FILTER}")
    assert cut == whole and "missing?" in cut and sorted(ids(cut_doc)) == ["cited"]


def test_unreadable_bibliography_is_left_to_citeproc(tmp_path):
    (tmp_path / "doc.md").write_text("---\nbibliography: nowhere.bib\n---\n\n@cited\n", encoding="utf-8")
    with pytest.raises(pandoc.UserError, match="nowhere.bib"):
        pandoc.run([f"--lua-filter={FILTER}", "--citeproc", "-t", "plain", "doc.md"], source="doc.md", cwd=tmp_path)


def test_pdf_takes_the_svg_of_generated_figures_only(tmp_path):
    text = "![Generated](figures/chart.png)\n\n![Own](../../manuscript/en/photo.png)\n"
    typ = pandoc.run(
        [f"--lua-filter={REPO / 'templates' / 'svg-figures.lua'}", "-t", "typst", "-"],
        source="x",
        stdin=text.encode("utf-8"),
    ).decode()
    assert "figures/chart.svg" in typ and "manuscript/en/photo.png" in typ and "chart.png" not in typ
