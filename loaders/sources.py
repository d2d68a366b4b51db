"""Which source a document comes from: its identity in the store.

File names are not identities: scraped collections are full of `index.html`
and `t20220315_123.html`, and two different reports with the same name must
never replace each other. A document's source is, in this order:

1. the original URL the page itself names: a `原文链接：…` / `原文地址：…` line
   (portal archives and saved copies write one) or a `<link rel="canonical">`;
   a URL naming only a site (no path) is not an identity and is ignored;
2. else its path: for a file met inside a folder given on the command line,
   that folder's name and the path below it (`seeds/a.txt`, whatever the
   folder's parent or the current directory), so `load 2022/` and
   `load 2023/` keep their `index.html` apart; for a file given by itself,
   the path as given.

The same bytes from two sources are one report that records both; other bytes
from a known source replace the report of that source only.
"""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

# Labels that introduce the original address of a copied page (vocabulary as data).
URL_LABELS = ("原文链接", "原文地址", "原文网址", "原文网址链接", "来源链接", "信息来源链接")
_LABELLED_URL = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, URL_LABELS), key=len, reverse=True)) + ")"
    r"[ \t\u3000]*[:：]?[ \t\u3000]*(https?://[^\s<>\"'，。；）)]{1,2000})"
)
_CANONICAL = re.compile(r"<link\b[^>]{0,500}?\brel\s*=\s*[\"']?canonical[\"']?[^>]{0,500}?>", re.I)
_HREF = re.compile(r"\bhref\s*=\s*[\"']?(https?://[^\s\"'<>]{1,2000})", re.I)
URL_SEARCH_CHARS = 20000
"""Only the start and the end of a document are searched for its address."""


def _identity_url(url):
    """The URL without its fragment, or None when it names no page (only a site)."""
    url = url.strip().rstrip(".,;")
    parts = urlsplit(url)
    if not parts.netloc or parts.path in ("", "/") and not parts.query:
        return None
    return parts._replace(fragment="").geturl()


def original_url(text):
    """The original URL a document names for itself (原文链接 or a canonical link), or None."""
    if not text:
        return None
    ends = text[:URL_SEARCH_CHARS] + "\n" + text[-URL_SEARCH_CHARS:]
    for match in _LABELLED_URL.finditer(ends):
        url = _identity_url(match.group(1))
        if url:
            return url
    for match in _CANONICAL.finditer(ends):
        href = _HREF.search(match.group(0))
        url = _identity_url(href.group(1)) if href else None
        if url:
            return url
    return None


def path_source(path, folder=None):
    """A file's source path: `<folder name>/<path below it>`, or the path as given (POSIX)."""
    path = Path(path)
    if folder is not None:
        folder = Path(folder)
        name = folder.resolve().name or folder.name
        return str(PurePosixPath(name, *path.relative_to(folder).parts))
    return path.as_posix()
