"""Counts test cases in Bazel's test.xml files and prints 'N passed, N failed'.

Every runner writes JUnit XML: lit (--xunit-xml-output), gtest, and Bazel itself
for plain sh_tests, so a lit file or a gtest TEST is one case each.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET


def main(testlogs: str, targets: list) -> int:
    """Counts the cases of `targets` (Bazel labels) so stale logs never count.

    An argument `--extra=NAME=STATUS` counts a check run outside Bazel (the
    libFuzzer run) as one case, passed when STATUS is 0."""
    passed = failed = 0
    extras = [t for t in targets if t.startswith("--extra=")]
    targets = [t for t in targets if not t.startswith("--extra=")]
    for extra in extras:
        name, _, status = extra[len("--extra="):].rpartition("=")
        if status == "0":
            passed += 1
        else:
            failed += 1
            print(f"FAILED: {name} (exit status {status})")
    for target in targets:
        xml_file = pathlib.Path(testlogs) / target.lstrip("/").replace(":", "/") / "test.xml"
        if not xml_file.exists():
            failed += 1
            print(f"FAILED: {target} did not run (build failure?)")
            continue
        try:
            root = ET.parse(xml_file).getroot()
        except ET.ParseError:
            failed += 1
            print(f"unreadable test results: {xml_file}")
            continue
        for case in root.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
                print(f"FAILED: {case.get('classname', '')} {case.get('name')}")
            elif case.find("skipped") is None:
                passed += 1
    if passed + failed == 0:
        failed = 1  # Nothing ran: the build broke before any test.
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
