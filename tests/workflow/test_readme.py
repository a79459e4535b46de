"""The README's commands are the ones CI runs, and the documented files exist."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_ci_runs_exactly_the_readme_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = [line for line in (REPO / ".ci" / "run").read_text().splitlines()
                if line and not line.startswith(("#", "set ", "cd "))]
    assert len(commands) == 2
    for command in commands:
        assert f"```sh\n{command}\n```" in readme


def test_every_placeholder_key_family_used_in_the_manuscript_is_documented():
    import re
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    used = {m.split(".")[0] for p in (REPO / "manuscript").rglob("*.md")
            for m in re.findall(r"\{\{([^{}:\s]+)\}\}", p.read_text(encoding="utf-8"))}
    for family in used:
        assert f"`{family}." in readme, family
