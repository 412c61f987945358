"""``workstation-sim``: synthetic young people writing to a hub, from scenario scripts.

One line per contact event on stdout, with ids and counts only, never message text.
Exit status: 0 when every contact finished (or the run was stopped by SIGINT/SIGTERM),
1 when any contact failed (e.g. the hub could not be reached), 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import ssl
import sys
from collections.abc import Sequence
from pathlib import Path

from workstation.client.tls import TlsOptions
from workstation.sim.contact import ContactResult, SimEvent
from workstation.sim.scenario import ScenarioError, load_scenarios, select
from workstation.sim.simulator import Simulator


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _not_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workstation-sim",
        description="Synthetic young people writing Norwegian to a 116 111 hub.",
    )
    parser.add_argument(
        "--hub",
        help="the hub's address, e.g. ws://127.0.0.1:8765; several hubs separated by commas "
        "(ws://a:8765,ws://b:8765): a contact moves to the next when its hub is gone",
    )
    parser.add_argument("--ca", metavar="FILE", type=Path,
                        help="for wss://: trust these CAs (PEM) instead of the system's")
    parser.add_argument("--contacts", type=_count, default=1, help="how many contacts (1)")
    parser.add_argument(
        "--scenario",
        action="append",
        metavar="ID",
        help="play this scenario (repeatable; contacts take them in turn). "
        "Default: every scenario, drawn by weight",
    )
    parser.add_argument(
        "--speed", type=_positive, default=1.0, help="divide every delay by this factor (1)"
    )
    parser.add_argument(
        "--interval",
        type=_not_negative,
        default=20.0,
        metavar="S",
        help="mean seconds between arrivals, Poisson (20; 0 = all at once)",
    )
    parser.add_argument("--seed", type=int, help="random seed for a reproducible run")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    return parser


def _print(event: SimEvent) -> None:
    print(event.line(), flush=True)


def _summary(results: list[ContactResult]) -> str:
    outcomes = {"left": 0, "closed": 0, "stopped": 0, "error": 0}
    for result in results:
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    counts = " ".join(f"{key}={value}" for key, value in outcomes.items())
    sent = sum(result.sent for result in results)
    return f"summary contacts={len(results)} {counts} sent={sent}"


async def _run(simulator: Simulator) -> list[ContactResult]:
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    stops = 0

    def on_signal() -> None:
        nonlocal stops
        stops += 1
        if stops == 1:
            print("stopping", flush=True)
            simulator.stop()
        elif main is not None:
            main.cancel()  # a second signal: do not wait for the leaves

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal)
    try:
        return await simulator.run()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        shipped = load_scenarios()
        chosen = select(shipped, args.scenario) if args.scenario else shipped
    except ScenarioError as exc:
        parser.error(str(exc))
    if args.list:
        for scenario in shipped:
            print(f"{scenario.id}\t{scenario.channel}\t{scenario.weight:g}\t{scenario.title}")
        return 0
    if not args.hub:
        parser.error("--hub is required")
    try:
        ssl_context = TlsOptions(ca=args.ca).context(args.hub)
    except (OSError, ssl.SSLError):
        parser.error(f"the CA file {args.ca} could not be read")
    simulator = Simulator(
        args.hub,
        args.contacts,
        scenarios=chosen,
        in_turn=bool(args.scenario),
        speed=args.speed,
        interval_s=args.interval,
        seed=args.seed,
        report=_print,
        ssl_context=ssl_context,
    )
    try:
        results = asyncio.run(_run(simulator))
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("stopped", flush=True)
        return 0
    print(_summary(results), flush=True)
    return 1 if any(result.outcome == "error" for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
