"""Row matching: which template row a row's labels name, across wrapped and interleaved label fragments.

Mixed into `loaders.tables.TableReader`.
"""

from loaders import template_spec as spec
from loaders.template_tables.cells import is_value_text, read_cell
from loaders.vocabulary.tables import PLAIN_WORD


class RowMatching:
    """Which template row a row's label cells or label lines name, wrapped or not."""

    def _short_unknown(self, piece):
        """A short word among a row's numbers (待定) is a cell that holds no number, not a label.

        Text with brackets or punctuation is the tail of a wrapped label (他情形）).
        """
        norm = spec.normalise(piece.text)
        if not PLAIN_WORD.match(norm) or len(norm) > 4 or spec.has_numbering(piece.text):
            return False
        if self._after_one_line_row(piece):
            return False
        if self._known(piece) or spec.match_row(self.table, norm, self.context):
            return False
        return True

    def _after_one_line_row(self, piece):
        """Whether the open row wrote its numbers on one line and `piece` is on a later line.

        Such a word continues a wrapped label (`务信息` under `5.属于三类内部事`)
        even when the row lacks a number: a row's cells stay on its line.
        """
        real = [v for v in self.current.values if v.kind != "blank"]
        if len(real) < 2 or "\n" in self.text[real[0].start : real[-1].end]:
            return False
        return "\n" in self.text[real[-1].end : piece.start]

    def _is_label_cell(self, cell):
        """Whether a cell of a structured row is label text (a short unknown word is a cell value)."""
        if not cell.text or is_value_text(cell.text):
            return False
        if spec.has_numbering(cell.text) or self._known(cell):
            return True
        norm = spec.normalise(cell.text)
        if spec.match_row(self.table, norm, self.context):
            return True
        return spec.has_cjk(cell.text) and len(norm) > 4

    def _context_of(self, labels):
        """The row group (不予公开, 其他处理…) the labels put the next row in."""
        context = self.context
        for piece in labels:
            group = spec.match_group(spec.normalise(piece.text)) if self.table == "3" else None
            if group:
                context = group
        return context

    def row_of(self, labels, loose=False):
        """(row key, number of trailing labels that name it) or (None, 0).

        The row is named by the last label; a label wrapped over lines is
        joined from its fragments (up to three), never glued to a header or
        group word.
        """
        context = self._context_of(labels[:-1]) if labels else self.context
        for n in range(1, min(3, len(labels)) + 1):
            if n > 1 and self._known(labels[-n]):
                break
            norm = spec.normalise("".join(p.text for p in labels[-n:]))
            key = spec.match_row(self.table, norm, context)
            if key:
                return key, n
            if n == 1 and self._known(labels[-1]):
                break
        if loose:
            return self._split_label_row(labels, context)
        return None, 0

    def _split_label_row(self, labels, context):
        """A numbered item label wrapped over lines with other words between its fragments.

        Text extracted from a PDF page interleaves a wrapped item label with
        the wrapped group label beside it (`2.申请人逾期未按收` `（六）其他`
        `费通知要求缴纳费` `处理` …). The item's first fragment (it starts with
        its number) and one later fragment that names no row by itself may
        name a row together; only a row of the report's format not read yet
        is taken.
        """
        recent = labels[-6:]
        for i, first in enumerate(recent[:-1]):
            if not spec.has_numbering(first.text) or self._known(first):
                continue
            for later in recent[i + 1 :]:
                if self._names_row(later, context):
                    continue
                key = self._unread_row(first.text + later.text, context)
                if key:
                    return key, len(recent) - i
        return None, 0

    def _names_row(self, piece, context):
        """Whether a label fragment names a row by itself (then it is that row's label, not a tail)."""
        return spec.match_row(self.table, spec.normalise(piece.text), context) is not None

    def _unread_row(self, text, context):
        """The row of the report's format that `text` names, unless it was read already."""
        key = spec.match_row(self.table, spec.normalise(text), context)
        if key is None or key not in {r.key for r in spec.rows(self.table, self.format)}:
            return None
        if any(row == key for row, _ in self.cells):
            return None
        return key

    def _split_row(self, cells):
        """(label cells, value cells) of a body row.

        Labels are the leftmost cells: those up to the last label before the
        first number or blank mark. Text after the numbers (a note in an extra
        column) is a value cell of that column, not a label.
        """
        is_label = [self._is_label_cell(c) for c in cells]
        if not any(is_label):
            return [], cells
        first = is_label.index(True)  # cells before it: a row index or merged blanks
        first_value = next(
            (i for i in range(first, len(cells)) if is_value_text(cells[i].text)), len(cells)
        )
        end = first_value if first_value < len(cells) else len(cells)
        last = (
            max(i for i in range(first, end) if is_label[i])
            if first_value < len(cells)
            else max(i for i, flag in enumerate(is_label) if flag)
        )
        return [c for c in cells[first : last + 1] if c.text], cells[last + 1 :]

    def _by_grid(self, cells, labels, values):
        """A row as wide as its grid header: the cells under the header's label columns are labels.

        A word there (`数量`, `件数` before table 四's numbers) is the row's
        label even when it is too short to look like one.
        """
        if not self.grid_shape:
            return labels, values
        width, label_columns = self.grid_shape
        if len(cells) != width or not label_columns or len(values) == width - label_columns:
            return labels, values
        head = cells[:label_columns]
        if any(read_cell(c.text)[1] == "number" for c in head):
            return labels, values
        return [c for c in head if c.text], cells[label_columns:]
