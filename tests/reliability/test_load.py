"""The short form of the load test (the long form runs with the benchmarks)."""

import pytest

from tests.reliability.loadtest import load_test


@pytest.mark.e2e
def test_twenty_concurrent_readers_see_no_errors_and_only_their_own_filters(capsys):
    report = load_test(sessions=20, seconds=25)
    summary = report.summary()
    with capsys.disabled():
        print("\nload test (short form):", summary)
    assert report.errors == []
    assert report.leaks == []
    assert report.actions >= 20  # every session got through at least one page switch
