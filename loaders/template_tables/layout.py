"""Layout detection: the columns a table's numbers belong to.

The layouts, as `TableReader.layout_name` calls them:

* `grid`: header rows given as pipe or tab rows, read as a grid (merged
  positions filled from the left, in the last row from above);
* `flat`: header words read one after another (one per line, or broken over
  lines), put in order by the table's flat-header rule (`_flat_layout_2/3/4`);
* `template`: no header read (or one that cannot be put in order): the
  template's column order, said in a warning;
* `template_for_row`: table 二's sub-table whose header was left out.

Mixed into `loaders.tables.TableReader`.
"""

from loaders import template_spec as spec
from loaders.remembered import remembered_match
from loaders.template_tables.cells import Piece, Slot, read_cell


@remembered_match()
def header_role(table, text):
    """`LayoutDetection.header_role` of a table's text: a pure function, asked many times per piece."""
    norm = spec.normalise(text)
    if not norm:
        return None, None
    if table == "3":
        group = spec.match_group(norm)
        if group and (spec.has_numbering(text) or spec.match_column("3", norm) is None):
            return "group", group
    if spec.has_numbering(text):
        return None, None
    column = spec.match_column(table, norm)
    if column:
        return "column", column
    group = spec.match_column_group(table, norm)
    if group:
        return "colgroup", group
    if spec.is_corner(table, norm):
        return "corner", None
    return None, None


class LayoutDetection:
    """Which layout a table's header words give: a grid of header rows, flat header words, or the template's order."""

    def header_role(self, text):
        """('column'|'colgroup'|'corner'|'group', key) for header and group words, else (None, None).

        Numbered wording (一、 （三） 2.) is a row or a row group, never a header.
        """
        return header_role(self.table, text)

    def _known(self, piece):
        """Whether a piece is a header or group word of this table."""
        return self.header_role(piece.text)[0] is not None

    def _absorb(self, pieces):
        """Take header words (a new column layout) and row groups from labels before a row."""
        header = []
        for piece in self._merge_fragments(pieces):
            kind, key = self.header_role(piece.text)
            if kind == "corner" and spec.normalise(piece.text) == "序号":
                self.indexed = True
            if kind == "group":
                self.context = key
                self._mark(piece)
            elif kind is not None:
                header.append((kind, key, piece))
            elif header:
                header.append(("unknown", None, piece))
        while header and header[-1][0] == "unknown":
            header.pop()
        columns = [h for h in header if h[0] == "column"]
        if self.table == "4" and any(h[0] in ("column", "colgroup") for h in header):
            self.t4_header = True
        if len(columns) >= (1 if self.table == "2" else 3):
            layout = self._flat_layout(header)
            if layout == "template":
                self.layout, self.grid_shape = None, None
                self._mark(*(h[2] for h in header))
            elif layout:
                self.layout, self.grid_shape = layout, None
                self._mark(*(h[2] for h in header))
        elif header and self.table == "2":
            self._mark(*(h[2] for h in header if h[0] == "corner"))

    def _merge_fragments(self, pieces):
        """Header words broken over lines (`结果` `维持`) joined back."""
        merged = []
        for piece in pieces:
            prev = merged[-1] if merged else None
            if prev is not None and not (self._known(prev) and self._known(piece)):
                joined = Piece(prev.text + piece.text, prev.start, piece.end)
                loose = not spec.is_header_word(self.table, spec.normalise(prev.text))
                if spec.is_header_word(self.table, spec.normalise(joined.text), loose=loose):
                    merged[-1] = joined
                    continue
            merged.append(piece)
        return merged

    def _flat_layout(self, header):
        """Column order from header words read one after another (not as a grid)."""
        if self.table == "2":
            return _flat_layout_2(header)
        if self.table == "3":
            named = {key for kind, key, _piece in header if kind == "column"}
            wanted = {c.key for c in spec.TABLE3_COLUMNS}
            if named < wanted and any(kind == "unknown" for kind, _key, _piece in header):
                # Header words broken over lines and read across (pdftotext -layout:
                # `商业  科研` above `企业  机构`) cannot be put back in order.
                self.warn(
                    f"the header names {len(named)} of the {len(wanted)} columns, the rest is broken over lines; "
                    "the template's column order is assumed",
                    "t3header",
                )
                self._said.add("nolayout")
                return "template"
            layout = _flat_layout_3(header)
            if layout == "template":
                self.warn(
                    "the header does not show where the columns under 法人或其他组织 stand; "
                    "the template's column order is assumed",
                    "t3header",
                )
                self._said.add("nolayout")
            return layout
        layout = _flat_layout_4(header)
        if layout is None:
            self.warn(
                "the 行政复议/行政诉讼 header could not be read; template column order assumed",
                "t4header",
            )
            self._said.add("nolayout")
        return layout

    def _table4_header_seen(self):
        """Whether a row without a label is table 四's one row of numbers: its header was met."""
        return self.layout is not None or self.t4_header

    def _take_header_rows(self):
        """Header rows seen since the last body row become the column layout."""
        if (
            self.header_rows
            and len({len(r) for r in self.header_rows}) > 1
            and all(
                not c.text or not spec.has_numbering(c.text) for r in self.header_rows for c in r
            )
        ):
            # Rows of unequal width are no grid (a table copied out of a browser
            # leaves merged cells out): their words are read in order.
            self._absorb([c for r in self.header_rows for c in r if c.text])
            self.header_rows = []
        if self.header_rows:
            layout = self._grid_layout(self.header_rows)
            if layout:
                self.layout = layout
                self._mark(*(c for row in self.header_rows for c in row if c.text))
            self.header_rows = []

    def _is_header_row(self, cells):
        """A row of header words without numbers (numbered wording is a row label)."""
        if any(read_cell(c.text)[1] == "number" for c in cells):
            return False
        for cell in cells:
            if cell.text and not spec.has_numbering(cell.text):
                if self.header_role(cell.text)[0] in ("column", "colgroup", "corner"):
                    return True
        return False

    def _grid_layout(self, rows):
        """Value columns of a header given as grid rows (right-aligned, merged positions filled)."""
        width = max(len(r) for r in rows)
        grid = [[""] * (width - len(r)) + [c.text for c in r] for r in rows]
        last = len(grid) - 1
        for i, row in enumerate(grid):
            for j in range(width):
                if row[j]:
                    continue
                if i == last and i > 0:
                    row[j] = grid[i - 1][j]
                elif j > 0 and row[j - 1]:
                    row[j] = row[j - 1]
                elif i > 0:
                    row[j] = grid[i - 1][j]
        slots, prev_path, label_columns = [], None, 0
        for j in range(width):
            path = [grid[i][j] for i in range(len(grid))]
            key = self._path_key(path)
            if key is None and not slots:
                label_columns += 1
                continue  # a label column
            text = next((t for t in reversed(path) if t), "")
            if slots and (key == slots[-1].key and (key is not None or path == prev_path)):
                slots.append(Slot(key, text, cont=True))
            elif key is None and not text:
                slots.append(Slot(slots[-1].key, slots[-1].text, cont=True))
            else:
                slots.append(Slot(key, text))
            prev_path = path
        if not slots:
            return None
        self.grid_shape = (width, label_columns)
        return slots

    def _path_key(self, path):
        """The column a stack of header texts (top to bottom) names, or None."""
        norms = [spec.normalise(t) for t in path if t]
        leaf = next(
            (k for k in (spec.match_column(self.table, n) for n in reversed(norms)) if k), None
        )
        if self.table != "4" or leaf is None:
            return leaf
        groups = {spec.match_column_group("4", n) for n in norms}
        for group in ("litigation_after_review", "litigation_direct", "review"):
            if group in groups:
                return f"{group}_{leaf}"
        return None

    def _slots_for(self, row, say=True):
        """The columns a row's numbers belong to: the header above it, if it is this row's header.

        Table 二 is four small tables; a row under a header that names none of
        its columns (the sub-table's header was left out) gets its template
        columns instead.
        """
        if self.layout and self.table == "2":
            own = {
                c.key
                for f in (self.format, _other_format(self.format))
                for c in spec.columns("2", f, row)
            }
            if not own & {slot.key for slot in self.layout}:
                if say:
                    self.warn(
                        f"no header above row '{self._wording(row)}'; its template columns are assumed"
                    )
                return self._template_slots(row)
        if self.layout:
            return self.layout
        return self._default_layout(row) if say else self._template_slots(row)

    def _default_layout(self, row):
        """Template order when no header was read (said once in a warning)."""
        self.warn("no header recognised; the template's column order is assumed", "nolayout")
        return self._template_slots(row)

    def _template_slots(self, row):
        """The template's columns (of `row` for table 二) as slots."""
        if self.table == "2":
            items = spec.columns("2", self.format, row) or spec.columns(
                "2", _other_format(self.format), row
            )
        else:
            items = spec.columns(self.table, self.format)
        return [Slot(c.key, c.wording_for(self.format)) for c in items]

    def layout_name(self, row):
        """Which layout gives `row` its columns: grid, flat, template or template_for_row (see the module doc)."""
        if self.layout and self.table == "2":
            own = {
                c.key
                for f in (self.format, _other_format(self.format))
                for c in spec.columns("2", f, row)
            }
            if not own & {slot.key for slot in self.layout}:
                return "template_for_row"
        if self.layout:
            return "grid" if self.grid_shape else "flat"
        return "template"


def _flat_layout_2(header):
    """Table 二 sub-table header: its columns in the order written."""
    slots = []
    for kind, key, piece in header:
        if kind == "column":
            slots.append(Slot(key, piece.text))
        elif kind == "unknown" and slots:
            slots.append(Slot(None, piece.text))
    return slots or None


def _flat_layout_3(header):
    """Table 三 header read row by row, or "template" when its order cannot be told.

    Sub-columns (商业企业 …) written between 自然人 and 总计 are in order as
    written. Sub-columns written after both (`自然人 法人或其他组织 总计` then
    `商业企业 … 其他`) go where 法人或其他组织 stands, which must be between
    them; if it is not (it stands on a line of its own above), the order
    cannot be told from the text.
    """
    items, seen = [], set()
    for kind, key, piece in header:
        if kind == "column" and key not in seen:
            seen.add(key)
            items.append(Slot(key, piece.text))
        elif kind == "colgroup" and "GROUP" not in items:
            items.append("GROUP")
        elif kind == "unknown" and items:
            items.append(Slot(None, piece.text))
    written = [s for s in items if s != "GROUP"]
    if "GROUP" not in items:
        return written or None

    def is_sub(s):
        return s != "GROUP" and s.key and spec.column_item("3", s.key).group == "legal_entity"

    subs = [i for i, s in enumerate(items) if is_sub(s)]
    outer = [i for i, s in enumerate(items) if s != "GROUP" and s.key and not is_sub(s)]
    if not subs or not outer or min(subs) < max(outer):
        return written
    at = items.index("GROUP")
    if not any(i < at for i in outer) or not any(at < i < subs[0] for i in outer):
        return "template"
    first = subs[0]
    return items[:at] + items[first:] + items[at + 1 : first]


def _flat_layout_4(header):
    """Table 四 header: three runs of 结果维持…总计 are 行政复议, 未经复议直接起诉, 复议后起诉."""
    runs, run = [], []
    for kind, key, piece in header:
        if kind == "column":
            if any(s.key == key for s in run):
                runs.append(run)
                run = []
            run.append(Slot(key, piece.text))
        elif kind == "unknown" and run:
            run.append(Slot(None, piece.text))
        elif kind in ("colgroup", "corner") and run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    if len(runs) != len(spec.TABLE4_LEAF_GROUPS):
        return None
    return [
        Slot(f"{group}_{slot.key}" if slot.key else None, slot.text)
        for group, run in zip(spec.TABLE4_LEAF_GROUPS, runs)
        for slot in run
    ]


def _other_format(report_format):
    """The other template format."""
    return spec.FORMAT_2019 if report_format == spec.FORMAT_2021 else spec.FORMAT_2021
