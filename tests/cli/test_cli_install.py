"""'cmake --install' installs the dpp binary and its man page dpp.1."""
import os
import shutil
import subprocess
import tempfile
import unittest

from clitest import BUILD_DIR, read

CMAKE = shutil.which("cmake")


@unittest.skipUnless(CMAKE and BUILD_DIR, "needs cmake and DPP_BUILD_DIR")
class TestInstall(unittest.TestCase):
    def setUp(self):
        self.prefix = tempfile.mkdtemp(prefix="dpp-cli-install-")
        self.addCleanup(shutil.rmtree, self.prefix, ignore_errors=True)

    def install(self, *extra):
        r = subprocess.run([CMAKE, "--install", BUILD_DIR, "--prefix", self.prefix, *extra], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout.decode())

    def test_binary_and_man_page(self):
        self.install("--component", "cli")
        man = os.path.join(self.prefix, "share", "man", "man1", "dpp.1")
        binary = os.path.join(self.prefix, "bin", "dpp")
        self.assertTrue(os.path.isfile(man))
        self.assertTrue(os.access(binary, os.X_OK))
        page = read(man)
        self.assertTrue(page.lstrip().startswith(".\\\""))
        self.assertIn(".TH DPP 1", page)
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "BATCH WORK", "EXIT STATUS", "EXAMPLES"]:
            self.assertIn(".SH " + section, page)
        for code in ["0", "1", "2", "3", "4", "5", "64", "65", "66", "70", "73", "130"]:
            self.assertIn(".B %s\n" % code, page)
        env = dict(os.environ, LD_LIBRARY_PATH=BUILD_DIR)
        r = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, env=env, timeout=30)
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith(b"dpp "))

    @unittest.skipUnless(shutil.which("groff"), "groff missing")
    def test_man_page_renders_without_warnings(self):
        src = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "cli",
                           "dpp.1")
        r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", src], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stderr, b"")


if __name__ == "__main__":
    unittest.main()
