"""Unit tests for scripts.data.figures: a declared bar chart (the audience age chart) is localized and
byte-identical across runs; a figure drawn in Python runs inside the same settings."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.core.errors import UserError, run_cli
from scripts.data import declared_figures, figures
from scripts.data import declared_tables as declared

REPO = Path(__file__).resolve().parents[2]
STRINGS = {lang: REPO / "templates" / "i18n" / f"{lang}.yaml" for lang in ("id", "en")}
TABLES = declared.load_all(REPO / declared.FOLDER)
AUDIENCE = declared_figures.load_all(REPO / declared_figures.FOLDER, TABLES)["audience_age"]
FORMATS = {c["name"]: c.get("format", "text") for c in TABLES["audience_age"].columns}

TABLE = """account,age_range,share_pct
@tangerangtv,18-24,32
@tangerangtv,25-34,40
@tangerangtv,35-44,28
@kota_lain,25-34,45
@kota_lain,55-64,44.5
@kota_lain,65+,10.5
"""


def load_strings(lang: str) -> dict:
    return yaml.safe_load(STRINGS[lang].read_text(encoding="utf-8"))


def chart(table, lang: str, fmt: str = "png", figure=AUDIENCE) -> bytes:
    return figures.bar_chart(figure, FORMATS, table, load_strings(lang), lang, fmt)


def columns(text: str) -> dict[str, list[str]]:
    header, *rows = [line.split(",") for line in text.strip().splitlines()]
    return {name: [row[i] for row in rows] for i, name in enumerate(header)}


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunks.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks


def test_two_renders_give_the_same_bytes():
    assert chart(columns(TABLE), "id") == chart(columns(TABLE), "id")


def test_png_has_fixed_size_and_no_software_or_time_metadata():
    data = chart(columns(TABLE), "en")
    chunks = png_chunks(data)
    kinds = [kind for kind, _ in chunks]
    assert b"tIME" not in kinds
    text = b"".join(body for kind, body in chunks if kind in (b"tEXt", b"iTXt", b"zTXt"))
    assert b"Software" not in text and b"matplotlib" not in text.lower()
    ihdr = dict(chunks)[b"IHDR"]
    width, height = int.from_bytes(ihdr[:4], "big"), int.from_bytes(ihdr[4:8], "big")
    assert (width, height) == (round(figures.SIZE_IN[0] * figures.DPI), round(figures.SIZE_IN[1] * figures.DPI))
    assert 15.5 <= width / figures.DPI * 2.54 <= 16.5  # one A4 column


def test_editions_differ_only_through_their_strings():
    table = columns(TABLE)
    assert chart(table, "id") != chart(table, "en")


@pytest.mark.parametrize(
    "text",
    [
        "account,age_range,share_pct\n@solo,18-24,60\n@solo,25-34,40\n",  # one account
        "account,age_range,share_pct\n"
        + "".join(  # many accounts and ranges
            f"@akun{i},{r},{s}\n" for i in range(10) for r, s in (("13-17", "10"), ("18-24", "20.5"), ("65+", "69.5"))
        ),
    ],
)
def test_one_or_many_accounts_render(text):
    data = chart(columns(text), "id")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_dataframe_works_as_well():
    import pandas as pd

    table = pd.DataFrame(columns(TABLE))
    assert chart(table, "en") == chart(columns(TABLE), "en")


def test_cli_renders_identically_in_separate_processes(tmp_path):
    table = tmp_path / "audience_age.csv"
    table.write_text(TABLE, encoding="utf-8")
    outs = []
    for run in (1, 2):
        out = tmp_path / f"run{run}" / "audience_age.png"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "scripts.data.figures",
                "audience_age",
                "--table",
                str(table),
                "--lang",
                "id",
                "--strings",
                str(STRINGS["id"]),
                "--out",
                str(out),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0] == chart(columns(TABLE), "id")


def test_cli_missing_table_is_one_line_and_no_output(tmp_path, capsys):
    out = tmp_path / "fig.png"
    assert (
        run_cli(
            figures.main,
            [
                "audience_age",
                "--table",
                str(tmp_path / "none.csv"),
                "--lang",
                "id",
                "--strings",
                str(STRINGS["id"]),
                "--out",
                str(out),
            ],
        )
        == 1
    )
    assert capsys.readouterr().err == f"{tmp_path / 'none.csv'}: error [missing-file] file not found\n"
    assert not out.exists()


def test_cli_missing_string_names_the_strings_file(tmp_path, capsys):
    table = tmp_path / "audience_age.csv"
    table.write_text(TABLE, encoding="utf-8")
    strings = load_strings("en")
    del strings["numbers"]["percent"]
    bad = tmp_path / "en.yaml"
    bad.write_text(yaml.safe_dump(strings, allow_unicode=True), encoding="utf-8")
    assert (
        run_cli(
            figures.main,
            [
                "audience_age",
                "--table",
                str(table),
                "--lang",
                "en",
                "--strings",
                str(bad),
                "--out",
                str(tmp_path / "x.png"),
            ],
        )
        == 1
    )
    assert (
        capsys.readouterr().err
        == f"{bad}: error [missing-string] no string 'numbers.percent' for figure audience_age\n"
    )


def test_a_text_missing_in_an_edition_names_the_declaration_line():
    data = {**AUDIENCE.data, "legend": {"id": "Akun"}}
    figure = declared_figures.Figure("audience_age", AUDIENCE.path, data, AUDIENCE.lines)
    with pytest.raises(UserError) as err:
        chart(columns(TABLE), "en", figure=figure)
    assert [str(f) for f in err.value.findings] == [
        f"{AUDIENCE.path}:{AUDIENCE.line('legend')}: error [missing-string] 'legend' has no text in 'en'"
    ]


def test_without_a_series_one_bar_per_category_and_no_legend():
    data = {k: v for k, v in AUDIENCE.data.items() if k not in ("series", "legend")}
    figure = declared_figures.Figure("audience_age", AUDIENCE.path, data, AUDIENCE.lines)
    solo = "account,age_range,share_pct\n@a,25-34,40\n@a,18-24,60\n"
    svg = chart(columns(solo), "en", "svg", figure=figure).decode()
    assert 'id="legend_1"' not in svg and 'id="legend_1"' in chart(columns(solo), "en", "svg").decode()
    names, categories, cells = figures._series(columns(solo), "age_range", "share_pct", None, "age_range")
    assert (names, categories, cells) == ([""], ["18-24", "25-34"], {"": {"25-34": "40", "18-24": "60"}})


def test_a_figure_drawn_in_python_gets_the_table_and_its_texts(tmp_path, monkeypatch):
    (tmp_path / "my_figures.py").write_text(
        "def dots(table, texts, strings, fmt):\n"
        "    from matplotlib.figure import Figure\n"
        "    from scripts.data.figures import save\n"
        "    fig = Figure(figsize=(2, 1))\n"
        "    fig.add_subplot().plot([float(v) for v in table['share_pct']], 'o')\n"
        "    fig.suptitle(texts['caption'])\n"
        "    return save(fig, fmt)\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    figure = declared_figures.Figure(
        "dots",
        "data/figures/dots.yaml",
        {"table": "audience_age", "draw": "my_figures:dots", "caption": {"en": "Dots"}, "alt": {"en": "Dots"}},
    )
    first = figures.drawn_in_python(figure, columns(TABLE), load_strings("en"), "en", "svg")
    assert first == figures.drawn_in_python(figure, columns(TABLE), load_strings("en"), "en", "svg")
    assert first.startswith(b"<?xml") and b"<dc:date>" not in first


def test_cli_missing_column_is_reported(tmp_path, capsys):
    table = tmp_path / "audience_age.csv"
    table.write_text("account,share_pct\n@a,100\n", encoding="utf-8")
    assert (
        run_cli(
            figures.main,
            [
                "audience_age",
                "--table",
                str(table),
                "--lang",
                "en",
                "--strings",
                str(STRINGS["en"]),
                "--out",
                str(tmp_path / "x.png"),
            ],
        )
        == 1
    )
    assert capsys.readouterr().err == f"{table}:1: error [missing-column] missing column(s): age_range\n"


def test_matplotlib_is_imported_lazily():
    code = "import sys, scripts.data.figures; print('matplotlib' in sys.modules, 'pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]


def test_svg_for_the_pdf_is_vector_serif_and_byte_identical():
    first = chart(columns(TABLE), "en", "svg")
    assert first == chart(columns(TABLE), "en", "svg")
    assert first.startswith(b"<?xml") and b"<image" not in first  # drawn, no embedded raster
    assert b"DejaVuSerif" in first and b"DejaVuSans" not in first  # serif labels, as glyph paths
    assert b"<dc:date>" not in first and b"Matplotlib v" not in first


def test_png_for_the_docx_has_300_ppi():
    data = chart(columns(TABLE), "en")
    width = int.from_bytes(dict(png_chunks(data))[b"IHDR"][:4], "big")
    assert width / figures.SIZE_IN[0] >= 300
