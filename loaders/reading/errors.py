"""The one error of reading: a document that cannot be read, with the reason.

Apart from `decode` so that every reader (HTML, PDF, Word, encodings) can raise
it without importing the module that dispatches to them.
"""


class DocumentError(ValueError):
    """A document that cannot be read: empty, binary or in no supported encoding."""
