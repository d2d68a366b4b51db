"""Reading: a document's bytes to the text every offset points into."""
