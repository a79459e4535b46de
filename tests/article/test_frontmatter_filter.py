"""templates/frontmatter.lua (the DOCX front matter) under each of the journal profile's
`front_matter` settings, as render.py passes them to pandoc (render.front_matter_metadata)."""

from __future__ import annotations

import json

import pytest

from scripts.article.render import front_matter_metadata
from scripts.core import pandoc, paths

DOCUMENT = """---
title: The title
subtitle: "[Judulnya]{lang=id-ID}"
lang: en-US
correspondence-label: Correspondence
authors:
- name: Ann Example
  email: ann@example.org
  orcid: https://orcid.org/0000-0000-0000-0001
  corresponding: true
  marks: '1'
affiliations:
- mark: '1'
  name: Example University
abstracts:
- locale: en-US
  heading: Abstract
  text: The English abstract.
  keywords-label: Keywords
  keywords: one; two
- locale: id-ID
  heading: Abstrak
  text: Abstrak bahasa Indonesia.
  keywords-label: Kata kunci
  keywords: satu; dua
---
Body.
"""
DEFAULT = {"keywords": "after-abstract", "corresponding": "title-block", "other_language": True, "orcid": True}


def text(node) -> str:
    """The words of a pandoc JSON node, as pandoc.utils.stringify gives them."""
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") == "Space":
            return " "
        if node.get("t") == "Note":
            return ""
        return text(node.get("c", []))
    if isinstance(node, list):
        return "".join(text(item) for item in node)
    return ""


def notes(node) -> list[str]:
    if isinstance(node, dict):
        found = [text(node["c"])] if node.get("t") == "Note" else []
        return found + notes(node.get("c", []))
    if isinstance(node, list):
        return [note for item in node for note in notes(item)]
    return []


def front(**settings) -> tuple[list[tuple[str, str]], dict, list[str]]:
    """(custom style, text) of each front-matter paragraph, the metadata and the footnotes."""
    args = ["-f", "markdown", "-t", "json", f"--lua-filter={paths.DOCX_FRONTMATTER_FILTER}"]
    args += front_matter_metadata({"front_matter": {**DEFAULT, **settings}})
    doc = json.loads(pandoc.run(args, source="test", stdin=DOCUMENT.encode("utf-8")))
    styled = []
    for block in doc["blocks"]:
        if block["t"] == "Div":
            attributes = dict(block["c"][0][2])
            styled.append((attributes.get("custom-style"), text(block["c"][1])))
    return styled, doc["meta"], notes(doc["blocks"])


def test_the_default_profile_keeps_todays_front_matter():
    styled, meta, footnotes = front()
    assert [style for style, _ in styled] == [
        "Author",
        "Affiliation",
        "Affiliation",
        "Affiliation",
        "Abstract Title",
        "Abstract",
        "Keywords",
        "Abstract Title",
        "Abstract",
        "Keywords",
    ]
    assert styled[0][1] == "Ann Example1*" and styled[2][1] == "*Correspondence: ann@example.org"
    assert styled[3][1].startswith("ORCID Ann Example")
    assert "subtitle" in meta and footnotes == []
    assert not any(key.startswith("front-matter") for key in meta)  # taken out: no custom property of them


def test_keywords_before_the_abstract():
    styles = [style for style, _ in front(keywords="before-abstract")[0]]
    assert styles[4:] == ["Keywords", "Abstract Title", "Abstract"] * 2


def test_the_corresponding_author_in_a_footnote():
    styled, _, footnotes = front(corresponding="footnote")
    assert styled[0] == ("Author", "Ann Example1,")
    assert footnotes == ["Correspondence: ann@example.org"]
    assert not any("Correspondence" in line for _, line in styled)


@pytest.mark.parametrize("orcid", [True, False])
def test_orcid_shown_or_not(orcid):
    assert any(line.startswith("ORCID") for _, line in front(orcid=orcid)[0]) == orcid


def test_no_other_language_title_or_abstract():
    styled, meta, _ = front(other_language=False)
    assert "subtitle" not in meta
    assert [line for style, line in styled if style in ("Abstract Title", "Keywords")] == [
        "Abstract",
        "Keywords: one; two",
    ]
