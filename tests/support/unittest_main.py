# SPDX-License-Identifier: Apache-2.0
"""Runs unittest modules for ctest, like 'python3 -m unittest -v MODULE...',
and makes skips visible:

- every skipped test is listed at the end with its reason;
- when no test ran because every one was skipped, the exit status is 77,
  which ctest's SKIP_RETURN_CODE turns into "Skipped" (not "Passed").

Usage (from the directory that holds the modules):
    python3 tests/support/unittest_main.py test_module [test_module...]
"""
import os
import sys
import unittest

SKIP_RETURN_CODE = 77


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    sys.path.insert(0, os.getcwd())  # the modules are in the working directory
    suite = unittest.defaultTestLoader.loadTestsFromNames(argv)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    sys.stdout.flush()
    if result.skipped:
        print("\n%d skipped:" % len(result.skipped))
        for test, reason in result.skipped:
            print("  SKIPPED %s: %s" % (test.id(), reason))
    if not result.wasSuccessful():
        return 1
    if result.testsRun - len(result.skipped) <= 0:
        print("no test ran: every test was skipped (exit %d, ctest shows Skipped)" % SKIP_RETURN_CODE)
        return SKIP_RETURN_CODE
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
