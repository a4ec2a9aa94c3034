"""Undo the tricks that hide a word from a filter: look-alike letters, zero-width characters,
leetspeak, letters spaced apart and stretched letters. The filter matches on what this returns."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]")

# Letters from other scripts that look like Latin ones (Cyrillic, Greek, and a few symbols).
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "һ": "h", "ԁ": "d", "ɡ": "g", "ӏ": "l", "к": "k", "м": "m", "т": "t", "в": "b",
    "н": "h", "ո": "n", "ս": "u", "α": "a", "ε": "e", "ο": "o", "ρ": "p", "ι": "i", "κ": "k",
    "ν": "v", "τ": "t", "υ": "u", "χ": "x", "β": "b", "μ": "u", "ß": "ss",
})

# Digits and symbols standing in for letters. Applied only inside words that also contain
# letters, so "5 fish" stays "5 fish" but "sh1t" becomes "shit".
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "@": "a", "$": "s", "!": "i", "|": "l", "+": "t"})
_LEET_WORD = re.compile(r"(?<![\w@$!|+])(?=[\w@$!|+]*[a-z])(?=[\w@$!|+]*[0-9@$!|+])[\w@$!|+]{3,}")

def _unleet(match: re.Match) -> str:
    word = match.group(0)
    core = word.rstrip("!")  # "morning!" is an exclamation, not "morningi"
    return core.translate(_LEET) + word[len(core):]


# Stars and hashes standing in for letters inside a word: "f*ck" -> "fck" (listed), "sh#t".
_MASKED = re.compile(r"(?<=[a-z])[*#]+(?=[a-z])")

# Three or more single letters separated by spaces, dots, dashes or stars: "f u c k", "s.h.i.t".
_SPACED = re.compile(r"\b(?:[a-z][\s.\-_*]+){2,}[a-z]\b")
# No English word has a letter three times in a row, so "fuuuck" and "stuuupid" become
# "fuck" and "stupid". (Doubles are left alone: "winner" must not become "winer".)
_STRETCHED = re.compile(r"([a-z])\1{2,}")


def normalize(text: str) -> str:
    """Lowercased text with obfuscations undone, for matching only (never shown to anyone)."""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text)
    # Strip combining accents ("fück" -> "fuck") after NFKD; keep the base letters.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.lower().translate(_HOMOGLYPHS)
    text = _LEET_WORD.sub(_unleet, text)
    text = _MASKED.sub("", text)
    text = _SPACED.sub(lambda m: re.sub(r"[\s.\-_*]+", "", m.group(0)), text)
    text = _STRETCHED.sub(r"\1", text)
    text = text.replace("’", "'").replace("‘", "'")
    return text


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:['-][a-z]+)*", text)
