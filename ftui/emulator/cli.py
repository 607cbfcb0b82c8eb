"""``ftui emulator``: run the fine-tuning emulator in the foreground."""

from __future__ import annotations

import argparse

__all__ = ["configure_parser", "run"]


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the emulator's options to ``parser`` (``--chaos`` lists every hostile scenario)."""
    from ftui.emulator.chaos import all_scenarios

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    width = max(len(name) for name in all_scenarios())
    parser.epilog = "chaos scenarios (--chaos A,B):\n" + "\n".join(
        f"  {name.ljust(width)}  {text}" for name, text in all_scenarios().items()
    )
    parser.add_argument("--port", type=int, default=0, help="TCP port (0 = pick a free port)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--speed", type=float, default=1.0, help="divide every simulated duration by N (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed for ids and curves (default 0)")
    parser.add_argument(
        "--fail-rate",
        type=float,
        default=0.0,
        metavar="R",
        help="probability of a random 429/500/dropped connection per request",
    )
    parser.add_argument(
        "--require-key", default=None, metavar="K", help="only accept 'Authorization: Bearer K' (default: any key)"
    )
    parser.add_argument("--refuse-create", action="store_true", help="answer job creation with OpenAI's wind-down 403")
    parser.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="seed demo datasets and jobs")
    parser.add_argument(
        "--plain-results", action="store_true", help="serve result CSVs as plain text instead of base64"
    )
    parser.add_argument(
        "--chaos",
        metavar="SCENARIO[,SCENARIO]",
        default="",
        help="misbehave like a hostile server (scenarios listed below)",
    )
    parser.add_argument(
        "--trickle-delay",
        type=float,
        default=2.0,
        metavar="S",
        help="seconds between body bytes under --chaos trickle (default 2)",
    )
    parser.add_argument(
        "--chat-rpm",
        type=int,
        default=0,
        metavar="N",
        help="answer chat completions beyond N per minute with 429 + Retry-After (0 = no limit)",
    )
    parser.add_argument(
        "--chat-delay",
        type=float,
        default=0.0,
        metavar="S",
        help="seconds between the pieces of a streamed chat answer (default 0)",
    )


def run(args: argparse.Namespace) -> int:
    """Start the emulator with parsed ``args`` and serve until Ctrl-C."""
    from ftui.emulator import Emulator

    if args.speed <= 0:
        print("error: --speed must be positive")
        return 2
    if not 0.0 <= args.fail_rate <= 1.0:
        print("error: --fail-rate must be between 0 and 1")
        return 2
    from ftui.emulator.chaos import parse_scenarios

    try:
        chaos = parse_scenarios(args.chaos)
    except ValueError as error:
        print(f"error: --chaos: {error}")
        return 2
    if args.trickle_delay < 0 or args.chat_delay < 0 or args.chat_rpm < 0:
        print("error: --trickle-delay, --chat-delay and --chat-rpm must not be negative")
        return 2
    emu = Emulator(
        host=args.host,
        port=args.port,
        speed=args.speed,
        seed=args.seed,
        fail_rate=args.fail_rate,
        require_key=args.require_key,
        refuse_create=args.refuse_create,
        result_base64=not args.plain_results,
        chaos=chaos,
        trickle_delay=args.trickle_delay,
        chat_delay=args.chat_delay,
        chat_rate=(args.chat_rpm, 60.0) if args.chat_rpm else None,
    )
    if chaos:
        print(f"chaos: {', '.join(chaos)}", flush=True)
    if getattr(args, "demo", False):
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
