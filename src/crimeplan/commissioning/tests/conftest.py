"""Each test starts and ends with an empty cache, so the public forms' rate limits counted by
one test never refuse another test's requests (the permission matrix's among them)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()
