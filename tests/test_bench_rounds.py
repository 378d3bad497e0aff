"""The benchmark's visits go in rounds, so a slow spell of the shared machine falls on every view alike."""

from bench.lighthouse import in_rounds


def test_every_view_is_visited_once_a_round_and_no_view_always_follows_the_same_one():
    order: list[str] = []
    seen = in_rounds({v: v for v in "abcd"}, 4, lambda url: order.append(url) or len(order))
    rounds = [order[i : i + 4] for i in range(0, 16, 4)]
    assert all(sorted(r) == list("abcd") for r in rounds)
    assert [r[0] for r in rounds] == list("abcd")  # each round starts one view further on
    assert seen["a"] == [1, 8, 11, 14]  # each view's own results, in the order they were taken
