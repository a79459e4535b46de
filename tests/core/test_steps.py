"""The light steps run inside the Snakemake process (scripts/core/steps.py)."""

import sys
import textwrap

import pytest

from scripts.core import steps

STEP = textwrap.dedent(
    """
    import argparse, sys
    from scripts.core.errors import UserError

    def main(argv=None):
        if argv == ["--bad"]:
            argparse.ArgumentParser().parse_args(argv)
        if argv == ["fail"]:
            print("a.md:3: error [rule-x] what is wrong", file=sys.stderr)
            return 1
        if argv == ["finding"]:
            raise UserError(["b.md:1: error [rule-y] stated"])
        if argv == ["crash"]:
            raise KeyError("boom")
        if argv == ["exit"]:
            sys.exit("stopped: why")
        print("said on stdout", argv)
        print("said on stderr", file=sys.stderr)
    """
)


@pytest.fixture
def module(tmp_path, monkeypatch):
    (tmp_path / "a_step.py").write_text(STEP, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "a_step"


def test_what_a_step_says_goes_to_its_log_and_to_stdout(module, tmp_path, capsys):
    log = tmp_path / "logs/step.log"
    steps.run(f"{module} 'one two' three", str(log))
    said = "said on stdout ['one two', 'three']\nsaid on stderr\n"
    assert log.read_text(encoding="utf-8") == said
    assert capsys.readouterr().out == said


@pytest.mark.parametrize(
    ("argv", "in_log", "code"),
    [
        ("fail", "a.md:3: error [rule-x] what is wrong", 1),
        ("finding", "b.md:1: error [rule-y] stated", 1),
        ("crash", "KeyError: 'boom'", 1),
        ("exit", "stopped: why", 1),
        ("--bad", "unrecognized arguments: --bad", 2),
    ],
)
def test_a_failing_step_raises_with_its_code_and_keeps_what_it_said(module, tmp_path, argv, in_log, code):
    log = tmp_path / "step.log"
    with pytest.raises(steps.StepFailed, match=f"a_step ended with code {code}; what it said: {log}"):
        steps.run(f"{module} {argv}", str(log))
    assert in_log in log.read_text(encoding="utf-8")


def test_a_step_leaves_the_process_streams_as_they_were(module, tmp_path):
    before = sys.stdout, sys.stderr
    with pytest.raises(steps.StepFailed):
        steps.run(f"{module} crash", str(tmp_path / "step.log"))
    assert (sys.stdout, sys.stderr) == before
    assert not steps.ONE_AT_A_TIME.locked()
