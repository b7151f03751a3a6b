"""Write institutions.yaml: SYNTHETIC institutions, network points, trademark windows and thematic patent databases
for the demo (policyhub serve --demo), spread over Guangdong's divisions so that the coverage report shows partial
progress towards each target.

    python plugins/guangdong/scripts/make_sample.py

Divisions come from the regions file; names, dates and shares are made up (a fixed seed). Not real records.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

from policyhub_guangdong.importer import natural_key

HERE = Path(__file__).resolve().parents[1] / "policyhub_guangdong" / "sample"
REGIONS = HERE.parent / "policies" / "regions" / "guangdong-divisions.yaml"
SOURCE = "（示例）合成数据，非真实公告"
# share of divisions with a record of each kind (made up: below most targets, above some)
SHARES = {"prefecture_comprehensive": 0.86, "county_comprehensive": 0.38, "trademark": 0.9}
COUNTS = {"network_point_national": 22, "network_point_provincial": 17, "thematic_patent_db": 64}


def _date(rng: random.Random) -> str:
    return (dt.date(2022, 1, 10) + dt.timedelta(days=rng.randint(0, 1400))).isoformat()


def main() -> None:
    regions = yaml.safe_load(REGIONS.read_text(encoding="utf-8"))["regions"]
    prefectures = [r for r in regions if r["level"] == "prefecture"]
    counties = [r for r in regions if r["level"] == "county"]
    rng = random.Random(2023)
    rows = []

    def add(name, kind, level, region, note=None):
        rec = {"name": f"（示例）{name}", "kind": kind, "level": level, "region": region, "established": _date(rng),
               "source": SOURCE}
        if note:
            rec["note"] = note
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
        lines += [f"  - name: {rec['name']}", f"    natural_key: {natural_key(rec)}", f"    data: {data}"]
    (HERE / "institutions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
