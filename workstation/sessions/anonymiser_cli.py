"""``workstation-anonymise``: JSON Lines filter that anonymises ``{"text": ...}`` objects.

Reads one JSON object per line on stdin and writes one per line on stdout, in the same order,
flushing after each line. A line that is not a JSON object with a string ``text`` gets
``{"error": "..."}`` on stdout and a message on stderr naming only the line number (never its
content: it may hold personal data). The exit code is 1 if any line was bad, else 0.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from workstation.sessions.anonymiser import Anonymiser


def _problem(line: str) -> tuple[str | None, str | None]:
    """(text, None) for a good line, (None, reason) for a bad one."""
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None, "not valid JSON"
    if not isinstance(obj, dict):
        return None, "not a JSON object"
    text = obj.get("text")
    if not isinstance(text, str):
        return None, 'missing or non-string "text" field'
    return text, None


def run(stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    anonymiser = Anonymiser.default()
    bad = 0
    for number, raw in enumerate(stdin, start=1):
        line = raw.rstrip("\r\n")
        text, reason = _problem(line) if line.strip() else (None, "empty line")
        if text is None:
            bad += 1
            print(f"workstation-anonymise: line {number}: {reason}", file=stderr, flush=True)
            out = {"error": f"line {number}: {reason}"}
        else:
            out = {"text": anonymiser.anonymise(text)}
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return 1 if bad else 0


def main() -> None:
    # Decode stdin strictly as UTF-8 but never crash on a bad byte: it becomes U+FFFD.
    stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    stdout = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    try:
        code = run(stdin, stdout, sys.stderr)
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()
