"""What changed between two published versions of the report, section by section."""

from crimeplan.delivery.versions import read_sections, what_changed

PREVIOUS = """
<h1>Plan update</h1>
<nav><h2 id="contents">Contents</h2><ol><li><a href="#p1">Priority 1</a></li></ol></nav>
<h2 id="priority-p1">Priority 1: accessible and responsive policing</h2>
<h3 id="priority-p1-done">What we've done</h3>
<ul><li>Opened the new control room</li><li>Recruited 164 officers</li>
<li>Ran a survey</li></ul>
<h3 id="priority-p1-next">What is next</h3>
<ul><li>Publish the survey</li></ul>
<h2 id="performance">Performance</h2>
<table><caption>Crime</caption>
<tr><th>Measure</th><th>Count</th><th>Change</th></tr>
<tr><th>Burglary</th><td>1,200</td><td>-5%</td></tr>
<tr><th>Robbery</th><td>300</td><td>+2%</td></tr></table>
<table><caption>ASB</caption><tr><th>Measure</th><th>Count</th></tr>
<tr><th>Incidents</th><td>9,000</td></tr></table>
<h2 id="funding">Funding secured</h2><p>We won two bids.</p>
"""

CURRENT = """
<h1>Plan update</h1>
<nav><h2 id="contents">Contents</h2><ol><li><a href="#p1">Priority 1</a></li>
<li><a href="#p2">Priority 2</a></li></ol></nav>
<h2 id="priority-p1">Priority 1: accessible, responsive policing</h2>
<h3 id="priority-p1-done">What we've done</h3>
<ul><li>Opened the new control room</li><li>Recruited 174 officers</li>
<li>Ran a survey</li><li>Launched the app</li>
<li>Trained every call handler in the new triage model, over six months, with partners
from the county council, the fire service and three charities</li></ul>
<h3 id="priority-p1-next">What is next</h3>
<ul><li>Publish the survey</li></ul>
<h2 id="priority-p2">Priority 2: tackling violence against women and girls</h2>
<ul><li>Funded two advisers</li><li>Opened a refuge</li></ul>
<h2 id="performance">Performance</h2>
<table><caption>Crime</caption>
<tr><th>Measure</th><th>Count</th><th>Change</th></tr>
<tr><th>Burglary</th><td>1,150</td><td>-9%</td></tr>
<tr><th>Shoplifting</th><td>2,000</td><td>+20%</td></tr></table>
<table><caption>CSEW</caption><tr><th>Measure</th><th>%</th></tr></table>
"""


def test_sections_follow_h2_and_h3_and_leave_out_the_contents() -> None:
    sections = read_sections(CURRENT)
    assert [s.key for s in sections] == [
        "priority-p1", "priority-p1-done", "priority-p1-next", "priority-p2", "performance",
    ]  # fmt: skip
    assert sections[0].title == "Priority 1: accessible, responsive policing"
    assert sections[1].items[1] == "Recruited 174 officers"
    assert sections[4].tables[0].rows[1] == ("Burglary", "1,150", "-9%")


DONE = "'What we've done' under 'Priority 1: accessible, responsive policing'"


def test_what_changed_section_by_section() -> None:
    assert what_changed(PREVIOUS, CURRENT) == [
        "Section 'Priority 1: accessible and responsive policing' is now called "
        "'Priority 1: accessible, responsive policing'.",
        f"Section {DONE}: 3 items added, 1 removed.",
        f"Section {DONE}: added 'Recruited 174 officers'.",
        f"Section {DONE}: added 'Launched the app'.",
        f"Section {DONE}: added 'Trained every call handler in the new triage model, "
        "over six months, with…'.",
        f"Section {DONE}: removed 'Recruited 164 officers'.",
        "New section 'Priority 2: tackling violence against women and girls' with 2 items.",
        "Section 'Performance': table 'Crime' figures changed (2 cells), 1 row added "
        "(Shoplifting), 1 row removed (Robbery).",
        "Section 'Performance': new table 'CSEW'.",
        "Section 'Performance': table 'ASB' removed.",
        "Section removed: 'Funding secured'.",
    ]


def test_the_same_report_has_no_changes() -> None:
    assert what_changed(PREVIOUS, PREVIOUS) == []


def test_headings_without_ids_match_by_text_and_prose_changes_are_noted() -> None:
    before = "<p>Opening words.</p><h2>Foreword</h2><p>We have done a lot.</p><ul><li>A</li></ul>"
    after = "<p>Opening words.</p><h2>Foreword</h2><p>We have done more.</p>"
    assert what_changed(before, after) == [
        "Section 'Foreword': 1 item removed.",
        "Section 'Foreword': removed 'A'.",
        "Section 'Foreword': text changed.",
    ]
    assert what_changed("<p>Old opening.</p>", "<p>New opening.</p>") == [
        "Section 'the opening': text changed."
    ]


def test_headings_repeated_under_each_priority_are_told_apart() -> None:
    def report(first: str, second: str) -> str:
        return (
            f"<h2>Safer communities</h2><h3>What we've done</h3><ul>{first}</ul>"
            f"<h2>Victims</h2><h3>What we've done</h3><ul>{second}</ul>"
            "<h3>What we've done</h3><ul><li>Again</li></ul>"
        )

    before = report("<li>Patrols</li>", "<li>Hub</li>")
    assert what_changed(before, before) == []
    assert what_changed(before, report("<li>Patrols</li>", "<li>Hub</li><li>Panel</li>")) == [
        "Section 'What we've done' under 'Victims': 1 item added.",
        "Section 'What we've done' under 'Victims': added 'Panel'.",
    ]


def test_repeated_items_count_each_time() -> None:
    before = "<h2 id='a'>A</h2><ul><li>Same</li></ul>"
    after = "<h2 id='a'>A</h2><ul><li>Same</li><li>Same</li></ul>"
    assert what_changed(before, after) == [
        "Section 'A': 1 item added.",
        "Section 'A': added 'Same'.",
    ]


def test_rows_with_the_same_name_are_compared_in_turn() -> None:
    def table(first: str, second: str) -> str:
        return (
            "<h2 id='csew'>CSEW</h2><table><caption>Survey</caption>"
            f"<tr><th>Confidence</th><td>{first}</td></tr>"
            f"<tr><th>Confidence</th><td>{second}</td></tr></table>"
        )

    assert what_changed(table("70%", "71%"), table("70%", "71%")) == []
    assert what_changed(table("70%", "71%"), table("70%", "73%")) == [
        "Section 'CSEW': table 'Survey' figures changed (1 cell)."
    ]
