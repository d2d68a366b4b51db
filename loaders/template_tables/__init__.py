"""Template tables 二, 三 and 四: cells, regions, layout detection, row matching, line feeding and row storing (read by loaders.tables)."""
