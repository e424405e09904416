"""Print the slowest test modules of a pytest --junitxml report: the seconds of their tests (module fixtures
included) summed per module. A module near the top that is not in tests/conftest.py SLOW_MODULES belongs there.

    python .ci/slowest_modules.py var/junit-sqlite.xml [how many]
"""

import sys
import xml.etree.ElementTree as ET
from collections import Counter


def main(path: str, most: int = 12) -> None:
    seconds, tests = Counter(), Counter()
    for case in ET.parse(path).iter("testcase"):  # noqa: S314 - our own test report
        parts = case.get("classname", "").split(".")
        module = "/".join(p for p in parts if not p[:1].isupper()) + ".py"  # drop a test class's name
        seconds[module] += float(case.get("time") or 0)
        tests[module] += 1
    print(f"{path}: {sum(tests.values())} tests, {sum(seconds.values()):.0f} s in all")
    for module, s in seconds.most_common(most):
        print(f"{s:8.1f} s {tests[module]:5d} tests  {module}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12)
