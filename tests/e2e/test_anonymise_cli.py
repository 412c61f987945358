"""End-to-end: the installed ``workstation-anonymise`` console script, run as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "workstation-anonymise"

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")


def run(stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(SCRIPT)], input=stdin, capture_output=True, timeout=30, check=False)


def lines(data: bytes) -> list[dict[str, str]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_one_for_one_in_order() -> None:
    texts = [f"linje {i}: jeg heter Emma og nr er 9123456{i % 10}" for i in range(50)]
    texts[7] = "ingenting her 😊"
    texts[8] = "bor i Storgata 12, 0150 Oslo"
    data = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    proc = run(data.encode("utf-8"))
    assert proc.returncode == 0, proc.stderr
    out = lines(proc.stdout)
    assert len(out) == len(texts)
    assert out[0] == {"text": "linje 0: jeg heter [NAVN] og nr er [TELEFON]"}
    assert out[7] == {"text": "ingenting her 😊"}
    assert out[8] == {"text": "bor i [ADRESSE], [ADRESSE]"}
    assert all(o["text"].startswith(f"linje {i}:") for i, o in enumerate(out) if i not in (7, 8))
    assert proc.stderr == b""


def test_bad_lines_keep_order_and_do_not_leak() -> None:
    secret = "Kari Nordmann 91234567"
    data = "\n".join(
        [
            json.dumps({"text": "jeg heter Emma"}),
            f"not json {secret}",
            json.dumps(["text", secret]),
            json.dumps({"text": 42, "note": secret}),
            "",
            json.dumps({"text": "ring 912 34 567"}),
        ]
    )
    proc = run((data + "\n").encode("utf-8"))
    assert proc.returncode == 1
    out = lines(proc.stdout)
    assert len(out) == 6
    assert out[0] == {"text": "jeg heter [NAVN]"}
    assert [set(o) for o in out[1:5]] == [{"error"}] * 4
    assert out[5] == {"text": "ring [TELEFON]"}
    err = proc.stderr.decode("utf-8")
    assert "line 2" in err and "line 4" in err
    for leak in ("Kari", "Nordmann", "91234567"):
        assert leak not in err
        assert leak not in proc.stdout.decode("utf-8")


def test_empty_input() -> None:
    proc = run(b"")
    assert proc.returncode == 0
    assert proc.stdout == b""


def test_invalid_utf8_is_a_bad_line_not_a_crash() -> None:
    proc = run(b'{"text": "hei"}\n\xff\xfe garbage\n{"text": "jeg heter Emma"}\n')
    out = lines(proc.stdout)
    assert len(out) == 3
    assert "error" in out[1]
    assert out[2] == {"text": "jeg heter [NAVN]"}
    assert proc.returncode == 1
