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
    # Peers 50, 60, 70, 80, 90: the plain quartiles (60, 70, 80) would be three peers' own scores.
    assert (fit.own, fit.median, fit.low, fit.high, fit.peers) == (70.0, 65.0, 55.0, 85.0, 5)
    # A value all five peers share identifies none of them.
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


def test_no_quartile_is_a_single_peers_score():
    import random

    rng = random.Random(15)
    for _ in range(300):
        n = rng.randint(5, 9)
        scores = [float(rng.randint(0, 100)) for _ in range(n)]
        (row,) = peer_benchmark({"fit": 50.0}, [{"fit": v} for v in scores])
        for figure in (row.low, row.median, row.high):
            if figure is not None:
                printed = [s for s in scores if round(s) == int(figure + 0.5)]
                assert len(printed) != 1, (scores, row)


def test_a_count_hidden_inside_a_shown_total_is_not_the_difference():
    # 53 in the portfolio (members + candidates) is shown; 50 members and 3 candidates would give it away.
    counts = {"prospect": 20, "candidate": 3, "member": 50, "alumni": 8}
    shown = suppress_small(counts, totals=[("member", "candidate")])
    assert shown["candidate"] is None and shown["member"] is None
    assert shown["prospect"] == 20
