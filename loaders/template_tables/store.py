"""Storing rows: a row's values paired with its columns and kept as cells (or kept unreadable, never guessed).

Mixed into `loaders.tables.TableReader`.
"""

import re

from loaders import template_spec as spec
from loaders.template_tables.cells import Cell, read_cell, split_run_together


class RowStore:
    """Storing a row: its values paired with the layout's columns and kept as cells, or kept unreadable."""

    def _store(self, key, labels, values, structured, truncated=False):
        """Pair a row's values with the columns and keep the cells."""
        if key is None and self._store_typo_row(labels, values, structured, truncated):
            return
        if key is None:
            if any(v.text for v in values) and self.span is not None and labels:
                wording = "".join(p.text for p in labels)[:40]
                if len(wording) <= 30 and not re.search("[。；;]", wording):
                    self.rows_not_in_template += 1
                    self.warn(f"row '{wording}' is not a template row; its values are not read")
            return
        if self._is_group_heading(key, labels, values):
            self.context = spec.match_group(spec.normalise("".join(p.text for p in labels)))
            self._mark(*labels)
            return
        self.layouts.setdefault(key, self.layout_name(key))
        slots = self._slots_for(key)
        self._mark(*labels)
        pairs = self._pair(slots, values, structured, truncated, key)
        if pairs is None:
            self._store_unreadable(key, slots, values)
            return
        for slot, piece in pairs:
            self._keep(key, slot, piece)
        self._mark(*(v for v in values if v.text))
        self.context = getattr(spec.row_item(self.table, key), "group", None)

    def _store_typo_row(self, labels, values, structured, truncated):
        """A table 三 row whose printed name has a typo: kept only if one row is close and its row sum holds.

        `template_spec.typo_match` names the one unread row whose wording is
        close; the row's numbers must then pair with the columns and its 总计
        equal the sum of the others, else nothing is read.
        """
        if self.table != "3" or not labels or not any(v.text for v in values):
            return False
        wording = "".join(p.text for p in labels)
        taken = {row for row, _ in self.cells}
        key = spec.typo_match(spec.normalise(wording), self.format, self.context, taken)
        if key is None:
            return False
        slots = self._slots_for(key, say=False)
        pairs = self._pair(slots, values, structured, truncated, key)
        numbers = [
            read_cell(piece.text)[0] for slot, piece in pairs or () if slot.key and not slot.cont
        ]
        if len(numbers) != 7 or any(n is None for n in numbers) or sum(numbers[:6]) != numbers[6]:
            return False
        self.warn(
            f"row '{wording}' is read as '{self._wording(key)}': the only close template row, "
            "confirmed by its row sum (typo_matched_row)"
        )
        self.typo_rows.add(key)
        self._store(key, labels, values, structured, truncated)
        return True

    def _is_group_heading(self, key, labels, values):
        """A row group's own line with empty cells (（六）其他处理 over its items in 2021).

        Its wording may name a row of the other format (the 2019 single row
        其他处理); with no value in any cell it is the group, not that row.
        """
        if self.table != "3" or any(v.text for v in values) or not labels:
            return False
        if key in {r.key for r in spec.rows("3", self.format)}:
            return False
        return spec.match_group(spec.normalise("".join(p.text for p in labels))) is not None

    def _pair(self, slots, values, structured, truncated, key):
        """(slot, value) pairs of a row, or None when its count of values does not fit."""
        main = [s for s in slots if not s.cont]
        if structured:
            vals = list(values)
            while len(vals) > len(slots) and vals and not vals[0].text:
                vals.pop(0)
            if len(vals) == len(slots):
                return list(zip(slots, vals))
            if len(vals) == len(main):
                return list(zip(main, vals))
            if truncated and len(vals) < len(main):
                return self._truncated(key, main, vals)
            return None
        vals = list(values)
        while vals and vals[0].kind == "blank":
            vals.pop(0)
        while vals and vals[-1].kind == "blank":
            vals.pop()
        real = [v for v in vals if v.kind != "blank"]
        if len(real) == len(main):
            return list(zip(main, real))
        if len(vals) == len(main):
            return list(zip(main, vals))
        if truncated and len(real) < len(main):
            return self._truncated(key, main, real)
        if len(real) < len(main):
            split = split_run_together(real, len(main))
            if split:
                self.warn(
                    f"row '{self._wording(key)}': numbers run together "
                    f"('{self.text[real[0].start : real[-1].end]}') have only one reading: {' '.join(p.text for p in split)}"
                )
                self.split_rows.add(key)
                return list(zip(main, split))
        return None

    def _truncated(self, key, main, values):
        """A row cut off by the end of the text: its first cells are the ones present."""
        self.warn(
            f"the text ends inside row '{self._wording(key)}': {len(values)} of {len(main)} cells present (truncated)"
        )
        return list(zip(main, values))

    def _store_unreadable(self, key, slots, values):
        """A row whose values cannot be paired: every cell kept, without a value, over the row's numbers."""
        real = [v for v in values if v.text]
        start = real[0].start if real else (values[0].start if values else 0)
        end = real[-1].end if real else start
        raw = self.text[start:end]
        main = [s for s in slots if not s.cont and s.key]
        self.warn(
            f"row '{self._wording(key)}' has {len(real)} values for {len(main)} columns ('{raw}'): "
            "numbers run together or a cell is missing; its cells are not read"
        )
        for slot in main:
            self.cells.setdefault(
                (key, slot.key), Cell(raw, start, end, None, "unreadable", slot.text)
            )
        if real:
            self._mark(*real)

    def _keep(self, key, slot, piece):
        """Keep one cell (merged-header repeats and extra columns are not cells of the template)."""
        if slot.cont:
            return
        if slot.key is None:
            if piece.text:
                self.warn(
                    f"column '{slot.text}' is not in the template; its cells are not read",
                    ("extra", slot.text),
                )
            return
        value, status = read_cell(piece.text)
        if (key, slot.key) in self.cells:
            self.warn(f"cell '{self._wording(key)} / {slot.text}' appears twice; the first is kept")
            return
        raw = self.text[piece.start : piece.end]
        self.cells[(key, slot.key)] = Cell(raw, piece.start, piece.end, value, status, slot.text)
        if piece.text:
            self._mark(piece)
        if status == "non_numeric":
            self.warn(f"cell '{self._wording(key)} / {slot.text}' holds '{raw}', not a number")
        elif status == "run_together":
            self.warn(
                f"cell '{self._wording(key)} / {slot.text}' holds several numbers '{raw}'; not read"
            )

    def _wording(self, key):
        """The template's wording of a row, for warnings."""
        item = spec.row_item(self.table, key)
        return item.wording_for(self.format) if item else key
