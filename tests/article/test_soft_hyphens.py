"""Soft hyphens for the PDF in languages typst cannot hyphenate (scripts/article/soft_hyphens.py)."""

from __future__ import annotations

from scripts.article import soft_hyphens
from scripts.core.hyphenation import SOFT_HYPHEN


def para(*words: str) -> dict:
    inlines = []
    for word in words:
        inlines += [{"t": "Str", "c": word}, {"t": "Space"}]
    return {"t": "Para", "c": inlines[:-1]}


def doc(blocks: list, abstracts: list[tuple[str, str]] = ()) -> dict:
    meta = {
        "abstracts": {
            "t": "MetaList",
            "c": [
                {
                    "t": "MetaMap",
                    "c": {
                        "typst-lang": {"t": "MetaInlines", "c": [{"t": "Str", "c": lang}]},
                        "text": {"t": "MetaBlocks", "c": [para(text)]},
                    },
                }
                for lang, text in abstracts
            ],
        }
    }
    return {"pandoc-api-version": [1, 23], "meta": meta, "blocks": blocks}


def texts(node) -> list[str]:
    if isinstance(node, dict):
        return [node["c"]] if node.get("t") == "Str" else [t for v in node.values() for t in texts(v)]
    return [t for v in node for t in texts(v)] if isinstance(node, list) else []


def test_only_languages_typst_lacks_get_soft_hyphens():
    assert soft_hyphens.needs_soft_hyphens("id")
    assert not soft_hyphens.needs_soft_hyphens("en")
    assert not soft_hyphens.needs_soft_hyphens("xx")  # no patterns either


def test_indonesian_words_break_at_their_syllables_and_names_stay_whole():
    source = doc([para("pemerintahan", "Tangerang", "@tangerangtv", "#TangerangAyo", "2022")])
    out = soft_hyphens.hyphenated(source, "id")
    assert texts(out["blocks"]) == [
        SOFT_HYPHEN.join(["pe", "me", "rin", "tahan"]),
        "Tangerang",
        "@tangerangtv",
        "#TangerangAyo",
        "2022",
    ]


def test_an_english_edition_is_left_to_typst_but_its_indonesian_abstract_is_not():
    source = doc([para("government")], abstracts=[("en", "government"), ("id", "pemerintahan")])
    out = soft_hyphens.hyphenated(source, "en")
    assert texts(out["blocks"]) == ["government"]
    assert texts(out["meta"]) == ["en", "government", "id", SOFT_HYPHEN.join(["pe", "me", "rin", "tahan"])]
    assert texts(source["meta"])[-1] == "pemerintahan"  # the input is not changed


def test_code_keeps_its_text():
    code = {"t": "Para", "c": [{"t": "Code", "c": [["", [], []], "pemerintahan"]}]}
    assert soft_hyphens.hyphenated(doc([code]), "id")["blocks"] == [code]
