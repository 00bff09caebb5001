"""The upgrade check's comparison: what counts as lost across an upgrade."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "lib" / "upgrade_data.py"
spec = importlib.util.spec_from_file_location("upgrade_data", SCRIPT)
upgrade_data = importlib.util.module_from_spec(spec)
spec.loader.exec_module(upgrade_data)


def snapshot(tickets=(1, 2), messages=(10, 11), reader_messages=(10,)):
    return {
        "records": {"helpdesk.ticket": list(tickets)},
        "tickets": {str(t): ["T", 1, 2, 3] for t in tickets},
        "messages": {str(m): [1, 5, "comment", "abc"] for m in messages},
        "readers": {
            "reseller1": {"tickets": list(tickets), "messages": list(reader_messages)}
        },
    }


def test_same_data_is_nothing_lost():
    assert upgrade_data.compare(snapshot(), snapshot()) == []


def test_a_lost_ticket_and_its_message_are_named():
    problems = upgrade_data.compare(snapshot(), snapshot(tickets=(1,), messages=(10,)))
    assert any("helpdesk.ticket: 1 record(s) lost" in p for p in problems)
    assert any(p.startswith("messages 11") for p in problems)


def test_what_a_user_reads_must_not_change_hands():
    problems = upgrade_data.compare(snapshot(), snapshot(reader_messages=(10, 11)))
    assert problems == ["reseller1 reads other messages: lost [], gained [11]"]


def test_a_changed_message_is_named():
    after = snapshot()
    after["messages"]["10"] = [1, 6, "comment", "abc"]
    assert upgrade_data.compare(snapshot(), after) == [
        "messages 10: [1, 5, 'comment', 'abc'] became [1, 6, 'comment', 'abc']"
    ]
