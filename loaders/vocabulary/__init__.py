"""Vocabulary: the words, cues and patterns the extraction rules match, kept as data apart from the rules.

Each module is data only (strings, tuples, dicts and the regexes compiled from
them), grouped by what the words are for, each group with a comment; the
rules import them and never spell a word list of their own. A name is
defined once in this package (tests/test_architecture.py checks it).
"""
