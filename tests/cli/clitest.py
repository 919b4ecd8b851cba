"""Shared helpers for the tests of the dpp command-line tool.

The tests run the built binary named by $DPP_BIN (set by ctest; see
cli/CMakeLists.txt) and check its exit codes, output and files.
"""
import atexit
import json
import os
import shlex
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
DPP = os.environ.get("DPP_BIN", "dpp")
SOURCE_DIR = os.environ.get("DPP_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))
BUILD_DIR = os.environ.get("DPP_BUILD_DIR", "")
HAVE_LABEL = os.environ.get("DPP_HAVE_LABEL", "1") == "1"
HAVE_IMAGE = os.environ.get("DPP_HAVE_IMAGE", "1") == "1"
# A command put in front of every dpp run, e.g. for memory checking:
#   DPP_CLI_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full
#                    --suppressions=tests/cli/valgrind.supp" ctest -L cli
WRAPPER = shlex.split(os.environ.get("DPP_CLI_WRAPPER", ""))
# The COSE WG vectors, vendored in the repository (tests/data/cose-examples/SOURCE.md).
COSE_EXAMPLES = os.path.join(SOURCE_DIR, "tests", "data", "cose-examples")

# Exit codes (cli/util.h, dpp(1)).
EX_OK, EX_INVALID, EX_UNTRUSTED, EX_EXPIRED, EX_MALFORMED = 0, 1, 2, 3, 4
EX_USAGE, EX_KEY, EX_NOINPUT, EX_SOFTWARE, EX_CANTCREAT, EX_INTERRUPTED = 64, 65, 66, 70, 73, 130


class Result:
    def __init__(self, cp):
        self.rc = cp.returncode
        self.out = cp.stdout
        self.err = cp.stderr

    @property
    def text(self):
        return self.out.decode("utf-8")

    @property
    def errtext(self):
        return self.err.decode("utf-8")

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "rc=%d\nstdout:\n%s\nstderr:\n%s" % (
            self.rc, self.out.decode("utf-8", "replace")[:3000], self.err.decode("utf-8", "replace")[:3000])


def run(*args, stdin=None, cwd=None, timeout=280, env=None):  # a hang guard only, under ctest's 300 s
    """Runs dpp with args; stdin may be bytes or str."""
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    cp = subprocess.run(WRAPPER + [DPP] + [str(a) for a in args], input=stdin if stdin is not None else b"",
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, timeout=timeout, env=env)
    return Result(cp)


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def write(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def passport(**changes):
    """The full example passport (tests/cli/data/full.json) as a dict."""
    with open(os.path.join(DATA, "full.json"), encoding="utf-8") as f:
        p = json.load(f)
    p.update(changes)
    return p


def minimal(**changes):
    p = {"id": "6f1c2d3e-4a5b-4c6d-8e7f-101112131415", "gtin": "4006381333931", "name": "Bolt M8",
         "manufacturer": {"name": "Acme", "country": "DE"}}
    p.update(changes)
    return p


def _restore_env(name, value):
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


# Runs outside a CliTestCase get a state directory of their own too.
_STATE_DIR = tempfile.mkdtemp(prefix="dpp-cli-state-")
atexit.register(shutil.rmtree, _STATE_DIR, ignore_errors=True)
os.environ["XDG_STATE_HOME"] = _STATE_DIR


class CliTestCase(unittest.TestCase):
    """Each test gets a fresh directory with an ES256 key pair (k.pem, k.pub.pem)."""

    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dpp-cli-test-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        # dpp remembers the trust/revocation lists it has seen in
        # $XDG_STATE_HOME/dpp/lists.state: give every test its own, so tests
        # that load older lists do not depend on each other's order.
        old_state = os.environ.get("XDG_STATE_HOME")
        os.environ["XDG_STATE_HOME"] = os.path.join(self.dir, "xdg-state")
        self.addCleanup(_restore_env, "XDG_STATE_HOME", old_state)

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def keygen(self, name="k", alg="ES256", *extra):
        r = run("keygen", "--alg", alg, "--out", self.path(name + ".pem"), *extra)
        self.assertEqual(r.rc, 0, r)
        return r.text.strip()

    def json_file(self, obj, name="p.json"):
        p = self.path(name)
        with open(p, "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=2)
        return p

    def encode(self, obj=None, key="k", *extra):
        src = self.json_file(obj if obj is not None else passport())
        r = run("encode", "--key", self.path(key + ".pem"), *extra, src)
        self.assertEqual(r.rc, 0, r)
        return r.text.strip()

    def assertOneLineError(self, r, rc, *needles):
        """Exit code rc, stderr is one line starting with "dpp: " containing every needle."""
        self.assertEqual(r.rc, rc, r)
        lines = r.errtext.splitlines()
        self.assertEqual(len(lines), 1, r)
        self.assertTrue(lines[0].startswith("dpp: "), r)
        for n in needles:
            self.assertIn(n, lines[0], r)
        return lines[0]

    def listdir(self, *names):
        return sorted(os.listdir(self.path(*names)))
