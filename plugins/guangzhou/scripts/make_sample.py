"""Write tasks.yaml: SYNTHETIC progress reports on the action plan's 23 tasks for the demo (policyhub serve --demo).

    python plugins/guangzhou/scripts/make_sample.py

The tasks and their lead units are read from the round; the statuses are made up (a fixed seed, so the file
only changes when the round does). Not real records.
"""
from __future__ import annotations

import random
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parents[1] / "policyhub_guangzhou" / "sample"
ROUND = HERE.parent / "policies" / "rounds" / "guangzhou-ip-service-action-plan-2016-2018.yaml"
YEARS = (2016, 2017, 2018)
# how a task moves over the plan's years (one path per task, chosen at random)
PATHS = [("in_progress", "in_progress", "completed"), ("in_progress", "completed", "completed"),
         ("not_started", "in_progress", "completed"), ("in_progress", "delayed", "in_progress"),
         ("in_progress", "in_progress", "delayed"), ("not_started", "delayed", "in_progress")]
NOTES = {"completed": "已按计划完成（示例）", "in_progress": "按计划推进（示例）",
         "delayed": "进度滞后，已督办（示例）", "not_started": "尚未启动（示例）"}


def main() -> None:
    rnd = yaml.safe_load(ROUND.read_text(encoding="utf-8"))
    rng = random.Random(2016)
    lines = ["# SYNTHETIC SAMPLE DATA for `policyhub serve --demo` only (policyhub/sample_data.py), written by",
             "# plugins/guangzhou/scripts/make_sample.py: made-up yearly progress on the plan's tasks.",
             "# Not real records; never loaded outside demo mode.",
             "registry: guangzhou-tasks", 'jurisdiction: "440100"', "entries:"]
    for task in rnd["tasks"]:
        n, units = task["number"], list(dict.fromkeys(lead["unit"]["zh"] for lead in task["leads"]))
        lines += [f'  - name: "{n}. {task["label"]["zh"]}"', f"    natural_key: task:{n}",
                  f"    data: {{task: {n}}}", "    events:"]
        for unit in units:
            path = rng.choice(PATHS)
            for year, status in zip(YEARS, path):
                data = f"{{year: {year}, status: {status}" + (f", unit: {unit}}}" if len(units) > 1 else "}")
                lines.append(f"      - {{date: {year}-12-{rng.randint(10, 28)}, event: progress, data: {data}, "
                             f"note: {NOTES[status]}}}")
    (HERE / "tasks.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
