"""Integration tests: the article's evidence comes from data/raw through the real workflow.

The tables and the figure are read back from the built PDF and DOCX of both editions; a
second, made-up data set builds without code changes and shows its own numbers everywhere;
editing one raw file reruns only what depends on it.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import copy_repo, snakemake
from layout import check_docx_tables, check_pdf
from readers import docx_tables, pdf_text, squash, strings

pytestmark = pytest.mark.integration

LANGS = ["id", "en"]
SOURCE_TYPES = ["interview", "observation", "document"]


def rows(repo: Path, stem: str) -> list[dict]:
    with open(repo / "data" / "raw" / f"{stem}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(repo: Path, stem: str, records: list[dict]) -> None:
    with open(repo / "data" / "raw" / f"{stem}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)


def expected_evidence(repo: Path) -> dict[str, list[int]]:
    """Per code: segment counts per source type, then distinct sources (the test's own count)."""
    kind = {r["source_id"]: r["source_type"] for r in rows(repo, "sources")}
    segments = rows(repo, "coded_segments")
    result = {}
    for code in (r["code"] for r in rows(repo, "codebook")):
        mine = [s for s in segments if s["code"] == code]
        counts = Counter(kind[s["source_id"]] for s in mine)
        result[code] = [counts[t] for t in SOURCE_TYPES] + [len({s["source_id"] for s in mine})]
    return result


def table_with_header(tables, header_cell):
    return next(t for t in tables if header_cell in t[0])


def declared_column(repo: Path, table: str, column: str) -> dict:
    declaration = yaml.safe_load((repo / "data/tables" / f"{table}.yaml").read_text(encoding="utf-8"))
    return next(c for c in declaration["columns"] if c["name"] == column)


def check_tables_match_data(repo: Path, lang: str) -> None:
    local = strings(repo, lang)
    docx_path = repo / "build" / lang / "article.docx"
    tables = docx_tables(docx_path)
    label = "label_" + lang
    # The 7 Cs table: one row per code, in codebook order, with the evidence counts.
    findings = table_with_header(tables, declared_column(repo, "findings", "label")["label"][lang])
    codebook = sorted(rows(repo, "codebook"), key=lambda r: int(r["order"]))
    assert [row[0] for row in findings[1:]] == [r[label] for r in codebook]
    evidence = expected_evidence(repo)
    for row, code in zip(findings[1:], (r["code"] for r in codebook)):
        assert [int(cell) for cell in row[2:6]] == evidence[code], code
        flag = declared_column(repo, "findings", "triangulated")["values"][lang]
        yes, no = flag["true"], flag["false"]
        assert row[6] == (yes if sum(1 for n in evidence[code][:3] if n) >= 2 else no)
    # The audience table: every account's every age range and share.
    declaration = yaml.safe_load((repo / "data/tables/audience_age.yaml").read_text(encoding="utf-8"))
    audience = table_with_header(
        tables, next(c["label"][lang] for c in declaration["columns"] if c["name"] == "age_range")
    )
    cells = squash(" ".join(" ".join(r) for r in audience))
    for record in rows(repo, "audience_age"):
        assert squash(record["age_range"].replace("-", "–")) in cells
    shares = [r[-1] for r in audience[1:]]
    decimal = local["numbers"]["decimal"]
    expected = sorted(record["share_pct"].replace(".", decimal) for record in rows(repo, "audience_age"))
    assert sorted(re.sub(r"[^\d,.]", "", s) for s in shares) == expected
    # The accounts table: every handle and every platform's register.
    accounts = table_with_header(tables, declared_column(repo, "accounts", "handle")["label"][lang])
    flat = " ".join(" ".join(r) for r in accounts)
    for record in rows(repo, "accounts"):
        assert record["handle"] in flat
    for record in rows(repo, "platforms"):
        assert declared_column(repo, "accounts", "register")["values"][lang][record["register"]] in flat
    # The PDF shows the same tables and the figure.
    text = squash(pdf_text(repo / "build" / lang / "article.pdf"))
    for record in rows(repo, "findings"):
        assert squash(record["finding_" + lang].replace("\\", "")) in text
    for record in rows(repo, "accounts"):
        assert squash(record["handle"]) in text
    # The figure is embedded in the DOCX byte for byte.
    png = (repo / "build" / lang / "figures" / "audience_age.png").read_bytes()
    with zipfile.ZipFile(docx_path) as archive:
        assert png in [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


@pytest.mark.parametrize("lang", LANGS)
def test_tables_and_figure_in_both_formats_match_the_raw_data(built, lang):
    check_tables_match_data(built, lang)
    assert len(list(__import__("pypdf").PdfReader(built / "build" / lang / "article.pdf").pages)) > 3


def test_pdf_draws_the_figure_as_vectors_and_docx_embeds_it_at_300_ppi(built):
    import pypdf

    for lang in LANGS:
        images = [img for page in pypdf.PdfReader(built / "build" / lang / "article.pdf").pages for img in page.images]
        assert images == []  # the SVG is drawn, not pasted as a raster
        assert 'image("figures/audience_age.svg"' in (built / "build" / lang / "article.typ").read_text(
            encoding="utf-8"
        )
        with zipfile.ZipFile(built / "build" / lang / "article.docx") as archive:
            media = [name for name in archive.namelist() if name.startswith("word/media/")]
            assert len(media) == 1 and media[0].endswith(".png")
            document = archive.read("word/document.xml").decode("utf-8")
            png = archive.read(media[0])
        width_px = int.from_bytes(png[16:20], "big")
        width_emu = int(re.search(r'<wp:extent cx="(\d+)"', document)[1])
        assert width_px / (width_emu / 914400) >= 300  # pixels per inch as placed


def test_neutral_tables_are_written_for_reviewers(built):
    with open(built / "build" / "tables" / "findings.csv", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    evidence = expected_evidence(built)
    for row in table:
        assert [int(row[t]) for t in SOURCE_TYPES] + [int(row["distinct_sources"])] == evidence[row["code"]]


def made_up_study(repo: Path) -> None:
    """Another study with the same files: other values, more accounts and age ranges, longer
    findings, other sources and segments."""
    accounts = rows(repo, "accounts")
    accounts.append({**accounts[0], "handle": "@kotabaru_tv", "platform": "TikTok", "managed_by": "Bagian Humas"})
    accounts.append({**accounts[1], "handle": "@dispora_tangerang", "platform": "YouTube", "managed_by": "Dispora"})
    write_rows(repo, "accounts", accounts)
    findings = rows(repo, "findings")
    for finding in findings[::2]:  # every other finding twice as long
        finding["finding_id"] = f"{finding['finding_id']} {finding['finding_id']}"
        finding["finding_en"] = f"{finding['finding_en']} {finding['finding_en']}"
    write_rows(repo, "findings", findings)
    write_rows(
        repo,
        "audience_age",
        [
            {"account": "@tangerangtv", "age_range": "13-17", "share_pct": "9.5"},
            {"account": "@tangerangtv", "age_range": "18-24", "share_pct": "25"},
            {"account": "@tangerangtv", "age_range": "25-34", "share_pct": "45.5"},
            {"account": "@tangerangtv", "age_range": "65+", "share_pct": "20"},
            {"account": "@kotabaru_tv", "age_range": "18-24", "share_pct": "61"},
            {"account": "@kotabaru_tv", "age_range": "25-34", "share_pct": "39"},
            {"account": "@dispora_tangerang", "age_range": "13-17", "share_pct": "10"},
            {"account": "@dispora_tangerang", "age_range": "35-44", "share_pct": "30"},
            {"account": "@dispora_tangerang", "age_range": "45-54", "share_pct": "40"},
            {"account": "@dispora_tangerang", "age_range": "55-64", "share_pct": "20"},
        ],
    )
    write_rows(
        repo,
        "media_mix",
        [
            {"channel_id": "media sosial", "channel_en": "social media", "share_pct": "70"},
            {"channel_id": "televisi", "channel_en": "television", "share_pct": "20"},
            {"channel_id": "radio", "channel_en": "radio", "share_pct": "10"},
        ],
    )
    sources = [s for s in rows(repo, "sources") if s["source_id"] != "S07"]
    dates = {"S04": "2024-03-15", "S05": "2024-04", "S06": "2024-02-01"}
    for s in sources:
        s["date"] = dates.get(s["source_id"], s["date"])
    sources += [{**sources[0], "source_id": "S09"}, {**sources[2], "source_id": "S10"}]
    write_rows(repo, "sources", sources)
    segments = [s for s in rows(repo, "coded_segments") if s["source_id"] != "S07"]
    segments += [
        {**segments[0], "segment_id": f"NEW{i}", "source_id": sid, "code": code}
        for i, (sid, code) in enumerate([("S09", "credibility"), ("S10", "credibility"), ("S10", "content")])
    ]
    write_rows(repo, "coded_segments", segments)
    events = rows(repo, "events")
    for e in events:
        if e["event_id"] == "porprov":
            e["start"], e["end"] = "2024-06-01", "2024-06-09"
    write_rows(repo, "events", events)


@pytest.fixture(scope="module")
def other_study(tmp_path_factory):
    repo = copy_repo(tmp_path_factory.mktemp("other") / "repo")
    made_up_study(repo)
    result = snakemake(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def test_other_study_shows_its_own_numbers_in_prose_tables_and_figure(other_study, built):
    values = {
        lang: json.loads((other_study / "build" / lang / "values.json").read_text(encoding="utf-8")) for lang in LANGS
    }
    assert values["id"]["audience.1.top1.share"] == "45,5\u00a0%" and values["en"]["audience.1.top1.share"] == "45.5%"
    assert values["id"]["audience.1.top1.range"] == "25–34"
    assert values["en"]["media_mix.1.share"] == "70%" and values["en"]["count.sources"] == "9"
    assert values["en"]["count.segments"] == str(len(rows(other_study, "coded_segments")))
    assert values["id"]["event.porprov.start"] == "1 Juni 2024"
    assert values["en"]["event.porprov.start"] == "June 1, 2024"
    for lang in LANGS:
        text = pdf_text(other_study / "build" / lang / "article.pdf")
        flat = squash(text)
        used = {
            key
            for section in (other_study / "manuscript" / lang).glob("*.md")
            for key in re.findall(r"\{\{([^{}:\s]+)\}\}", section.read_text(encoding="utf-8"))
        }
        for key in used:
            assert squash(values[lang][key].replace("\u00a0", " ")) in flat, key
        old = "20 November 2022" if lang == "id" else "November 20, 2022"
        assert old not in text
        check_tables_match_data(other_study, lang)
        figure = (other_study / "build" / lang / "figures" / "audience_age.png").read_bytes()
        assert figure != (built / "build" / lang / "figures" / "audience_age.png").read_bytes()


def planned_jobs(repo: Path) -> Counter:
    """Jobs Snakemake would run now, by rule, from its dry-run job stats."""
    result = snakemake(repo, "--dry-run", "--quiet", "rules")
    stats = result.stdout + result.stderr
    return Counter({m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)$", stats, flags=re.M) if m[1] != "total"})


def edit_without_changing_data(path: Path) -> None:
    """Change the file's bytes (Snakemake skips a mere touch whose checksum is unchanged)."""
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


# Every value the prose quotes reads every raw file, so any raw edit reruns every render; the
# data steps run as a few merged jobs (scripts/data/jobs.py, docs/performance.md): the figures are
# redrawn only when a file they are drawn from changes. The journal's limits count the words of the
# text with its values filled in (check_journal, one job for every edition).
DATA_EDIT = {
    "data": 1,
    "localize": 2,
    "assemble": 2,
    "edition_ast": 2,
    "docx": 2,
    "pdf": 2,
    "jats": 2,
    "check_journal": 1,
}


@pytest.mark.parametrize("stem,expected", [("media_mix", DATA_EDIT), ("audience_age", {**DATA_EDIT, "figures": 1})])
def test_editing_one_raw_file_reruns_only_what_depends_on_it(built, tmp_path, stem, expected):
    repo = copy_repo(tmp_path / "repo", with_build_from=built)
    assert planned_jobs(repo) == Counter()
    edit_without_changing_data(repo / "data" / "raw" / f"{stem}.csv")
    planned = planned_jobs(repo)
    planned.pop("all", None)
    assert {
        rule: n for rule, n in planned.items() if not rule.startswith(("manifest", "bundle", "review", "title"))
    } == expected


@pytest.mark.parametrize("lang", LANGS)
def test_other_study_with_longer_findings_and_more_accounts_fits_its_pages(other_study, lang):
    tables_dir = other_study / "build" / lang / "tables"
    for version in ("article", "article-review"):
        check_pdf(other_study / "build" / lang / f"{version}.pdf", tables_dir)
        check_docx_tables(other_study / "build" / lang / f"{version}.docx", tables_dir)
