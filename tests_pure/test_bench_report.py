"""The benchmark's report: ratios to bare helpdesk_mgmt against the targets,
and query counts that must not grow with the number of tickets."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def measurement(ms, queries):
    return {"median_ms": ms, "queries": queries}


def run_result(size, form_agent_ms, form_agent_queries):
    return {
        "size": size,
        "flavours": {
            "bare": {
                "generation_s": 1.0,
                "measurements": {"form": measurement(10.0, 10)},
            },
            "revo": {
                "generation_s": 1.0,
                "measurements": {
                    "form_agent": measurement(form_agent_ms, form_agent_queries),
                },
            },
        },
    }


def report(tmp_path, *results):
    files = []
    for result in results:
        path = tmp_path / f"run_{result['size']}.json"
        path.write_text(json.dumps(result))
        files.append(str(path))
    out_md, out_json = tmp_path / "report.md", tmp_path / "report.json"
    subprocess.run(
        [sys.executable, "-m", "bench", "report", "--md", out_md, "--json", out_json]
        + files,
        check=True,
        cwd=REPO,
    )
    return json.loads(out_json.read_text()), out_md.read_text()


def row(data, size, measurement_name):
    return next(
        row
        for row in data["comparisons"]
        if row["size"] == size and row["measurement"] == measurement_name
    )


def test_ratios_are_judged_against_their_targets(tmp_path):
    data, md = report(tmp_path, run_result(1000, 11.0, 8), run_result(10000, 12.0, 8))
    within, over = row(data, 1000, "form_agent"), row(data, 10000, "form_agent")
    assert (within["ratio"], within["result"]) == (1.1, "PASS")
    assert (over["ratio"], over["result"]) == (1.2, "FAIL")
    assert "| form open, CX agent |" in md


def test_query_counts_must_not_grow_with_the_tickets(tmp_path):
    data, _md = report(tmp_path, run_result(1000, 10.0, 8), run_result(10000, 10.0, 9))
    growth = {g["measurement"]: g for g in data["query_growth"]}
    assert growth["form_agent"]["result"] == "FAIL"
    data, _md = report(tmp_path, run_result(1000, 10.0, 8), run_result(10000, 10.0, 8))
    growth = {g["measurement"]: g for g in data["query_growth"]}
    assert growth["form_agent"]["result"] == "PASS"
