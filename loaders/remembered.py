"""Bounded memory for the parser's pure functions of text: the same words are asked about again and again.

A template table's rules ask whether each piece of a line is a header word,
a row label or a number many times while they read it; every report repeats
the same cell words, labels and clauses; a load parses document after
document in the same worker process. The functions decorated here are pure
(their answer depends on their arguments and the vocabulary only), so an
answer is computed once and remembered.

Memory stays flat however many documents a worker parses: each cache is a
`functools.lru_cache` with a `maxsize`, and only texts up to a length are
kept (`SHORT_LENGTH` in the large cache; with `long=`, texts up to
`LONG_LENGTH` in a small one of their own: a label line the rules read many
times while they read its table). Longer texts are computed every time.
Remembered answers must be immutable (str, number, tuple, None): a caller
that changed one would change it for every later caller.
"""

import functools

SHORT_LENGTH = 200
"""Texts up to this length (cells, header words, labels, clauses) go to the large cache."""
LONG_LENGTH = 20000
"""Texts up to this length go to the small cache of a function remembered with `long=` (a flattened
table can be one line of thousands of characters, read as one label many times)."""


def remembered(maxsize=16384, long=0):
    """Decorate a pure `function(text)`: remembered for short texts, and for `long` long ones."""

    def decorate(function):
        short_cache = functools.lru_cache(maxsize=maxsize)(function)
        long_cache = functools.lru_cache(maxsize=long)(function) if long else function

        @functools.wraps(function)
        def answer(text):
            size = len(text)
            if size <= SHORT_LENGTH:
                return short_cache(text)
            if size <= LONG_LENGTH:
                return long_cache(text)
            return function(text)

        answer.uncached = function
        return answer

    return decorate


def remembered_match(maxsize=8192):
    """Decorate a pure `function(*args)` of a few short texts and keys: remembered while every text is short."""

    def decorate(function):
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def answer(*args, **options):
            for arg in args:
                if isinstance(arg, str) and len(arg) > SHORT_LENGTH:
                    return function(*args, **options)
            return cached(*args, **options)

        answer.uncached = function
        return answer

    return decorate
