"""Deterministic, plausible training curves: noisy decaying loss, a
validation loss a little above it that sometimes turns up late (overfitting),
and token accuracy rising from ~0.5 to ~0.9."""

from __future__ import annotations

import math
import random

__all__ = ["VALID_EVERY", "Curves"]

VALID_EVERY = 10
"""Steps between (mini-batch) validation measurements."""


class Curves:
    """Per-step metrics of one job.

    Args:
        key: Anything identifying the run; same key, same curves.
        total_steps: Number of training steps.
        epoch_ends: Steps at which an epoch ends.
        has_validation: Whether a validation file was given.
    """

    def __init__(self, key: str, total_steps: int, epoch_ends: list[int], has_validation: bool) -> None:
        rng = random.Random(f"ftui-curves:{key}")
        self.total_steps = total_steps
        self.epoch_ends = set(epoch_ends)
        self.has_validation = has_validation
        self.start = rng.uniform(1.9, 2.5)
        self.floor = rng.uniform(0.18, 0.4)
        self.rate = rng.uniform(3.5, 6.0)
        self.gap = rng.uniform(0.05, 0.15)
        self.overfit = rng.uniform(0.6, 1.6) if rng.random() < 0.45 else 0.0
        self.overfit_from = rng.uniform(0.45, 0.7)
        self._seed = rng.getrandbits(64)

    def _smooth(self, step: int) -> float:
        p = step / max(1, self.total_steps)
        return self.floor + (self.start - self.floor) * math.exp(-self.rate * p)

    def _valid_smooth(self, step: int) -> float:
        p = step / max(1, self.total_steps)
        late = max(0.0, p - self.overfit_from)
        return self._smooth(step) + self.gap + self.overfit * late * late

    def _accuracy(self, loss: float) -> float:
        span = max(1e-6, self.start - self.floor)
        return 0.5 + 0.4 * max(0.0, min(1.0, (self.start - loss) / span))

    def metrics(self, step: int) -> dict[str, float | int]:
        """Return the metrics-event ``data`` for ``step`` (1-based)."""
        rng = random.Random(self._seed ^ (step * 0x9E3779B1))
        base = self._smooth(step)
        train = max(0.005, base + rng.gauss(0.0, 0.06 + 0.08 * base))
        data: dict[str, float | int] = {
            "step": step,
            "total_steps": self.total_steps,
            "train_loss": round(train, 5),
            "train_mean_token_accuracy": round(min(1.0, max(0.0, self._accuracy(train) + rng.gauss(0.0, 0.02))), 5),
        }
        if not self.has_validation:
            return data
        if step % VALID_EVERY == 0 or step in self.epoch_ends:
            valid = max(0.005, self._valid_smooth(step) + rng.gauss(0.0, 0.05 + 0.05 * base))
            data["valid_loss"] = round(valid, 5)
            data["valid_mean_token_accuracy"] = round(
                min(1.0, max(0.0, self._accuracy(valid) + rng.gauss(0.0, 0.03))), 5
            )
        if step in self.epoch_ends:
            full = self._valid_smooth(step) + rng.gauss(0.0, 0.01)
            data["full_valid_loss"] = round(max(0.005, full), 5)
            data["full_valid_mean_token_accuracy"] = round(min(1.0, max(0.0, self._accuracy(full))), 5)
        return data

    @staticmethod
    def message(data: dict[str, float | int]) -> str:
        """Return the event message for a metrics ``data`` dict."""
        text = f"Step {data['step']}/{data['total_steps']}: training loss={data['train_loss']:.2f}"
        if "valid_loss" in data:
            text += f", validation loss={data['valid_loss']:.2f}"
        if "full_valid_loss" in data:
            text += f", full validation loss={data['full_valid_loss']:.2f}"
        return text

    def csv(self, last_step: int) -> str:
        """Return the ``step_metrics.csv`` result file for steps 1..last_step."""
        lines = ["step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"]
        for step in range(1, last_step + 1):
            m = self.metrics(step)
            cells = [str(step), f"{m['train_loss']:.5f}", f"{m['train_mean_token_accuracy']:.5f}"]
            for key in ("valid_loss", "valid_mean_token_accuracy"):
                cells.append(f"{m[key]:.5f}" if key in m else "")
            lines.append(",".join(cells))
        return "\n".join(lines) + "\n"
