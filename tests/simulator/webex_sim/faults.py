"""Seeded fault injection for /v1 requests (`--fault-rate`, `--fault-kinds`, `--fault-seed`)."""

from __future__ import annotations

import random

from .config import Config


class Faults:
    def __init__(self, config: Config):
        self.rate = config.fault_rate
        self.kinds = tuple(config.fault_kinds)
        self.seed = config.fault_seed
        self.reset()

    def reset(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self) -> str | None:
        """The fault for the next /v1 request, or None.

        Draws happen in arrival order before any await, so a given request sequence always meets the same
        faults; two draws per request at most keeps that independent of which kinds are enabled.
        """
        if self.rate <= 0 or not self.kinds:
            return None
        if self._rng.random() >= self.rate:
            return None
        return self.kinds[self._rng.randrange(len(self.kinds))]
