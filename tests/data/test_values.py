"""Unit tests for scripts.data.values: the values the prose quotes, computed and localized."""

import io
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from scripts.core.errors import run_cli
from scripts.data import contract, declared_values, tables, values
from scripts.data.tables import RowProblem, neutral_cells

REPO = Path(__file__).resolve().parents[2]
STRINGS = {lang: REPO / "templates" / "i18n" / f"{lang}.yaml" for lang in ("id", "en")}

# Unlike the real study: no observation source, a tie in the media mix, a tie between two age
# ranges, an extra account with `65+`, a source without a date, dates at month and year precision.
RAW = {
    "codebook": "code,order,label_id,label_en,definition_id,definition_en\n"
    "credibility,1,Kredibilitas,Credibility,d,d\ncontent,2,Isi,Content,d,d\n",
    "findings": "code,finding_id,finding_en\ncredibility,a,a\ncontent,b,b\n",
    "sources": "source_id,source_type,description_id,description_en,date\n"
    "I1,interview,w,i,2023-01\nI2,interview,w,i,2022-11-20\nD1,document,d,d,\nD2,document,d,d,2022\n",
    "coded_segments": "segment_id,source_id,code,note_id,note_en\n"
    "S1,I1,credibility,n,n\nS2,D1,credibility,n,n\nS3,I2,content,n,n\nS4,I1,content,n,n\n",
    "audience_age": "account,age_range,share_pct\n"
    "@tangerangtv,35-44,28\n@tangerangtv,25-34,40\n@tangerangtv,18-24,32\n"
    "@kota_lain,65+,30\n@kota_lain,18-24,30\n@kota_lain,25-34,40\n",
    "accounts": "handle,platform,managed_by,focus_id,focus_en\n"
    "@tangerangtv,Instagram,Diskominfo,f,f\n@kota_lain,Instagram,Diskominfo,f,f\n@tangerangtv,TikTok,Humas,f,f\n",
    "platforms": "platform,register,audience_id,audience_en\n"
    "Instagram,casual,a,a\nTikTok,casual,a,a\nYouTube,formal,a,a\n",
    "media_mix": "channel_id,channel_en,share_pct\n"
    "Media cetak,Print,7.5\nMedia sosial,Social media,85\nTelevisi,Television,7.5\n",
    "events": "event_id,label_id,label_en,start,end\n"
    "porprov,Porprov VI,Porprov VI,2022-11-20,2022-11-29\nstudy,Penelitian,Study,2023-01,\n",
}


def frames() -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False) for name, text in RAW.items()}


def write_raw(folder: Path, **replace: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**RAW, **replace}.items():
        if text is not None:
            (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


CONTRACT = contract.load(REPO / "data" / "contract.yaml")
FAMILIES = declared_values.load_all(REPO / "data" / "values", CONTRACT)


def computed(raw: dict | None = None, declarations: Path = REPO / "data" / "tables") -> dict:
    """values.compute over `raw` frames (default: RAW), with the findings table those files give."""
    raw = frames() if raw is None else raw
    with tempfile.TemporaryDirectory() as folder:
        for name, frame in raw.items():
            frame.to_csv(Path(folder) / f"{name}.csv", index=False)
        findings = neutral_cells("findings", folder, declarations)
    return values.compute(raw, FAMILIES, {"findings": findings}, CONTRACT)


def findings_csv(raw: Path) -> str:
    """The neutral findings table of the raw files in `raw`, written beside them (the
    values count its flags)."""
    path = raw.parent / "findings.csv"
    path.write_text(tables.neutral("findings", raw), encoding="utf-8")
    return str(path)


def load_strings(lang: str) -> dict:
    return yaml.safe_load(STRINGS[lang].read_text(encoding="utf-8"))


def test_compute_gives_exactly_the_documented_keys():
    got = computed()
    assert set(got) == {
        "count.accounts",
        "count.platforms",
        "count.managers",
        "count.codes",
        "count.triangulated",
        "count.sources",
        "count.sources.interview",
        "count.sources.observation",
        "count.sources.document",
        "count.segments",
        "media_mix.1.channel",
        "media_mix.1.share",
        "media_mix.2.channel",
        "media_mix.2.share",
        "media_mix.3.channel",
        "media_mix.3.share",
        "audience.1.account",
        "audience.2.account",
        *(f"audience.{n}.top{k}.{part}" for n in (1, 2) for k in (1, 2, 3) for part in ("range", "share")),
        "event.porprov.start",
        "event.porprov.end",
        "event.study.start",
        "source.I1.date",
        "source.I2.date",
        "source.D2.date",
    }
    assert list(got) == sorted(got)
    assert all(v["type"] in values.TYPES for v in got.values())


def test_counts():
    got = {k: v["value"] for k, v in computed().items() if v["type"] == "count"}
    assert got == {
        "count.accounts": 3,
        "count.platforms": 3,
        "count.managers": 2,
        "count.codes": 2,
        "count.triangulated": 1,
        "count.sources": 4,
        "count.sources.interview": 2,
        "count.sources.observation": 0,
        "count.sources.document": 2,
        "count.segments": 4,
    }
    assert all(type(v) is int for v in got.values())


def test_triangulated_count_follows_the_findings_declaration(tmp_path):
    """count.triangulated counts the rows the findings table flags, by its declaration's rule."""
    assert computed()["count.triangulated"]["value"] == 1  # credibility: interview and document
    folder = tmp_path / "tables"
    folder.mkdir()
    for path in (REPO / "data" / "tables").glob("*.yaml"):
        (folder / path.name).write_text(
            path.read_text(encoding="utf-8").replace("at_least: 2", "at_least: 1"), encoding="utf-8"
        )
    assert computed(declarations=folder)["count.triangulated"]["value"] == 2


def test_media_mix_ranked_by_share_ties_in_file_order():
    got = computed()
    assert [got[f"media_mix.{n}.channel"]["value"]["en"] for n in (1, 2, 3)] == ["Social media", "Print", "Television"]
    assert got["media_mix.1.channel"] == {"type": "text", "value": {"id": "Media sosial", "en": "Social media"}}
    third = frames()
    third["media_mix"]["channel_fr"] = ["Presse écrite", "Médias sociaux", "Télévision"]
    assert computed(third)["media_mix.1.channel"]["value"] == {
        "id": "Media sosial",
        "en": "Social media",
        "fr": "Médias sociaux",
    }
    assert [got[f"media_mix.{n}.share"] for n in (1, 2)] == [
        {"type": "percent", "value": "85"},
        {"type": "percent", "value": "7.5"},
    ]


def test_audience_accounts_in_order_and_top_ranges_ties_in_age_order():
    got = computed()
    assert got["audience.1.account"] == {"type": "handle", "value": "@tangerangtv"}
    assert got["audience.2.account"]["value"] == "@kota_lain"
    assert [got[f"audience.1.top{k}.range"]["value"] for k in (1, 2, 3)] == ["25-34", "18-24", "35-44"]
    assert [got[f"audience.2.top{k}.range"] for k in (1, 2, 3)] == [
        {"type": "range", "value": r} for r in ("25-34", "18-24", "65+")
    ]
    shown = values.localize(got, load_strings("en"), "en")
    assert [shown[f"audience.1.top{k}.range"] for k in (1, 2, 3)] == ["25\u201334", "18\u201324", "35\u201344"]
    assert got["audience.1.top1.share"] == {"type": "percent", "value": "40"}


def test_dates_keep_their_precision_and_empty_ones_are_left_out():
    got = computed()
    assert got["event.porprov.end"] == {"type": "date", "value": "2022-11-29"}
    assert got["event.study.start"] == {"type": "date", "value": "2023-01"}
    assert "event.study.end" not in got
    assert "source.D1.date" not in got
    assert got["source.D2.date"]["value"] == "2022"


def test_bad_event_dates_and_ids_are_reported_with_their_row():
    raw = frames()
    raw["events"].loc[1, "start"] = "Jan 2023"
    with pytest.raises(RowProblem) as err:
        computed(raw)
    assert (err.value.table, err.value.row, err.value.column) == ("events", 1, "start")
    raw = frames()
    raw["events"].loc[1, "event_id"] = "porprov"
    with pytest.raises(RowProblem, match="twice"):
        computed(raw)


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "id",
            {
                "media_mix.2.share": "7,5\u00a0%",
                "media_mix.2.channel": "Media cetak",
                "count.sources": "4",
                "event.study.start": "Januari 2023",
                "event.porprov.start": "20 November 2022",
                "audience.1.top1.range": "25\u201334",
                "audience.1.account": "@tangerangtv",
                "source.D2.date": "2022",
            },
        ),
        (
            "en",
            {
                "media_mix.2.share": "7.5%",
                "media_mix.2.channel": "Print",
                "count.sources": "4",
                "event.study.start": "January 2023",
                "event.porprov.start": "November 20, 2022",
                "audience.1.top1.range": "25\u201334",
                "audience.1.account": "@tangerangtv",
                "source.D2.date": "2022",
            },
        ),
    ],
)
def test_localize(lang, expected):
    got = values.localize(computed(), load_strings(lang), lang)
    assert {k: got[k] for k in expected} == expected
    assert all(isinstance(v, str) for v in got.values())


def test_localize_text_without_the_language_is_a_key_error():
    with pytest.raises(KeyError):
        values.localize({"x": {"type": "text", "value": {"id": "a"}}}, load_strings("en"), "en")


def test_cli_compute_and_localize_write_sorted_utf8_json(tmp_path):
    raw = write_raw(tmp_path / "raw")
    neutral = tmp_path / "values.json"
    assert (
        run_cli(values.main, ["compute", "--raw", str(raw), "--tables", findings_csv(raw), "--out", str(neutral)]) == 0
    )
    text = neutral.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data) == sorted(data) and data == computed()
    for lang in ("id", "en"):
        out = tmp_path / lang / "values.json"
        assert (
            run_cli(
                values.main,
                [
                    "localize",
                    "--values",
                    str(neutral),
                    "--lang",
                    lang,
                    "--strings",
                    str(STRINGS[lang]),
                    "--out",
                    str(out),
                ],
            )
            == 0
        )
        local = out.read_text(encoding="utf-8")
        assert local.endswith("\n") and "\u2013" in local  # ensure_ascii off: the en dash as is
        percents = [v for k, v in json.loads(local).items() if k.endswith(".share")]
        assert all(("\u00a0" in v) == (lang == "id") for v in percents)  # the Indonesian percent has a no-break space
        nouns = {k: v for k, v in json.loads(local).items() if k.endswith(".noun")}
        assert nouns and all("\u00a0" in v for v in nouns.values())  # a count and its noun stay on one line
        assert json.loads(local)["count.segments"] == "4"  # tables keep numerals
        assert json.loads(local)["count.segments.words"] == {"id": "empat", "en": "four"}[lang]  # prose spells it


def test_cli_missing_raw_file_names_it(tmp_path, capsys):
    raw = write_raw(tmp_path / "raw", events=None)
    out = tmp_path / "values.json"
    assert run_cli(values.main, ["compute", "--raw", str(raw), "--tables", findings_csv(raw), "--out", str(out)]) == 1
    assert capsys.readouterr().err == f"{raw / 'events.csv'}: error [missing-file] file not found\n"
    assert not out.exists()


def test_cli_bad_date_names_file_line_and_column(tmp_path, capsys):
    raw = write_raw(tmp_path / "raw", sources=RAW["sources"].replace("2022-11-20", "2022-02-30"))
    assert (
        run_cli(
            values.main,
            ["compute", "--raw", str(raw), "--tables", findings_csv(raw), "--out", str(tmp_path / "v.json")],
        )
        == 1
    )
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"{raw / 'sources.csv'}:3:date: error [data] no such day")


def test_cli_localize_bad_values_file(tmp_path, capsys):
    bad = tmp_path / "values.json"
    bad.write_text('{"count.x": {"type": "count", "value": 1},\n}', encoding="utf-8")
    assert (
        run_cli(
            values.main,
            [
                "localize",
                "--values",
                str(bad),
                "--lang",
                "id",
                "--strings",
                str(STRINGS["id"]),
                "--out",
                str(tmp_path / "o.json"),
            ],
        )
        == 1
    )
    assert capsys.readouterr().err.startswith(f"{bad}:2:1: error [json-syntax]")
    bad.write_text('{"count.x": {"type": "money", "value": 1}}', encoding="utf-8")
    assert (
        run_cli(
            values.main,
            [
                "localize",
                "--values",
                str(bad),
                "--lang",
                "id",
                "--strings",
                str(STRINGS["id"]),
                "--out",
                str(tmp_path / "o.json"),
            ],
        )
        == 1
    )
    assert "count.x" in capsys.readouterr().err


@pytest.mark.parametrize(
    "change,message",
    [
        (
            ("count.codes: {count: codebook}", "count.codes: {count: codes}"),
            "count.codes: data/raw/codes.csv is not in the contract",
        ),
        (
            (
                "count.sources.{source_type}: {count: sources, per: source_type}",
                "count.sources.{kind}: {count: sources, per: source_type}",
            ),
            "count.sources.{kind}: nothing names the placeholder '{kind}'",
        ),
        (
            ("{count: platforms, distinct: platform}", "{count: platforms, distinct: name}"),
            "count.platforms: 'name' is not a column of platforms.csv",
        ),
        (
            ("{count: accounts}", "{count: accounts, per: handle}"),
            "count.accounts: per 'handle' needs a column with allowed values in the contract",
        ),
        (
            ("{table: findings, flagged: triangulated}", "{flagged: triangulated}"),
            "count.triangulated: flagged needs 'table', the declared table whose column flags the rows",
        ),
    ],
)
def test_a_mistake_in_a_value_declaration_is_named_at_its_line(tmp_path, change, message):
    from scripts.core.errors import UserError

    text = (REPO / "data" / "values" / "counts.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "counts.yaml"
    path.write_text(text.replace(*change, 1), encoding="utf-8")
    with pytest.raises(UserError) as err:
        declared_values.load_all(tmp_path, CONTRACT)
    [problem] = err.value.findings
    changed = next(
        n
        for n, (old, new) in enumerate(zip(text.splitlines(), path.read_text(encoding="utf-8").splitlines()), 1)
        if old != new
    )
    assert problem.message == message
    assert str(problem).startswith(f"{path}:{changed}: error [value-declaration] ")


def test_values_are_declared_in_data_not_code():
    """Each family of values says what it reads: the catalog derives the values' inputs from it."""
    from scripts.data import catalog

    reads = catalog.values(FAMILIES)
    assert reads["media_mix"] == ["media_mix"] and reads["audience"] == ["audience_age"]
    assert set(reads["counts"]) == {"accounts", "platforms", "codebook", "sources", "coded_segments"}
    assert catalog.value_tables(FAMILIES) == ["findings"]
