"""``links`` gives, for every value, the address ``reverse`` gives."""

from __future__ import annotations

import pytest
from django.urls import reverse

from citymade.web.core.links import links


@pytest.mark.parametrize("slug", ["atelier-1", "a_b", "Z9", "café-brûlé", "a b", "x/y", "9081726354"])
def test_a_slug_link_is_the_reversed_address(slug):
    try:
        expected = reverse("diagnostics:history", args=[slug])
    except Exception as exc:  # a value the pattern refuses is refused the same way
        with pytest.raises(type(exc)):
            links("diagnostics:history")(slug)
    else:
        assert links("diagnostics:history")(slug) == expected


def test_an_id_and_a_keyword_argument_beside_fixed_ones_are_the_reversed_address():
    assert links("diagnostics:detail")(42) == reverse("diagnostics:detail", args=[42])
    step = links("diagnostics:step", "key", pk=7)
    for key in ("company-process", "product-0-urban_fit"):
        assert step(key) == reverse("diagnostics:step", kwargs={"pk": 7, "key": key})
