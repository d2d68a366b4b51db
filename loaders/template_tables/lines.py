"""Feeding rows: a pipe or tab row read at once, or the pieces of plain lines (one cell per line, a row's numbers on one line) gathered into rows.

Mixed into `loaders.tables.TableReader`.
"""

from loaders import template_spec as spec
from loaders.template_tables.cells import OpenRow, Piece


class LineFeeding:
    """Rows as they come: a pipe or tab row at once, or labels, numbers and blank lines one piece at a time."""

    def feed_row(self, cells):
        """A pipe or tab row: a header row (kept for the grid) or a body row read at once."""
        self._finish_row()
        self._resolve_held(final=True)
        if self._is_header_row(cells):
            self._absorb(self.pending)
            self.pending = []
            self.header_rows.append(cells)
            return
        self._take_header_rows()
        labels, values = self._split_row(cells)
        labels, values = self._by_grid(cells, labels, values)
        key, n = self.row_of(labels)
        self._absorb(self.pending + labels[: len(labels) - n])
        self.pending = []
        if key is None and self.table == "4" and self._table4_header_seen():
            key = spec.TABLE4_ROW.key
        truncated = not self.text[cells[-1].end :].strip() if cells else False
        self._store(
            key,
            labels[len(labels) - n :] if key else labels,
            values,
            structured=True,
            truncated=truncated,
        )

    def feed_label(self, piece):
        """A label ends the open row (unless it is a short word among its numbers) and waits for numbers."""
        if self.current is not None:
            if self._short_unknown(piece) and not self._row_complete():
                self.current.values.append(Piece(piece.text, piece.start, piece.end, "value"))
                return
            self._finish_row()
        self.pending.append(piece)

    def _row_complete(self):
        """Whether the open row already has a value for every column (more words are labels)."""
        slots = self._slots_for(self.current.key, say=False)
        wanted = sum(1 for slot in slots if not slot.cont)
        return sum(1 for v in self.current.values if v.kind != "blank") >= wanted

    def feed_value(self, piece):
        """A number opens a row named by the labels before it, or continues the open row."""
        if self.current is None:
            self._open_row()
        self.current.values.append(piece)

    def feed_blank(self, offset):
        """An empty line among a row's numbers may be a blank cell (decided when the row is paired)."""
        if self.current is not None:
            self.current.values.append(Piece("", offset, offset, "blank"))

    def _open_row(self):
        """Start a row: its name from the last labels, a header or group from the labels before."""
        self._resolve_held()
        key, n = self.row_of(self.pending, loose=True)
        cut = len(self.pending) - n
        labels = self.pending[cut:]
        self._take_header_rows()
        self._absorb(self.pending[:cut])
        if key is None and self.table == "4" and self._table4_header_seen():
            key = spec.TABLE4_ROW.key
        self.current = OpenRow(key, labels if key else self.pending[-2:])
        self.pending = []

    def _finish_row(self, truncated=False):
        """Close the open row and pair its numbers with the columns.

        A row whose label names no row is held until the next row starts: a
        label wrapped over lines can end after the row's numbers
        (`2.其他法律行政法` numbers `规禁止公开`, as pdftotext lays it out).
        """
        row, self.current = self.current, None
        if row is not None:
            if self.indexed:
                self._drop_row_index(row)
            if row.key is None and self.table != "4" and not truncated:
                self._resolve_held()
                self.held = row
                return
            self._store(row.key, row.labels, row.values, structured=False, truncated=truncated)

    def _resolve_held(self, final=False):
        """Name a held row from the label fragments that follow its numbers, else store it unnamed.

        Its last label fragment joined with the first fragment after it, the
        first two, or one of the next three (the words between belong to a
        group label wrapped beside it) must name a row not read yet. A
        fragment that starts with a number is the next row's label, never a
        tail; so is one that names a row by itself, unless the labels after
        it still name the next row.
        """
        row, self.held = self.held, None
        if row is None:
            return
        if not final:
            following = self.pending[:4]
            tries = [following[:1], following[:2]] + [[p] for p in following[1:3]]
            for tail in (row.labels[-1:], row.labels[-2:]):
                for extra in tries:
                    if not extra or any(
                        self._known(p) or spec.has_numbering(p.text) for p in extra
                    ):
                        continue
                    key = self._unread_row("".join(p.text for p in tail + extra), self.context)
                    used = self.pending.index(extra[-1]) + 1
                    if key and any(self._names_row(p, self.context) for p in extra):
                        # `规禁止公开` names its row alone: it is a tail only if the
                        # labels after it still name the row being opened.
                        key = key if self.row_of(self.pending[used:], loose=True)[0] else None
                    if key:
                        self._store(key, tail + extra, row.values, structured=False)
                        self.pending = self.pending[used:]
                        return
        self._store(None, row.labels, row.values, structured=False)

    def _drop_row_index(self, row):
        """With a 序号 column, the number read last before a label is that label's row index.

        It ends the previous row's numbers (one more than its columns), or
        stands alone before the first row.
        """
        real = [v for v in row.values if v.kind != "blank"]
        if not real or not real[-1].text.strip().isdigit():
            return
        slots = self._slots_for(row.key, say=False)
        wanted = sum(1 for slot in slots if not slot.cont)
        if (row.key is None and len(real) == 1) or (row.key and len(real) == wanted + 1):
            row.values.remove(real[-1])
