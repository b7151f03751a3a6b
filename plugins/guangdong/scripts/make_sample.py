"""Write institutions.yaml: SYNTHETIC institutions, network points, trademark windows and thematic patent databases
for the demo (policyhub serve --demo), spread over Guangdong's divisions so that the coverage report shows partial
progress towards each target.

    python plugins/guangdong/scripts/make_sample.py

Divisions come from the regions file; names, dates and shares are made up (a fixed seed). Not real records.
The public directory's fields (address, phone, services, published or draft) are made up too; each entry is kept
by the jurisdiction `homes.home_of` names for its region among the installed plugins' jurisdictions.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

from policyhub.hub import Hub
from policyhub_guangdong.importer import natural_key, spec_of

HERE = Path(__file__).resolve().parents[1] / "policyhub_guangdong" / "sample"
REGIONS = HERE.parent / "policies" / "regions" / "guangdong-divisions.yaml"
SOURCE = "（示例）合成数据，非真实公告"
# share of divisions with a record of each kind (made up: below most targets, above some)
SHARES = {"prefecture_comprehensive": 0.86, "county_comprehensive": 0.38, "trademark": 0.9}
COUNTS = {"network_point_national": 22, "network_point_provincial": 17, "thematic_patent_db": 64}
# made-up services per kind (keys of the round's `services` choices), and the share of entries still drafts
SERVICES = {"comprehensive": ["info_search", "consultation", "publicity_training", "strategy_consulting",
                              "industry_planning", "risk_warning", "rights_assistance"],
            "network_point_national": ["info_search", "publicity_training", "navigation_analysis", "risk_warning",
                                       "transfer_use"],
            "network_point_provincial": ["info_search", "publicity_training", "navigation_analysis", "transfer_use"],
            "trademark_window": ["trademark_filing", "policy_publicity", "consultation", "info_search"],
            "trademark_station": ["trademark_filing", "consultation", "info_search"]}
DRAFTS = 0.1


def _date(rng: random.Random) -> str:
    return (dt.date(2022, 1, 10) + dt.timedelta(days=rng.randint(0, 1400))).isoformat()


def main() -> None:
    regions = yaml.safe_load(REGIONS.read_text(encoding="utf-8"))["regions"]
    prefectures = [r for r in regions if r["level"] == "prefecture"]
    counties = [r for r in regions if r["level"] == "county"]
    names = {r["code"]: r["name"]["zh"] for r in regions}
    parents = {r["code"]: r.get("parent") for r in regions}
    spec = spec_of(Hub.from_plugins().policyset)
    rng = random.Random(2023)
    extra = random.Random(624)           # the directory's fields: their own seed, the records stay as they were
    rows = []

    def add(name, kind, level, region, note=None):
        rec = {"name": f"（示例）{name}", "kind": kind, "level": level, "region": region, "established": _date(rng),
               "source": SOURCE}
        if note:
            rec["note"] = note
        if kind in SERVICES:
            city = names.get(parents.get(region) or "", "") if parents.get(region) != "440000" else ""
            rec["address"] = f"（示例）{city}{names[region]}示例路{len(rows) + 1}号"
            rec["phone"] = f"0000-{len(rows) + 1:08d}"
            pool = SERVICES[kind]
            rec["services"] = [s for s in pool if s in extra.sample(pool, extra.randint(2, len(pool)))]
            rec["public"] = extra.random() >= DRAFTS
        rows.append(rec)

    for r in rng.sample(prefectures, round(len(prefectures) * SHARES["prefecture_comprehensive"])):
        add(f"{r['name']['zh']}知识产权公共服务中心", "comprehensive", "prefecture", r["code"])
    for r in rng.sample(counties, round(len(counties) * SHARES["county_comprehensive"])):
        add(f"{r['name']['zh']}知识产权公共服务站", "comprehensive", "county", r["code"])
    for r in rng.sample(prefectures, round(len(prefectures) * SHARES["trademark"])):
        kind = rng.choice(["trademark_window", "trademark_station"])
        add(f"{r['name']['zh']}商标业务{'受理窗口' if kind == 'trademark_window' else '服务工作站'}", kind,
            "prefecture", r["code"])
    for kind, n in COUNTS.items():
        level = "national" if kind == "network_point_national" else "provincial"
        for i in range(1, n + 1):
            r = rng.choice(prefectures)
            what = {"network_point_national": "国家级知识产权信息公共服务网点",
                    "network_point_provincial": "省级知识产权信息公共服务网点",
                    "thematic_patent_db": "专题专利数据库"}[kind]
            add(f"{r['name']['zh']}{what}{i}", kind, level, r["code"])

    lines = ["# SYNTHETIC SAMPLE DATA for `policyhub serve --demo` only (policyhub/sample_data.py), written by",
             "# plugins/guangdong/scripts/make_sample.py: made-up records spread over the divisions.",
             "# Not real records; never loaded outside demo mode.",
             "registry: guangdong-institutions", 'jurisdiction: "440000"', "entries:"]
    for rec in rows:
        data = yaml.safe_dump(rec, allow_unicode=True, default_flow_style=True, width=10_000).strip()
        lines += [f"  - name: {rec['name']}", f"    natural_key: {natural_key(rec)}"]
        home = spec.home(rec["region"])
        if home != "440000":
            lines.append(f'    jurisdiction: "{home}"')
        lines.append(f"    data: {data}")
    (HERE / "institutions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
