"""Text folded for comparing as people read it: without accents, case or repeated spaces.

A search folds what is typed and compares it with text folded the same way when it was stored, so
``reemploi`` finds « Réemploi » and the answer is the same on SQLite and PostgreSQL (whose own
case and accent rules differ).
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]

#: Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
#: Hyphens and apostrophes separate words like a space: « Saint-Gilles » is found as "saint gilles".
_SEPARATORS = str.maketrans({c: " " for c in "-‐‑–—'’‘`´"})


def fold(text: str) -> str:
    """``"Réemploi  ŒUVRE"`` → ``"reemploi oeuvre"``, ``"Saint-Gilles"`` → ``"saint gilles"``."""
    lowered = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES).translate(_SEPARATORS))
    plain = "".join(c for c in lowered if not unicodedata.combining(c))
    return " ".join(plain.split())
