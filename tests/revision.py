"""A revision round on a copy of the repository, for the `changes` tests.

The submitted version (the first commit) lacks one reference of the study (sirait2018, and its
citation in both editions); the revision then restores it, rewords a sentence in each edition
and one word of the English abstract (which both editions print), moves a paragraph and
changes two shares of data/raw/audience_age.csv (still summing to 100). Both versions name a
made-up author (traces.name_author), whom the anonymous marked revision must not name.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import copy_repo
from traces import name_author

LANGS = ("id", "en")
CITATION = " [@sirait2018]"
SENTENCE = {
    "en": ("with conviction and respect", "with honesty and respect"),
    "id": ("dengan penuh keyakinan dan rasa hormat", "dengan penuh kejujuran dan rasa hormat"),
}
# One word of the English abstract, in manuscript/metadata.yaml.
ABSTRACT = ("fairly effective", "quite effective")
# The one word that changes in each SENTENCE.
WORD = {"en": ("conviction", "honesty"), "id": ("keyakinan", "kejujuran")}
# The paragraph that moves, by its first words, and the paragraph it moves after (in the next
# subsection, so that which paragraph moved is not in doubt).
MOVED = {
    "en": ("Beyond packaging", "The clarity dimension requires"),
    "id": ("Selain mengemas", "Dimensi kejelasan menuntut"),
}
# audience_age.csv: 25-34 40 → 38, 35-44 28 → 30.
SHARES = {("25-34", "40"): "38", ("35-44", "28"): "30"}
OLD_SHARES, NEW_SHARES = ("40", "28"), ("38", "30")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def bib_entry(bib: str, key: str) -> str:
    start = bib.index(f"@misc{{{key},")
    return bib[start : bib.index("\n}\n", start) + 3]


def submitted(repo: Path) -> None:
    """The version sent to the journal: without sirait2018."""
    bib = repo / "bib" / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(bib_entry(bib.read_text(encoding="utf-8"), "sirait2018"), ""),
        encoding="utf-8",
    )
    for lang in LANGS:
        method = repo / "manuscript" / lang / "method.md"
        text = method.read_text(encoding="utf-8")
        assert CITATION in text
        method.write_text(text.replace(CITATION, ""), encoding="utf-8")


def move_paragraph(text: str, moved: str, after: str) -> str:
    paragraphs = text.split("\n\n")
    index = next(i for i, p in enumerate(paragraphs) if p.startswith(moved))
    paragraph = paragraphs.pop(index)
    target = next(i for i, p in enumerate(paragraphs) if p.startswith(after))
    paragraphs.insert(target + 1, paragraph)
    return "\n\n".join(paragraphs)


def revise(repo: Path, original: Path) -> None:
    """The revision: the reference back, a reworded sentence, a moved paragraph, new shares."""
    for name in ["bib/references.bib", *(f"manuscript/{lang}/method.md" for lang in LANGS)]:
        (repo / name).write_bytes((original / name).read_bytes())
    for lang in LANGS:
        results = repo / "manuscript" / lang / "results.md"
        text = results.read_text(encoding="utf-8")
        old, new = SENTENCE[lang]
        assert text.count(old) == 1
        results.write_text(move_paragraph(text.replace(old, new), *MOVED[lang]), encoding="utf-8")
    metadata = repo / "manuscript" / "metadata.yaml"
    text = metadata.read_text(encoding="utf-8")
    assert text.count(ABSTRACT[0]) == 1
    metadata.write_text(text.replace(*ABSTRACT), encoding="utf-8")
    csv = repo / "data" / "raw" / "audience_age.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        account, age, share = line.split(",")
        if (age, share) in SHARES:
            lines[i] = f"{account},{age},{SHARES[age, share]}"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")


def revision_round(dest: Path, original: Path) -> tuple[Path, str]:
    """A git repository whose first commit is the submitted version and whose working tree is
    the revision; returns it and the first commit's sha."""
    repo = copy_repo(dest)
    name_author(repo)
    submitted(repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "submitted")
    revise(repo, original)
    return repo, git(repo, "rev-parse", "HEAD")
