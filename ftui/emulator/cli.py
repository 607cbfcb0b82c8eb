"""``ftui emulator``: run the fine-tuning emulator in the foreground."""

from __future__ import annotations

import argparse

__all__ = ["configure_parser", "run"]


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the emulator's options to ``parser``."""
    parser.add_argument("--port", type=int, default=0, help="TCP port (0 = pick a free port)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="divide every simulated duration by N (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed for ids and curves (default 0)")
    parser.add_argument("--fail-rate", type=float, default=0.0, metavar="R",
                        help="probability of a random 429/500/dropped connection per request")
    parser.add_argument("--require-key", default=None, metavar="K",
                        help="only accept 'Authorization: Bearer K' (default: any key)")
    parser.add_argument("--refuse-create", action="store_true",
                        help="answer job creation with OpenAI's wind-down 403")
    parser.add_argument("--demo", action="store_true", help="seed demo datasets and jobs")
    parser.add_argument("--plain-results", action="store_true",
                        help="serve result CSVs as plain text instead of base64")


def run(args: argparse.Namespace) -> int:
    """Start the emulator with parsed ``args`` and serve until Ctrl-C."""
    from ftui.emulator import Emulator

    if args.speed <= 0:
        print("error: --speed must be positive")
        return 2
    if not 0.0 <= args.fail_rate <= 1.0:
        print("error: --fail-rate must be between 0 and 1")
        return 2
    emu = Emulator(host=args.host, port=args.port, speed=args.speed, seed=args.seed,
                   fail_rate=args.fail_rate, require_key=args.require_key,
                   refuse_create=args.refuse_create, result_base64=not args.plain_results)
    if args.demo:
        jobs = emu.seed_demo()
        print("Demo jobs: " + ", ".join(f"{role}={job}" for role, job in jobs.items()))
    key = args.require_key or "sk-emulator"
    print(f"ftui emulator listening on {emu.base_url}", flush=True)
    print(f"export OPENAI_BASE_URL={emu.base_url} OPENAI_API_KEY={key}", flush=True)
    try:
        emu.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped")
    return 0
