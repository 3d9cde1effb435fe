"""The in-process memo: made once per key, and emptied, every one of them, between tests."""

from crimeplan.core.memo import Memo, clear_all


def test_a_value_is_made_once_per_key_and_the_oldest_ages_out() -> None:
    memo: Memo[int] = Memo(size=2)
    made: list[str] = []

    def make(key: str) -> int:
        made.append(key)
        return len(made)

    assert memo.get_or_make("a", lambda: make("a")) == 1
    assert memo.get_or_make("a", lambda: make("a")) == 1
    memo.get_or_make("b", lambda: make("b"))
    memo.get_or_make("c", lambda: make("c"))  # "a" is the oldest: it goes
    assert memo.get_or_make("a", lambda: make("a")) == 4
    assert made == ["a", "b", "c", "a"]


def test_clear_all_empties_every_memo() -> None:
    first: Memo[str] = Memo()
    second: Memo[str] = Memo()
    first.get_or_make(1, lambda: "table of the last test")
    second.get_or_make(1, lambda: "analysis of the last test")
    clear_all()
    # The same key (a primary key SQLite gives again after a rollback) is made afresh.
    assert first.get_or_make(1, lambda: "this test's table") == "this test's table"
    assert second.get_or_make(1, lambda: "this test's analysis") == "this test's analysis"
