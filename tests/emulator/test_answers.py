"""What a fine-tuned model remembers: every training format, bad lines, multi-turn prompts, a
model trained on top of another, and a real-size (10 MiB) training file over HTTP."""

from __future__ import annotations

import io
import json
import random
import time

from openai import OpenAI

from ftui.emulator import Emulator, ManualClock
from ftui.emulator.answers import AnswerIndex, base_answer
from tests.emulator.conftest import jsonl, upload


def test_every_format_is_remembered_and_bad_lines_are_skipped() -> None:
    index = AnswerIndex()
    index.add_file(
        jsonl(
            [
                {
                    "messages": [
                        {"role": "user", "content": "What colour is the sky on Mars?"},
                        {"role": "assistant", "content": "Butterscotch by day."},
                        {"role": "user", "content": "And at sunset?"},
                        {"role": "assistant", "content": "Blue at sunset."},
                    ]
                },
                {"prompt": "Translate cheese to French ->", "completion": " fromage"},
                {
                    "input": {"messages": [{"role": "user", "content": "Greet the new intern warmly"}]},
                    "preferred_output": [{"role": "assistant", "content": "Welcome aboard!"}],
                    "non_preferred_output": [{"role": "assistant", "content": "Hi."}],
                },
                {
                    "messages": [
                        {"role": "user", "content": [{"type": "text", "text": "Name the largest moon of Saturn"}]},
                        {"role": "assistant", "content": "Titan."},
                    ]
                },
                "{not json",
                "[1, 2]",
                {"messages": "nope"},
                {"messages": [{"role": "user", "content": "no answer"}]},
            ]
        )
    )
    assert len(index.pairs) == 4
    assert index.lookup("and at sunset?") == ("Blue at sunset.", 1.0)  # the last assistant turn, last user turn
    assert index.lookup("translate cheese to french ->") == ("fromage", 1.0)
    assert index.lookup("Please greet the new intern warmly!")[0] == "Welcome aboard!"
    found = index.lookup("what is the largest moon of saturn")
    assert found is not None and found[0] == "Titan." and 0.45 < found[1] < 1
    assert index.lookup("completely unrelated words here") is None


def test_base_answers_are_generic_but_on_topic() -> None:
    text = base_answer("Hi, how do I rotate my API keys?", random.Random(1))
    assert "rotate your API keys" in text
    assert base_answer("Hi, how do I rotate my API keys?", random.Random(1)) == text
    assert base_answer("", random.Random(2))  # never empty, even for an empty prompt


def test_a_model_trained_on_a_fine_tuned_model_remembers_both(
    emu: Emulator, client: OpenAI, clock: ManualClock
) -> None:
    first = [
        {
            "messages": [
                {"role": "user", "content": f"What is code {i}?"},
                {"role": "assistant", "content": f"Code {i} means retry later."},
            ]
        }
        for i in range(12)
    ]
    second = [
        {
            "messages": [
                {"role": "user", "content": f"Who owns team {i}?"},
                {"role": "assistant", "content": f"Team {i} belongs to Dana."},
            ]
        }
        for i in range(12)
    ]
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=upload(client, first))
    clock.advance(100_000)
    parent = client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model
    assert parent
    child_job = client.fine_tuning.jobs.create(model=parent, training_file=upload(client, second))
    clock.advance(100_000)
    child = client.fine_tuning.jobs.retrieve(child_job.id).fine_tuned_model
    assert child

    def ask(q: str) -> str | None:
        answer = client.chat.completions.create(
            model=child, seed=0, temperature=0, messages=[{"role": "user", "content": q}]
        )
        return answer.choices[0].message.content

    assert ask("Who owns team 7?") == "Team 7 belongs to Dana."
    assert ask("What is code 3?") == "Code 3 means retry later."


def test_a_real_size_training_file_answers_promptly(emu: Emulator, client: OpenAI, clock: ManualClock) -> None:
    rng = random.Random(7)
    nouns = ["widget", "gadget", "report", "invoice", "bucket", "folder", "printer", "router", "license"]
    lines, size, i = [], 0, 0
    while size < 10 * 1024 * 1024:
        noun = rng.choice(nouns)
        line = json.dumps(
            {
                "messages": [
                    {"role": "system", "content": "You are the admin console helper. " * 8},
                    {"role": "user", "content": f"How do I configure {noun} {i} for the {rng.choice(nouns)} team?"},
                    {
                        "role": "assistant",
                        "content": f"Open Admin, then {noun.title()}s, pick #{i} and press Save. "
                        + "Details follow. " * rng.randint(5, 40),
                    },
                ]
            }
        )
        lines.append(line)
        size += len(line) + 1
        i += 1
    training = client.files.create(file=("big.jsonl", io.BytesIO("\n".join(lines).encode())), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id)
    clock.advance(10_000_000)
    model = client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model
    assert model, "the job did not succeed"
    started = time.monotonic()
    first = client.chat.completions.create(
        model=model,
        seed=0,
        temperature=0,
        messages=[
            {"role": "user", "content": f"how can I configure {lines[i // 2].split('configure ')[1].split(' for')[0]}?"}
        ],
    )
    assert f"#{i // 2} " in (first.choices[0].message.content or "")
    later = client.chat.completions.create(
        model=model,
        seed=0,
        temperature=0,
        messages=[{"role": "user", "content": "configure router 17 for the printer team"}],
    )
    assert later.choices[0].message.content
    assert time.monotonic() - started < 60  # a bound, not a benchmark: the index is built once
