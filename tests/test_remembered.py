"""Bounded memory for pure functions of text (loaders.remembered): what is kept, what is computed again."""

import pytest

from loaders import remembered as module
from loaders.remembered import LONG_LENGTH, SHORT_LENGTH, remembered, remembered_match


def counting(function):
    calls = []

    def counted(*args, **options):
        calls.append(args)
        return function(*args, **options)

    return counted, calls


@pytest.mark.parametrize(
    "length, long, computed",
    [
        (1, 0, 1),  # short: remembered
        (SHORT_LENGTH, 0, 1),
        (SHORT_LENGTH + 1, 0, 3),  # long, no long cache: computed every time
        (SHORT_LENGTH + 1, 4, 1),  # long, with a long cache: remembered
        (LONG_LENGTH, 4, 1),
        (LONG_LENGTH + 1, 4, 3),  # past the long cache's length: computed every time
    ],
)
def test_remembered_keeps_texts_up_to_their_length(length, long, computed):
    upper, calls = counting(str.upper)
    answer = remembered(maxsize=8, long=long)(upper)
    text = "a" * length
    assert [answer(text) for _ in range(3)] == ["A" * length] * 3
    assert len(calls) == computed


def test_remembered_caches_are_bounded():
    upper, calls = counting(str.upper)
    answer = remembered(maxsize=2)(upper)
    for text in ("a", "b", "c", "a"):  # "a" was evicted by "c"
        answer(text)
    assert calls == [("a",), ("b",), ("c",), ("a",)]


@pytest.mark.parametrize(
    "args, computed",
    [
        (("3", "申请"), 1),
        (("3", "申请", None), 1),
        (("3", "申" * (SHORT_LENGTH + 1)), 3),
        ((None, 7), 1),
    ],
)
def test_remembered_match_keeps_calls_whose_texts_are_short(args, computed):
    joined, calls = counting(lambda *a, sep="/": sep.join(map(str, a)))
    answer = remembered_match(maxsize=8)(joined)
    assert [answer(*args) for _ in range(3)] == ["/".join(map(str, args))] * 3
    assert answer(*args, sep="|") == "|".join(map(str, args))
    assert len(calls) == computed + 1  # the call with sep= is another key


def test_the_uncached_function_is_reachable():
    assert remembered()(str.upper).uncached is str.upper
    assert module.remembered_match()(max).uncached is max
