"""Word reports to text: paragraphs and tables in document order (python-docx).

A `.docx` body is a sequence of paragraphs and tables; both are read in the
order they stand (python-docx's `iter_inner_content`), a paragraph as one
line, a table as pipe rows the way `loaders.reading.html` writes an HTML table
(`loaders.reading.grid`): a merged cell's text in every position it covers.
Page headers and footers live in other parts of the package and are not
read. A legacy Word `.doc` or WPS `.wps` file (an OLE2 compound file) is a
named failure that says to convert it: no maintained pure-Python reader of
that format exists.
"""

import io
import zipfile

from loaders.reading.grid import join_cell_lines, pipe_rows

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"


class WordError(ValueError):
    """A Word document that cannot be read into a report's text (the message says why)."""


def is_docx(data):
    """A ZIP package holding a Word main document part."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def is_legacy_word(data):
    """An OLE2 compound file: Word 97-2003 .doc, WPS .wps (or another Office 97 file)."""
    return data.startswith(OLE2_MAGIC)


def _table_grid(table):
    grid = []
    for row in table.rows:
        # python-docx repeats a merged cell in each grid position it covers (same underlying <w:tc>).
        grid.append([(join_cell_lines(cell.text), id(cell._tc)) for cell in row.cells])
    return grid


def docx_to_text(data):
    """The stored text of a .docx's bytes; raises WordError with the reason."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, docx.table.Table):
                lines.extend(pipe_rows(_table_grid(block)))
            else:
                lines.append(block.text.replace("\r", "\n").replace("\v", "\n").rstrip())
    except Exception as exc:
        raise WordError(f"an unreadable Word document ({type(exc).__name__}: {exc})") from None
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise WordError("a Word document without text")
    return text + "\n"
