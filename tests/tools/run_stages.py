"""Run ``make`` stages in order, stop at the first failure, and end with one pytest-style summary line."""

import subprocess
import sys
import time


def main(stages):
    passed = []
    began = time.time()
    for stage in stages:
        print("=" * 20 + " stage: %s " % stage + "=" * 20, flush=True)
        started = time.time()
        code = subprocess.call(["make", "--no-print-directory", stage])
        took = time.time() - started
        if code != 0:
            print("=" * 10 + " FAILED stage %s after %.0fs; passed: %s ==========" % (stage, took, ", ".join(passed) or "none"))
            return code
        passed.append("%s (%.0fs)" % (stage, took))
    print("=" * 10 + " %d stages passed in %.0fs: %s " % (len(passed), time.time() - began, ", ".join(passed)) + "=" * 10)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
