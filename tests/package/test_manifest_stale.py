"""A manifest that describes outputs which are gone or changed is removed, with a note (manifest.drop_if_stale)."""

from __future__ import annotations

from scripts.package import manifest


def write_build(root, text: str):
    (root / "build").mkdir()
    (root / "build/values.json").write_text(text, encoding="utf-8")
    path = root / "build/MANIFEST.json"
    path.write_text(
        manifest.dumps(manifest.build({}, manifest.records(["build/values.json"], root), {}, "2026-01-01", "default")),
        encoding="utf-8",
    )
    return path


def test_a_manifest_of_the_present_outputs_stays(tmp_path):
    path = write_build(tmp_path, "{}")
    assert manifest.drop_if_stale(path, tmp_path) == [] and path.exists()


def test_a_manifest_listing_a_removed_output_is_removed_with_a_note(tmp_path):
    path = write_build(tmp_path, "{}")
    (tmp_path / "build/values.json").unlink()
    [note] = manifest.drop_if_stale(path, tmp_path)
    assert not path.exists()
    assert (note.severity, note.rule, note.file) == ("note", "stale-manifest", str(path))
    assert "build/values.json" in note.message


def test_a_manifest_listing_a_changed_output_is_removed(tmp_path):
    path = write_build(tmp_path, "{}")
    (tmp_path / "build/values.json").write_text('{"a": 1}', encoding="utf-8")
    assert [n.rule for n in manifest.drop_if_stale(path, tmp_path)] == ["stale-manifest"]
    assert not path.exists()


def test_no_manifest_is_nothing_to_drop(tmp_path):
    assert manifest.drop_if_stale(tmp_path / "MANIFEST.json", tmp_path) == []
