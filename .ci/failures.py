"""Print the failed tests of a JUnit XML report, one line each, with hypothesis's reproduction."""

import re
import sys
import xml.etree.ElementTree as ET

REPRODUCE = re.compile(r"(@reproduce_failure\([^)]*\)|You can reproduce this example .*|seed=\d+)")


def main(path, label):
    try:
        tree = ET.parse(path)
    except (OSError, ET.ParseError) as error:
        print(f"{label}: no test report ({error})")
        return
    failed = []
    for case in tree.iter("testcase"):
        for problem in [*case.findall("failure"), *case.findall("error")]:
            name = f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name')}"
            message = (problem.get("message") or "").strip().splitlines()
            text = problem.text or ""
            failed.append((name, message[0][:160] if message else "", REPRODUCE.findall(text)))
    print(f"{label}: {len(failed)} failed" if failed else f"{label}: every test passed")
    for name, message, reproduce in failed:
        print(f"  FAILED {name}" + (f" — {message}" if message else ""))
        for line in dict.fromkeys(reproduce):
            print(f"    reproduce with: {line}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
