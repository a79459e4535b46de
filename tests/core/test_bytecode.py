"""The repository's own modules keep their bytecode under a cache folder, libraries keep theirs
(scripts/core/bytecode.py)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from scripts.core import bytecode

REPO = Path(__file__).resolve().parents[2]

# Imports pkg.mod with the hook installed and prints what the module says and where its code came from.
IMPORT = textwrap.dedent(
    """
    import sys
    sys.path[:0] = [{repo!r}, {root!r}]
    from scripts.core import bytecode
    bytecode.keep_under({cache!r}, {root!r})
    import pkg.mod, json
    print(pkg.mod.SAID, type(pkg.mod.__loader__).__name__, type(json.__loader__).__name__)
    """
)


def run_import(root: Path, cache: Path) -> str:
    code = IMPORT.format(repo=str(REPO), root=str(root), cache=str(cache))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def tree(tmp_path: Path, said: str = "first") -> Path:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True, exist_ok=True)
    (root / "pkg/__init__.py").write_text("", encoding="utf-8")
    (root / "pkg/mod.py").write_text(f"SAID = {said!r}\n", encoding="utf-8")
    return root


def test_a_module_of_the_repository_is_compiled_once_and_then_read_from_the_cache(tmp_path):
    root, cache = tree(tmp_path), tmp_path / "cache"
    assert run_import(root, cache).split() == ["first", "CachedSourceLoader", "SourceFileLoader"]
    kept = cache / f"pkg/mod.{sys.implementation.cache_tag}.pyc"
    assert kept.read_bytes()[:16] == bytecode.header(os.stat(root / "pkg/mod.py"))
    # Read from the cache: code kept there under the source's header is what runs.
    substitute = compile("SAID = 'from the cache'\n", str(root / "pkg/mod.py"), "exec")
    kept.write_bytes(kept.read_bytes()[:16] + __import__("marshal").dumps(substitute))
    assert run_import(root, cache).split()[:3] == ["from", "the", "cache"]
    # Nothing beside the sources.
    assert not list(root.rglob("__pycache__"))


def test_an_edited_module_is_compiled_anew(tmp_path):
    root, cache = tree(tmp_path), tmp_path / "cache"
    run_import(root, cache)
    tree(tmp_path, said="second, longer")
    assert run_import(root, cache).startswith("second, longer ")


def test_a_library_and_the_hidden_folders_are_left_to_python(tmp_path):
    root = str(tmp_path)
    assert bytecode.is_ours(root, root)
    assert bytecode.is_ours(os.path.join(root, "scripts", "core"), root)
    assert not bytecode.is_ours(os.path.join(root, ".venv", "lib", "python3.11", "site-packages"), root)
    assert not bytecode.is_ours(os.path.join(root, ".snakemake"), root)
    assert not bytecode.is_ours(str(tmp_path.parent), root)
    assert not bytecode.is_ours(root + "-other", root)
