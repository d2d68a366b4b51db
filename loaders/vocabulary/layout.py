"""Layout marks: what a page, a PDF extraction or a converted web page leaves in the text besides the words."""
import re

# A page number left by PDF extraction: `第 8 页`, `- 8 -`, `8/12`.
PAGE_NUMBER_LINE = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-－—]\s*\d+\s*[-－—]|\d+\s*/\s*\d+)$")
