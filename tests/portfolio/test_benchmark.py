"""The five-company threshold: below it nothing is shown, from it on the peers' figures are."""

from __future__ import annotations

from citymade.portfolio.benchmark import MIN_GROUP, peer_benchmark, suppress_small


def _peers(n):
    return [{"urban_fit": 50.0 + 10 * i, "readiness": 40.0} for i in range(n)]


def test_four_peers_are_too_few():
    assert MIN_GROUP == 5
    assert peer_benchmark({"urban_fit": 70.0}, _peers(4)) is None


def test_five_peers_are_shown_with_median_and_quartiles():
    rows = peer_benchmark({"urban_fit": 70.0, "readiness": None}, _peers(5))
    assert rows is not None
    by_dim = {r.dimension: r for r in rows}
    fit = by_dim["urban_fit"]
    assert (fit.own, fit.median, fit.low, fit.high, fit.peers) == (70.0, 70.0, 60.0, 80.0, 5)
    assert by_dim["readiness"].own is None and by_dim["readiness"].median == 40.0


def test_a_dimension_known_for_fewer_than_five_peers_is_left_out():
    peers = _peers(5)
    for p in peers[:2]:
        p["urban_fit"] = None
    rows = peer_benchmark({"urban_fit": 70.0, "readiness": 30.0}, peers)
    assert [r.dimension for r in rows] == ["readiness"]


def test_small_counts_are_hidden_and_cannot_be_recovered_from_a_total():
    assert suppress_small({"a": 12, "b": 5, "c": 0, "d": 3, "e": 4}) == {"a": 12, "b": 5, "c": 0, "d": None, "e": None}
    # One small group alone would be total − the others: the next smallest is hidden with it.
    assert suppress_small({"a": 12, "b": 7, "c": 2}) == {"a": 12, "b": None, "c": None}
    assert suppress_small({"a": 9, "b": 6}) == {"a": 9, "b": 6}
