"""Layout marks: what a page, a PDF extraction or a converted web page leaves in the text besides the words."""

import re

# A line that is only a page number, as PDF extraction leaves it: `- 8 -`, `—8—`, `第 8 页`,
# `第2页 共5页`, `8/12`, `page 8` (one pattern for the unwrapping, the metadata and the tables).
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[-\u2014\u2013\uff0d~]+\s*\d{1,4}\s*[-\u2014\u2013\uff0d~]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4})\s*$",
    re.I,
)
