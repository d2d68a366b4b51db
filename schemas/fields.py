"""Custom marshmallow fields shared by the argument and response schemas."""

import math
import re

from marshmallow import ValidationError, fields, validate

MAX_ID = 2**31 - 1
"""Largest id a path or query parameter may name (ids are 32-bit on PostgreSQL)."""

MAX_TEXT = 200
"""Longest string a text filter accepts."""


def _no_nul(value):
    if "\x00" in value:
        raise ValidationError("Must not contain NUL characters.")


class Text(fields.String):
    """A query string value: at most MAX_TEXT characters, never a NUL character."""

    NO_NUL = "^[^\\u0000]*$"

    def __init__(self, *args, max_length=MAX_TEXT, min_length=0, **kwargs):
        validators = list(kwargs.pop("validate", None) or [])
        validators[:0] = [validate.Length(min=min_length, max=max_length), _no_nul]
        metadata = dict(kwargs.pop("metadata", None) or {})
        metadata.setdefault("pattern", self.NO_NUL)
        super().__init__(*args, validate=validators, metadata=metadata, **kwargs)


class Id(fields.Integer):
    """A positive database id (1 .. 2**31-1)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=MAX_ID))
        kwargs.setdefault("strict", False)
        super().__init__(*args, **kwargs)


def json_number(value):
    """A float as served: a JSON integer when it has no fractional part (718, not 718.0)."""
    if value is None:
        return None
    value = float(value)
    if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


class Number(fields.Float):
    """A float that is serialised as a JSON integer when it has no fractional part (718, not 718.0)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return json_number(value)


class ParentRef(fields.String):
    """A metric id, or `none` for metrics without a parent; deserialises to an int or "none".

    Any id of up to ten digits is accepted (an id that does not exist matches nothing).
    """

    PATTERN = r"^(none|[1-9][0-9]{0,9})$"

    def __init__(self, *args, **kwargs):
        metadata = dict(kwargs.pop("metadata", None) or {})
        metadata.setdefault("pattern", self.PATTERN)
        super().__init__(*args, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if text == "none":
            return "none"
        if re.fullmatch(r"[1-9][0-9]{0,9}", text):
            return int(text)
        raise ValidationError("Must be a metric id or `none`.")


class CommaKeys(fields.String):
    """Comma-separated keys from a fixed set; the documented `pattern` says which.

    Subclasses set ITEM, the pattern of one part around the alternatives, and
    turn the checked text into what the view needs.
    """

    ITEM = "({alternatives})"

    def __init__(self, keys, *args, **kwargs):
        self.keys = tuple(keys)
        item = self.ITEM.format(alternatives="|".join(self.keys))
        self.pattern = f"^{item}(,{item})*$"
        metadata = dict(kwargs.pop("metadata", None) or {})
        metadata.setdefault("pattern", self.pattern)
        metadata.setdefault("maxLength", MAX_TEXT)
        super().__init__(*args, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > MAX_TEXT:
            raise ValidationError(f"Longer than {MAX_TEXT} characters.")
        return text


class Sort(CommaKeys):
    """Comma-separated sort keys, each optionally prefixed with `-` for descending order.

    Deserialises to a list of (key, descending) pairs, in order; a key given
    again later is ignored. Anything else (an unknown key, spaces, an empty
    part) is a validation error naming the offending part. The documented
    `pattern` says exactly the same.
    """

    ITEM = "-?({alternatives})"

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        pairs, seen = [], set()
        for part in text.split(","):
            descending = part.startswith("-")
            key = part[1:] if descending else part
            if key not in self.keys:
                shown = part.encode("unicode_escape").decode("ascii")[:40]
                raise ValidationError(
                    f"Unknown sort key {shown!r}; use one of: {', '.join(self.keys)} "
                    "(prefix with - for descending order, separate keys with commas)."
                )
            if key not in seen:
                seen.add(key)
                pairs.append((key, descending))
        return pairs
