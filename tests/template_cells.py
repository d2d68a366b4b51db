"""Shared by the template-table tests: hand-written reports as cell ids, parsed cells by id."""

# Table 三's columns in the template's order, as the hand-written reports list their values.
COLUMNS3 = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
            "legal_service_org", "other_org", "total"]


def cells_of(doc):
    """{"table/row/column": metric} of a parsed document's table cells."""
    return {f"{m.table}/{m.row}/{m.column}": m for m in doc.metrics if m.table}


def hand_written_cells(data):
    """{"table/row/column": value as written} of a hand-written report (expected/report_*.json)."""
    cells = {}
    for row, columns in data["table2"].items():
        cells.update({f"2/{row}/{c}": v for c, v in columns.items()})
    for row, values in data["table3"].items():
        cells.update({f"3/{row}/{c}": v for c, v in zip(COLUMNS3, values)})
    for group, results in data["table4"].items():
        cells.update({f"4/cases/{group}_{r}": v for r, v in results.items()})
    return cells
