"""Deterministic demo data: support-bot datasets and five back-dated jobs
(succeeded, failed, cancelled, running, validating)."""

from __future__ import annotations

import json
import random
from typing import Any

from ftui.emulator.store import Store

__all__ = ["SYSTEM_PROMPT", "chat_examples", "dpo_examples", "malformed_lines", "seed_demo"]

SYSTEM_PROMPT = (
    "You are Nova, the support assistant for Acme Cloud Storage. Be concise, friendly and "
    "precise; never invent account details."
)

_ISSUES = [
    ("reset my password", "Go to Settings → Security → Reset password. We'll email a link valid for 30 minutes."),
    ("cancel my subscription", "Open Billing → Plan → Cancel plan. You keep access until the end of the period."),
    ("get a refund for last month", "Refunds within 14 days are automatic: Billing → Invoices → Request refund."),
    ("share a folder with my team", "Right-click the folder, choose Share, and add teammates by email."),
    ("recover a deleted file", "Deleted files stay in Trash for 30 days. Open Trash, select it and click Restore."),
    ("enable two-factor authentication", "Settings → Security → Two-factor. Scan the QR code with your app."),
    ("increase my storage quota", "Upgrade under Billing → Plan; the new quota applies immediately."),
    ("sync stopped on my laptop", "Quit and reopen the desktop app, then check Preferences → Sync is not paused."),
    ("change the email on my account", "Settings → Profile → Email. Confirm the change from both inboxes."),
    ("download my whole archive", "Settings → Data → Export builds a zip and emails you a link within an hour."),
    ("understand a failed payment", "Your bank declined the charge. Update the card under Billing → Payment method."),
    ("set up single sign-on", "SSO is on Business plans: Admin → Security → SAML, then paste your IdP metadata."),
]
_OPENERS = [
    "Hi, how do I {x}?",
    "I need to {x}.",
    "Can you help me {x}?",
    "What's the way to {x}?",
    "Hello! I want to {x}, please.",
    "Quick question: how can I {x}?",
    "I'm stuck trying to {x}.",
    "Is it possible to {x}?",
    "How would I {x} from my phone?",
    "My manager asked me to {x}. How?",
]
_CLOSERS = ["", " Anything else I can help with?", " Let me know if that works.", " Happy to help further."]


def chat_examples(count: int, seed: int) -> list[dict[str, Any]]:
    """Return ``count`` deterministic chat SFT examples with a system prompt."""
    rng = random.Random(f"demo-chat:{seed}")
    out = []
    for i in range(count):
        issue, answer = _ISSUES[i % len(_ISSUES)]
        question = rng.choice(_OPENERS).format(x=issue)
        out.append(
            {
                "messages": [
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": question},
                    {"role": "assistant", "content": answer + rng.choice(_CLOSERS)},
                ]
            }
        )
    return out


def dpo_examples(count: int, seed: int) -> list[dict[str, Any]]:
    """Return ``count`` DPO examples preferring a warm tone over a curt one."""
    rng = random.Random(f"demo-dpo:{seed}")
    out = []
    for i in range(count):
        issue, answer = _ISSUES[i % len(_ISSUES)]
        out.append(
            {
                "input": {
                    "messages": [
                        {"role": "system", "content": SYSTEM_PROMPT},
                        {"role": "user", "content": rng.choice(_OPENERS).format(x=issue)},
                    ]
                },
                "preferred_output": [{"role": "assistant", "content": "Happy to help! " + answer}],
                "non_preferred_output": [{"role": "assistant", "content": "Read the docs."}],
            }
        )
    return out


def malformed_lines(seed: int) -> list[str]:
    """Return a JSONL body with a few broken lines (bad JSON, no assistant)."""
    lines = [json.dumps(e) for e in chat_examples(14, seed + 7)]
    lines[3] = lines[3][:-9]
    lines[8] = json.dumps({"messages": [{"role": "user", "content": "hello?"}]})
    lines[11] = "{'messages': 'single quotes are not JSON'}"
    return lines


def _jsonl(rows: list[Any]) -> bytes:
    return ("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n").encode()


def seed_demo(store: Store) -> dict[str, str]:
    """Populate ``store`` as if a user had been working for a few hours.

    Returns:
        ``{"succeeded"|"failed"|"cancelled"|"running"|"validating": job id}``.
    """
    unit = 1.0 / store.speed
    now = store.clock.now()
    seed = store.seed
    add = store.add_file
    train = add("support_train.jsonl", "fine-tune", _jsonl(chat_examples(120, seed)), created=now - 4 * 3600 * unit)
    valid = add(
        "support_valid.jsonl", "fine-tune", _jsonl(chat_examples(30, seed + 1)), created=now - 4 * 3600 * unit + 5
    )
    broken = add(
        "support_train_broken.jsonl", "fine-tune", _jsonl(malformed_lines(seed)), created=now - 3 * 3600 * unit
    )
    prefs = add("support_tone_dpo.jsonl", "fine-tune", _jsonl(dpo_examples(40, seed)), created=now - 600 * unit)
    model = "gpt-4o-mini-2024-07-18"
    meta = {"project": "support-bot"}
    jobs: dict[str, str] = {}
    done = store.create_job(
        {
            "model": model,
            "training_file": train.id,
            "validation_file": valid.id,
            "suffix": "support-v1",
            "metadata": meta,
        },
        started_ago=3.5 * 3600 * unit,
    )
    jobs["succeeded"] = done.params.id
    failed = store.create_job(
        {"model": model, "training_file": broken.id, "suffix": "support-v1b", "metadata": meta},
        started_ago=2.5 * 3600 * unit,
    )
    jobs["failed"] = failed.params.id
    cancelled = store.create_job(
        {
            "model": model,
            "training_file": train.id,
            "validation_file": valid.id,
            "suffix": "support-v1-lr",
            "metadata": meta,
            "method": {
                "type": "supervised",
                "supervised": {"hyperparameters": {"learning_rate_multiplier": 4.0, "n_epochs": 4}},
            },
        },
        started_ago=2 * 3600 * unit,
    )
    d = cancelled.durations
    store.act(cancelled.params.id, "cancel", at=cancelled.params.created + d.validate + d.queue + 95.5 * d.step)
    jobs["cancelled"] = cancelled.params.id
    running = store.create_job(
        {
            "model": model,
            "training_file": train.id,
            "validation_file": valid.id,
            "suffix": "support-v2",
            "metadata": {**meta, "stage": "live"},
            "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 5, "batch_size": 2}}},
        },
        started_ago=(15 + 30 + 40 * 2) * unit,
    )
    jobs["running"] = running.params.id
    fresh = store.create_job(
        {"model": model, "training_file": prefs.id, "suffix": "dpo-tone", "metadata": meta, "method": {"type": "dpo"}},
        started_ago=4 * unit,
    )
    jobs["validating"] = fresh.params.id
    store.refresh()
    return jobs
