"""Benchmark the Norwegian anonymiser: quality on the labelled corpus, and throughput.

Run from the repository root:  .venv/bin/python bench/anonymiser.py [--mb 5]

Prints, for each labelled corpus (the hand-written ``anonymiser.jsonl`` and the generated
``generated.jsonl``), recall and precision per category and overall and over-redaction (share
of ordinary, non-personal words removed); then throughput in MB/s (UTF-8 bytes) over at least
5 MB of text made by repeating both corpora, next to a baseline pass over the same text in the
same process (``str.split`` plus a set look-up per word, the cheapest possible word-list filter).
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from workstation.sessions.anonymiser import Anonymiser, Tag
from workstation.sessions.anonymiser.evaluate import load_corpus, score

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (
    ROOT / "tests" / "corpus" / "anonymiser.jsonl",
    ROOT / "tests" / "corpus" / "generated.jsonl",
)


def baseline(lines: list[str], words: frozenset[str]) -> int:
    hits = 0
    for line in lines:
        for word in line.split():
            if word.lower() in words:
                hits += 1
    return hits


def best_of(runs: int, fn: object) -> float:
    assert callable(fn)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="megabytes of text to time")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the best is reported")
    args = parser.parse_args()

    t0 = time.perf_counter()
    anon = Anonymiser.default()
    build_s = time.perf_counter() - t0
    quality_ok = True
    texts: list[str] = []
    for corpus in CORPORA:
        examples = load_corpus(corpus)
        texts += [e.text for e in examples]
        result = score(anon, examples)
        print(f"corpus: {len(examples)} lines, {result.gold} labelled spans ({corpus.name})")
        print(f"{'category':<12} {'spans':>6} {'recall':>8} {'precision':>10}")
        for tag in Tag:
            c = result.per_tag[tag]
            print(f"{tag.value:<12} {c.gold:>6} {c.recall:>8.3f} {c.precision:>10.3f}")
        print(f"{'overall':<12} {result.gold:>6} {result.recall:>8.3f} {result.precision:>10.3f}")
        print("  (overall recall: span fully redacted under any tag; per category: same tag)")
        print(
            f"over-redaction: {result.ordinary_removed}/{result.ordinary_words} ordinary words "
            f"removed = {result.over_redaction:.2%}\n"
        )
        numbers = (result.per_tag[Tag.TELEFON].recall, result.per_tag[Tag.FNR].recall)
        quality_ok = quality_ok and result.recall >= 0.98 and result.over_redaction <= 0.02
        quality_ok = quality_ok and numbers == (1.0, 1.0)

    corpus_bytes = sum(len(t.encode("utf-8")) + 1 for t in texts)
    repeat = max(1, int(args.mb * 1_000_000 / corpus_bytes) + 1)
    lines = texts * repeat
    total_mb = sum(len(t.encode("utf-8")) + 1 for t in lines) / 1_000_000
    words = anon.lexicon.names | anon.lexicon.places

    def run_anonymiser() -> None:
        for line in lines:
            anon.anonymise(line)

    def run_baseline() -> None:
        baseline(lines, words)

    t_anon = best_of(args.runs, run_anonymiser)
    t_base = best_of(args.runs, run_baseline)
    print(
        f"text: {total_mb:.2f} MB in {len(lines)} lines (corpora x {repeat}), best of {args.runs}"
    )
    print(f"anonymiser: {total_mb / t_anon:6.2f} MB/s  ({t_anon:.2f} s)")
    print(f"baseline:   {total_mb / t_base:6.2f} MB/s  ({t_base:.2f} s, str.split + set look-up)")
    ratio = t_base / t_anon
    print(f"ratio anonymiser/baseline: {ratio:.3f} (baseline is {1 / ratio:.1f}x faster)")
    print(f"build (load word lists, compile): {build_s * 1000:.0f} ms")
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    ok = quality_ok and total_mb / t_anon >= 1.0
    targets = "recall >= 0.98, over-redaction <= 2%, phones and FNR 100% on both corpora, >= 1 MB/s"
    print(f"targets ({targets}):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
