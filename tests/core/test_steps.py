"""The light steps run inside the Snakemake process (scripts/core/steps.py)."""

import sys
import textwrap
import threading

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


def test_after_a_failed_step_the_process_prints_where_it_did(module, tmp_path, capsys):
    with pytest.raises(steps.StepFailed):
        steps.run(f"{module} crash", str(tmp_path / "step.log"))
    assert "KeyError: 'boom'" in capsys.readouterr().out  # what the step said, as tee showed it
    print("after the step")
    print("on stderr", file=sys.stderr)
    said = capsys.readouterr()
    assert (said.out, said.err) == ("after the step\n", "on stderr\n")
    assert not steps.ONE_AT_A_TIME.locked()


# Two steps that print in turn, each waiting for the other between its lines.
TURNS = textwrap.dedent(
    """
    import sys, threading

    TURN = threading.Barrier(2)

    def main(argv):
        for line in range(3):
            TURN.wait(timeout=10)
            print(argv[0], line)
            print(argv[0], "on stderr", line, file=sys.stderr)
        return 0
    """
)


def test_steps_side_by_side_each_keep_their_own_output(tmp_path, monkeypatch, capsys):
    (tmp_path / "turns.py").write_text(TURNS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second")}
    threads = [
        threading.Thread(target=steps.run, args=(f"turns {name}", str(log)), kwargs={"alone": False})
        for name, log in logs.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    for name, log in logs.items():
        lines = [f"{name} {n}\n{name} on stderr {n}\n" for n in range(3)]
        assert log.read_text(encoding="utf-8") == "".join(lines)
    # Each step's whole output reaches the terminal in one piece, never interleaved with the other's.
    out = capsys.readouterr().out
    assert all(log.read_text(encoding="utf-8") in out for log in logs.values())


def test_a_light_step_holds_the_one_at_a_time_lock_and_a_render_does_not(tmp_path, monkeypatch):
    (tmp_path / "locked.py").write_text(
        "from scripts.core import steps\n\ndef main(argv):\n    print(steps.ONE_AT_A_TIME.locked())\n    return 0\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert steps.said_by(__import__("locked").main, []) == (0, "True\n")
    assert steps.said_by(__import__("locked").main, [], alone=False) == (0, "False\n")
