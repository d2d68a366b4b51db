"""JSON without NaN or Infinity, and CSV cells a spreadsheet will not run.

Python's json writes float('inf') as `Infinity`, which is not JSON: clients
fail on the whole response. The store refuses such numbers at load time
(`loaders.load.drop_inexact_numbers`), and this is the last line: a non-finite
float is served as null. The fast path dumps with allow_nan=False and only
walks the value when that fails.

CSV: a text cell beginning with = + - @ tab or carriage return is a formula
to Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)`, `@SUM(…)`). As OWASP
recommends, such a cell is prefixed with a single quote, which spreadsheets
show as text; numbers (a negative change such as -3) are left as numbers.
"""

import json
import math

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def finite(value):
    """`value` with every NaN/±Infinity float (at any depth) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def dumps(value, **kwargs):
    """json.dumps that never writes NaN or Infinity."""
    try:
        return json.dumps(value, allow_nan=False, **kwargs)
    except ValueError:
        return json.dumps(finite(value), allow_nan=False, **kwargs)


def neutralise(text):
    """A CSV text cell a spreadsheet reads as text, never as a formula (OWASP)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
