"""The load benchmark's report: throughput and p95 against bare helpdesk_mgmt,
server errors and the integrity of what was written."""

from bench.load_report import (
    BEGIN,
    END,
    judge_load,
    load_section,
    percentile,
    render_load,
    splice_section,
)

CLEAN = {
    "writes_accepted": 10,
    "lost": [],
    "doubled": [],
    "ghosts": [],
    "moves_lost": 0,
    "moves_doubled": 0,
    "chain_breaks": [],
}


def flavour(samples, errors=0, retries=0, **integrity):
    return {
        "samples": samples,
        "server": {
            "errors": errors,
            "serialization_retries": retries,
            "retries_exhausted": 0,
        },
        "integrity": dict(CLEAN, **integrity),
    }


def result(bare, revo, duration=10):
    return {
        "size": 1000,
        "duration_s": duration,
        "people_per_role": 4,
        "workers": 3,
        "cron_workers": 1,
        "flavours": {"bare": bare, "revo": revo},
    }


def samples(name, times, outcome="ok"):
    return [[name, ms, outcome] for ms in times]


def check(report, name):
    return next(c for c in report["checks"] if c["check"] == name)


def judge(bare, revo, duration=10):
    return judge_load(result(bare, revo, duration), "2 cores", "scripts/bench --load")


def test_percentile_is_nearest_rank():
    assert percentile([], 0.95) is None
    assert percentile([5], 0.95) == 5
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile(list(range(1, 101)), 0.5) == 50


def test_throughput_and_p95_are_judged_against_bare():
    bare = flavour(samples("form", [10] * 100))
    report = judge(bare, flavour(samples("form", [11] * 95)))
    assert check(report, "throughput")["ratio"] == 0.95
    assert check(report, "throughput")["result"] == "PASS"
    assert check(report, "p95 form")["ratio"] == 1.1
    assert check(report, "p95 form")["result"] == "PASS"
    report = judge(bare, flavour(samples("form", [13] * 80)))
    assert check(report, "throughput")["result"] == "FAIL"
    assert check(report, "p95 form")["result"] == "FAIL"
    assert not report["passed"]


def test_refusals_count_as_answered_errors_do_not():
    revo = flavour(
        samples("move", [10] * 8)
        + samples("move", [10] * 2, "refused")
        + samples("move", [99999], "error")
    )
    report = judge(flavour(samples("move", [10] * 10)), revo)
    move = report["flavours"]["revo"]["operations"]["move"]
    assert (move["ok"], move["refused"], move["errors"]) == (8, 2, 1)
    assert move["p95_ms"] == 10  # the failed request is not timed
    assert check(report, "throughput")["ratio"] == 1.0
    assert check(report, "server errors")["revo"] == 1
    assert check(report, "server errors")["result"] == "FAIL"


def test_errors_in_the_server_log_are_server_errors():
    report = judge(flavour(samples("form", [10])), flavour(samples("form", [10]), 2))
    assert check(report, "server errors")["result"] == "FAIL"


def test_a_failed_scheduled_job_run_is_information():
    revo = flavour(samples("form", [10]))
    revo["server"]["cron_failures"] = 1
    report = judge(flavour(samples("form", [10])), revo)
    job = check(report, "scheduled job runs failed (run again later)")
    assert (job["bare"], job["revo"], job["result"]) == (0, 1, "info")
    assert report["passed"]


def test_a_lost_doubled_or_unchained_write_fails():
    bare = flavour(samples("note", [10]))
    assert judge(bare, flavour(samples("note", [10])))["passed"]
    for broken in (
        {"lost": ["bench-load-note-1-1"]},
        {"doubled": ["bench-load-note-1-2"]},
        {"ghosts": ["bench-load-note-1-3"]},
        {"moves_lost": 1},
        {"moves_doubled": 1},
        {"chain_breaks": [42]},
    ):
        report = judge(bare, flavour(samples("note", [10]), **broken))
        assert not report["passed"], broken


def test_an_operation_bare_lacks_gets_no_verdict():
    report = judge(flavour(samples("form", [10])), flavour(samples("similar", [10])))
    assert check(report, "p95 similar")["result"] == "n/a"


def test_the_section_replaces_the_previous_one():
    report = judge(flavour(samples("form", [10])), flavour(samples("form", [10])))
    section = render_load(report)
    assert section.startswith(BEGIN) and section.rstrip().endswith(END)
    assert "| p95 form | 10 | 10 | 1 | <= 1.2x bare | PASS |" in section
    once = splice_section("# Report\n\nsizes\n", section)
    assert once == "# Report\n\nsizes\n\n" + section
    twice = splice_section(once, section.replace("PASS", "FAIL"))
    assert twice.count(BEGIN) == 1 and "PASS" not in twice
    assert load_section(once) == section
    assert load_section("# Report\n") == ""
