"""The citation checker on real bibliographies written by other projects (../shared/corpus/bib,
see SOURCES.md there), and the pandoc emulation in scripts/checks/citations/pandocbib.py checked
against pandoc itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.checks.citations.pandoc_job import pandoc_path
from scripts.checks.citations.pandocbib import scan

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "bib"
BIBS = sorted(CORPUS.glob("*.bib")) if CORPUS.is_dir() else []

needs_corpus = pytest.mark.skipif(
    not BIBS, reason=f"real-world .bib corpus not found at {CORPUS} (it lives beside the repository, in shared/)"
)


def pandoc_ids(path_or_text: Path | str) -> list[str] | None:
    """The ids pandoc reads from a .bib file or text; None if pandoc rejects it."""
    if isinstance(path_or_text, Path):
        result = subprocess.run(
            [pandoc_path(), "-f", "biblatex", "-t", "csljson", str(path_or_text)], capture_output=True
        )
    else:
        result = subprocess.run(
            [pandoc_path(), "-f", "biblatex", "-t", "csljson"], input=path_or_text.encode(), capture_output=True
        )
    if result.returncode != 0:
        return None
    return [item["id"] for item in json.loads(result.stdout)]


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def run_check(tmp_path: Path, bib: Path, keys: list[str], lang: str = "en"):
    md = tmp_path / "manuscript" / lang / "intro.md"
    md.parent.mkdir(parents=True, exist_ok=True)
    body = " ".join(f"See @{k}." if i % 2 else f"[@{k}, p. {i + 1}]." for i, k in enumerate(keys))
    md.write_text(f"# Intro\n\n{body or 'No citation.'}\n", encoding="utf-8")
    report = tmp_path / "report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.checks.citation_check",
            "--bib",
            str(bib),
            "--config",
            str(ROOT / "config.yaml"),
            "--json",
            str(report),
            str(md),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"] if report.exists() else None
    return result, findings


def sample(keys: list[str], n: int = 6) -> list[str]:
    if len(keys) <= n:
        return keys
    step = len(keys) // n
    return keys[::step][:n]


@needs_corpus
@pytest.mark.parametrize("bib", BIBS, ids=[b.name for b in BIBS])
def test_checker_survives_real_bibliography(bib, tmp_path):
    view = scan(read_text(bib))
    keys = sample([e.key for e in view.entries])
    result, findings = run_check(tmp_path, bib, keys)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)
    assert findings is not None, result.stderr
    assert result.returncode == (1 if any(f["severity"] == "error" for f in findings) else 0)
    rules = {f["rule"] for f in findings}
    if bib.name == "bibtexparser-gbk_test.bib":
        enc = [f for f in findings if f["rule"] == "encoding"]
        assert enc and "not UTF-8" in enc[0]["message"] and "GBK" in enc[0]["message"]
        assert enc[0]["file"] == str(bib) and enc[0]["line"] == 1
    else:
        # no false alarm: every cited key exists, nothing is called unparseable
        assert "undefined-key" not in rules, [f for f in findings if f["rule"] == "undefined-key"]
        assert not rules & {"parse-error", "encoding", "duplicate-key", "duplicate-field", "reader-mismatch"}, rules
        # unused: the entries not cited, less the crossref parents of cited ones
        unused = {f["message"].split("'")[1] for f in findings if f["rule"] == "unused-entry"}
        uncited = {e.key for e in view.entries} - set(keys)
        assert unused <= uncited and len(unused) >= len(uncited) - len(keys)


@needs_corpus
def test_biber_names_commented_entries_follow_pandoc(tmp_path):
    bib = CORPUS / "biber-names.bib"
    view = scan(read_text(bib))
    assert len(view.entries) == 38  # pandoc's count; bibtexparser sees 40
    assert "L27" not in [e.key for e in view.entries] and "L28" not in [e.key for e in view.entries]
    result, findings = run_check(tmp_path, bib, ["L1", "L26", "L27", "L29"])
    commented = sorted((f["line"], f["severity"]) for f in findings if f["rule"] == "commented-entry")
    assert commented == [(118, "warning"), (123, "warning")]
    [undefined] = [f for f in findings if f["rule"] == "undefined-key"]
    assert "'L27'" in undefined["message"] and "line 118" in undefined["message"]
    assert result.returncode == 1


@needs_corpus
def test_gbk_file_is_named_as_encoding_problem(tmp_path):
    bib = CORPUS / "bibtexparser-gbk_test.bib"
    result, findings = run_check(tmp_path, bib, [])
    lines = result.stderr.splitlines()
    assert any("error [encoding]" in line and "not UTF-8" in line for line in lines), result.stderr
    assert result.returncode == 1 and "Traceback" not in result.stderr


@needs_corpus
@pytest.mark.parametrize("bib", BIBS, ids=[b.name for b in BIBS])
def test_emulation_reads_the_same_entries_as_pandoc(bib):
    view = scan(read_text(bib))
    ids = pandoc_ids(bib)
    if ids is None:
        assert view.error is not None
    else:
        assert view.error is None
        assert [e.key for e in view.entries] == ids


# Small texts where pandoc's BibTeX reader is particular; the emulation must agree on each.
GRAMMAR_CASES = [
    "%@book{a, title={x}}\n@book{b, title={y}}\n",
    "  % @book{a, title={x}}\n@book{b, title={y}}\n",
    "text % @book{a, title={x}}\n@book{b, title={y}}\n",
    "\\% @book{j, title={x}}\n",
    "@book{c, title={x},\n % note = {y},\n year={2000}}\n",
    "%@book{d,\n title={x}, note={@book{f, title={w}}}\n}\n@book{e, title={z}}\n",
    "@comment{ @book{g, title={x}} }\n@book{e, title={z}}\n",
    "@book{h, title={x}} % @book{i, title={y}}\n",
    "@book{c % x\n, title={x}}\n",
    "@book % x\n{c, title={x}}\n",
    "@book{c, title = {x} % x\n # {y}}\n",
    "@book(c, title={x})\n",
    "@book{c, title={x}, year=2000, pages=1--2}\n",
    '@book{c, title="x {"} y"}\n',
    "@book{c, title={x}}}\n@book{d, title={y}}\n",
    "@book{c}\n@book{d, title={y}}\n",
    "@book{c,}\n@book{d, title={y}}\n",
    "@book{ü1, title={x}}\n",
    "@book{c d, title={x}}\n",
    "@comment x @book{d, title={y}}\n@book{e, title={y}}\n",
    "@string(foo={x})\n@book{d, title={y}}\n",
    '@string{foo="x"}\n@book{d, title=foo # { y}}\n',
    "@\n@book{d, title={y}}\n",
    "mail foo@bar.com\n@book{d, title={y}}\n",
    "@comment\n@book{d, title={y}}\n",
    "@commentary{d, title={y}}\n",
    "@book{c, title={x} junk}\n",
    "@book{c, title={x}, year={2000},,}\n",
    '@string{foo = "x", bar="y"}\n@book{d, title=foo}\n',
    "@book{c, title=x y}\n",
    '@book{c, title = "a" #}\n',
    "@book{c, title = }\n",
    "@book{o, title={x}\n@book{k, title={q}}\n",
    "@book{c, title={a \\} b}}\n",
    '@book{c, title="a \\" b"}\n',
    "@book{c, title={a}, title={b}}\n@book{c, title={d}}\n",
    "@Article{x:y-2(3)/z, title={a}}\n",
    '@preamble ( "x" )\n@book{c, title={x}}\n',
    "@misc{d, title = {x}, author={A % comment with { brace\n}}\n",
    "@book{ c , title = {x} , }\n",
]


@pytest.mark.parametrize("text", GRAMMAR_CASES)
def test_emulation_agrees_with_pandoc_on_grammar_cases(text):
    view = scan(text)
    ids = pandoc_ids(text)
    if ids is None:
        assert view.error is not None, f"pandoc rejects {text!r}, the emulation reads {[e.key for e in view.entries]}"
    else:
        assert view.error is None, f"pandoc reads {ids}, the emulation stops: {view.error}"
        assert [e.key for e in view.entries] == ids
