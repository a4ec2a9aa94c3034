"""The baseline the LSTM has to beat: an interpolated Kneser-Ney n-gram over the same tokens.

Scores exactly what the LSTM is scored on: every token after ``<s> M:.. K:..`` (those three are
the context the first real token is predicted from), end token included.
"""

from __future__ import annotations

import math
from collections import defaultdict

from taleweaver.sound.melody.tokens import BOS, VOCAB

CONDITION_TOKENS = 3


class KneserNey:
    """Interpolated Kneser-Ney of a given order with one absolute discount for every order."""

    def __init__(self, order: int = 5, discount: float = 0.75):
        if order < 1:
            raise ValueError("an n-gram order is at least 1")
        if not 0 < discount < 1:
            raise ValueError("the discount lies strictly between 0 and 1")
        self.order, self.discount = order, discount
        # counts[k][context][token]: raw counts for the top order, continuation counts below it.
        self.counts = [defaultdict(lambda: defaultdict(int)) for _ in range(order)]

    def fit(self, sequences: list[list[str]]) -> "KneserNey":
        seen_higher = set()
        for tokens in sequences:
            padded = [BOS] * (self.order - 1) + list(tokens)
            for i in range(self.order - 1, len(padded)):
                token = padded[i]
                self.counts[self.order - 1][tuple(padded[i - self.order + 1:i])][token] += 1
                # A lower-order entry counts the distinct longer contexts it continues.
                for k in range(self.order - 1, 0, -1):
                    gram = tuple(padded[i - k:i + 1])
                    if gram in seen_higher:
                        break  # its shorter suffixes were counted with it the first time
                    seen_higher.add(gram)
                    self.counts[k - 1][gram[1:-1]][token] += 1
        self.totals = [{c: sum(t.values()) for c, t in level.items()} for level in self.counts]
        self.types = [{c: len(t) for c, t in level.items()} for level in self.counts]
        return self

    def probability(self, context: tuple[str, ...], token: str) -> float:
        p = 1.0 / len(VOCAB)
        for k in range(self.order):  # from unigram up to the full order
            ctx = tuple(context[len(context) - k:]) if k else ()
            total = self.totals[k].get(ctx)
            if not total:
                continue
            count = self.counts[k][ctx].get(token, 0)
            p = max(count - self.discount, 0) / total + self.discount * self.types[k][ctx] / total * p
        return p

    def nll(self, sequences: list[list[str]]) -> float:
        """Per-token negative log-likelihood in nats, M:/K: given."""
        total, count = 0.0, 0
        for tokens in sequences:
            padded = [BOS] * (self.order - 1) + list(tokens)
            for i in range(self.order - 1 + CONDITION_TOKENS, len(padded)):
                total -= math.log(self.probability(tuple(padded[i - self.order + 1:i]), padded[i]))
                count += 1
        return total / count
