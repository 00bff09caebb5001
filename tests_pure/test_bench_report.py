"""The benchmark's report: ratios to bare helpdesk_mgmt against the targets,
and query counts that must not grow with the number of tickets."""

import json

from bench.report import judge, render_markdown, write_report


def measurement(ms, queries, **facts):
    return dict(facts, median_ms=ms, queries=queries)


def run_result(size, form_agent_ms, form_agent_queries, **revo_measurements):
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
                    **revo_measurements,
                },
            },
        },
    }


def report(*results):
    data = judge(list(results), command="scripts/bench", runs=5, machine="")
    return data, render_markdown(data)


def row(data, size, measurement_name):
    return next(
        row
        for row in data["comparisons"]
        if row["size"] == size and row["measurement"] == measurement_name
    )


def test_ratios_are_judged_against_their_targets():
    data, md = report(run_result(1000, 11.0, 8), run_result(10000, 12.0, 8))
    within, over = row(data, 1000, "form_agent"), row(data, 10000, "form_agent")
    assert (within["ratio"], within["result"]) == (1.1, "PASS")
    assert (over["ratio"], over["result"]) == (1.2, "FAIL")
    assert "| form open, CX agent |" in md


def test_query_counts_must_not_grow_with_the_tickets():
    data, _md = report(run_result(1000, 10.0, 8), run_result(10000, 10.0, 9))
    growth = {g["measurement"]: g for g in data["query_growth"]}
    assert growth["form_agent"]["result"] == "FAIL"
    data, _md = report(run_result(1000, 10.0, 8), run_result(10000, 10.0, 8))
    growth = {g["measurement"]: g for g in data["query_growth"]}
    assert growth["form_agent"]["result"] == "PASS"


def test_a_missing_measurement_gets_no_verdict():
    data, md = report(run_result(1000, 11.0, 8))
    assert row(data, 1000, "form_reseller")["result"] == "n/a"
    assert "| form open, reseller | 10.0 ms (10 q) | - | - | <= 1.15x | n/a |" in md
    growth = {g["measurement"]: g for g in data["query_growth"]}
    assert growth["form_agent"]["result"] == "n/a"  # one size: nothing to compare


def test_the_reminder_scan_is_judged_at_100000_tickets():
    data, md = report(
        run_result(1000, 10.0, 8, reminder_none=measurement(5000.0, 1)),
        run_result(100000, 10.0, 8, reminder_none=measurement(999.0, 1)),
    )
    assert row(data, 1000, "reminder_none")["result"] == "n/a"
    assert row(data, 100000, "reminder_none")["result"] == "PASS"
    assert "| reminder_none | 1 | 1 | constant from 10,000 to 100,000 | n/a |" in md
    data, _md = report(run_result(100000, 10.0, 8, reminder_none=measurement(1000, 1)))
    assert row(data, 100000, "reminder_none")["result"] == "FAIL"


def test_the_due_reminders_are_shown_per_ticket():
    due = measurement(3000.0, 300, due=1000)
    _data, md = report(run_result(1000, 10.0, 8, reminder_due=due))
    assert (
        "| reminder scan, 1000 due | - | 3000.0 ms (300 q) = 3.0 ms, 0.3 q /ticket |"
        in md
    )


def test_the_report_files_hold_the_judged_results(tmp_path):
    results = [run_result(10000, 12.0, 8), run_result(1000, 11.0, 8)]
    paths = []
    for result in results:
        paths.append(tmp_path / f"run_{result['size']}.json")
        paths[-1].write_text(json.dumps(result))
    md_path, json_path = tmp_path / "report.md", tmp_path / "report.json"
    md = write_report(paths, md_path, json_path, "scripts/bench", 5, "a machine")
    data = json.loads(json_path.read_text())
    assert data["sizes"] == [1000, 10000]
    assert [r["size"] for r in data["raw"]] == [1000, 10000]
    assert row(data, 10000, "form_agent")["result"] == "FAIL"
    assert md_path.read_text() == md
    assert md.startswith("# revo_helpdesk performance benchmark\n")
    assert (
        "Produced by `scripts/bench` on a machine. Each time is the median of 5" in md
    )


def test_the_report_keeps_the_load_section(tmp_path):
    path = tmp_path / "1000.json"
    path.write_text(json.dumps(run_result(1000, 10.0, 8)))
    md_path = tmp_path / "report.md"
    section = "<!-- load benchmark -->\n## Under load\n<!-- /load benchmark -->\n"
    md_path.write_text("# old report\n\n" + section)
    md = write_report([path], md_path, tmp_path / "r.json", "scripts/bench", 5, "")
    assert md_path.read_text() == md + "\n" + section
