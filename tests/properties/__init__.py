"""Property tests (hypothesis): parsers and filters given arbitrary input.

Each test has a small default number of examples, so that `make test` stays quick;
HYPOTHESIS_EXAMPLES=n runs n examples in every one of them (`make fuzz` runs 1000), and
HYPOTHESIS_SCALE=f runs that fraction of each default, at least two (`make check`, the edit loop,
runs a quarter: every property is still tried, on fewer draws).
"""

import os

from hypothesis import HealthCheck, settings


def examples(default):
    """The hypothesis settings for a test that runs `default` examples unless told otherwise."""
    count = os.environ.get("HYPOTHESIS_EXAMPLES")
    if count is None:
        count = max(2, round(default * float(os.environ.get("HYPOTHESIS_SCALE", "1"))))
    return settings(
        max_examples=int(count),
        deadline=None,
        # The database fixtures are function-scoped: every example reads the same seeded rows,
        # and anything an example writes is rolled back inside it.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
