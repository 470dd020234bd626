"""``round_to(x, digits)``: the very float ``round(x, digits)`` gives, without its decimal string.

The built-in rounds the exact binary value of ``x`` to ``digits`` decimals (half to even) by
writing it as a correctly rounded decimal string and reading that back: about a tenth of an
assessment's time goes there (80 roundings each). The result is the float nearest to ``k / 10**d``,
where ``k`` is the integer nearest to the exact value ``x · 10**d``; ``k / 10.0**d`` is that same
float, because IEEE division of two exact floats is correctly rounded.

``k`` is found from the float product ``p = x * 10.0**d``, which differs from the exact product by
at most half an ulp of ``p``: below 1.2e-7 while ``|p| < 1e9``. So when ``p``'s fraction is farther
than 1e-6 from one half, the nearest integer to ``p`` is the nearest integer to the
exact product. Anything else (a near tie, a large or non-finite value, a result of zero, whose sign
the built-in keeps) goes to the built-in. ``tests/scoring/test_rounding.py`` checks the identity.
"""

from __future__ import annotations

import math

__all__ = ["round_to"]


def round_to(x: float, digits: int) -> float:
    """``round(x, digits)`` for ``0 <= digits <= 4``, the same float, mostly without a string."""
    scale = 100.0 if digits == 2 else 10.0**digits
    p = x * scale
    if -1e9 < p < 1e9:
        whole = math.floor(p)
        fraction = p - whole  # exact for p >= 0; for p < 0 within 2**-53, far inside the margin
        if fraction < 0.5 - 1e-6:
            k = whole
        elif fraction > 0.5 + 1e-6:
            k = whole + 1
        else:
            return round(x, digits)
        if k != 0:
            return k / scale
    return round(x, digits)
