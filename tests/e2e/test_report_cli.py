"""``workstation-report`` as an admin runs it: the installed console script, real PDFs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from workstation.sessions import reports

SCRIPT = Path(sys.executable).with_name("workstation-report")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "reports.md"

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # the script must choose offscreen by itself
    return subprocess.run(
        [str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=50,
        check=False,
    )


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return done.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_script_is_installed() -> None:
    assert SCRIPT.is_file(), f"{SCRIPT} missing: is the project installed in this venv?"


def test_list_prints_one_template_per_line() -> None:
    done = run("list")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [
        "akutt_barnevernvakt",
        "bekymringsmelding",
        "oppfolging_telefon",
        "politi_avvergeplikt",
    ]
    assert "Bekymringsmelding til barneverntjenesten" in lines[1]


def test_sample_pdf_has_the_required_parts(tmp_path: Path) -> None:
    out = tmp_path / "sample.pdf"
    done = run("sample", "--out", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert not list(tmp_path.glob(".*partial"))

    expected = reports.render("bekymringsmelding", reports.sample_report())
    assert done.stderr.strip().endswith(f"sha256 {expected.sha256}")
    assert done.stderr.count("\n") == 1  # one line, no Qt warnings

    text = pdf_text(out)
    for part in (
        "Bekymringsmelding til barneverntjenesten",
        "Melder",
        "Barnet",
        "Kommune",
        "Barnets egne ord",
        "Hastegrad",
        "Om barnet er informert",
    ):
        assert part in text, part
    assert "12 34 56 78" in text  # the organisation's phone
    assert "Ola Nordmann, vaktleder" in text  # the contact person
    assert "Kristiansand (kommunenummer 4204)" in text
    for quote in reports.sample_report().quotes:
        assert flat(quote.text) in flat(text), quote.text
    assert expected.sha256 in text
    assert "offentlig" in text  # no ligature glyphs in the way of search and copy
    assert re.search(r"side 1 av \d", text)


def test_render_any_data_file_and_print_text(tmp_path: Path) -> None:
    data = reports.to_dict(reports.sample_report())
    data["quotes"][0]["text"] = "{{ config }} <img src=x> {% for x in range(10**9) %}"
    data["urgency"] = "acute"
    source = write_json(tmp_path / "melding.json", data)
    out = tmp_path / "akutt.pdf"

    done = run(
        "render", "--template", "akutt_barnevernvakt", "--data", source, "--out", out, "--text"
    )
    assert done.returncode == 0, done.stderr
    report = reports.load(data)
    assert done.stdout == reports.render_text("akutt_barnevernvakt", report)
    text = pdf_text(out)
    assert "Akutt melding til barnevernvakten" in text
    assert "{{ config }} <img src=x> {% for x in range(10**9) %}" in text


def test_documented_example_renders(tmp_path: Path) -> None:
    blocks = re.findall(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks, "docs/reports.md has no JSON example"
    source = tmp_path / "example.json"
    source.write_text(blocks[0], encoding="utf-8")
    done = run("render", "--data", source, "--text")
    assert done.returncode == 0, done.stderr
    assert "Hastegrad" in done.stdout


def test_check_passes_for_shipped_templates() -> None:
    done = run("check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(": ok") == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sample", "--template", "nope", "--text"], "unknown template 'nope'"),
        (["render", "--template", "nope", "--data", "x.json", "--text"], "unknown template"),
        (["render", "--data", "missing.json", "--text"], "cannot read missing.json"),
        (["render", "--data", "bad.json", "--text"], "at `$.organisation.phone`"),
        (["render", "--data", "broken.json", "--text"], "not valid JSON"),
        (["sample"], "nothing to do"),
        (["sample", "--out", "no/such/folder/x.pdf"], "cannot write"),
        (["--templates", "no-such-folder", "list"], "does not exist"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = reports.to_dict(reports.sample_report())
    bad["organisation"]["phone"] = 12345678
    write_json(tmp_path / "bad.json", bad)
    (tmp_path / "broken.json").write_text('{"created_at": ', encoding="utf-8")
    done = run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("workstation-report: error: ")
    assert message in done.stderr
