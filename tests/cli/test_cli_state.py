"""dpp verify remembers the newest signed list seen per operator key (the
list state file) and refuses older lists by default; keys given where a
public key belongs must be public."""
import os
import subprocess
import time
import unittest

from clitest import CliTestCase, EX_KEY, EX_OK, EX_UNTRUSTED, EX_USAGE, minimal, read, run, write

MKLIST = os.environ.get("DPP_MKLIST", "")


@unittest.skipUnless(MKLIST and os.path.exists(MKLIST), "needs the dpp_cli_mklist helper (DPP_MKLIST)")
class TestListState(CliTestCase):
    def setUp(self):
        super().setUp()
        self.keygen("op", "EdDSA")
        self.keygen("m")
        self.now = int(time.time())
        self.text = self.encode(minimal(), "m")
        self.state = os.path.join(os.environ["XDG_STATE_HOME"], "dpp", "lists.state")

    def mk(self, name, seq, issued=None):
        issued = issued if issued is not None else self.now - 3600
        r = subprocess.run([MKLIST, "trust", self.path("op.pem"), self.path(name), str(seq), str(issued),
                            str(self.now + 86400), "%s,manufacturer,Acme,DE" % self.path("m.pub.pem")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return self.path(name)

    def verify(self, lst, *extra):
        return run("verify", "--pin", self.path("op.pub.pem"), "--trust", lst, *extra, self.text)

    def test_older_list_refused_by_default(self):
        new, old = self.mk("seq2.cose", 2), self.mk("seq1.cose", 1)
        self.assertFalse(os.path.exists(self.state))
        r = self.verify(new)
        self.assertEqual(r.rc, EX_OK, r)
        state = read(self.state)
        self.assertTrue(state.startswith("dpp-liststate 1\ntrust "), state)
        self.assertIn(" 2 %d " % (self.now - 3600), state)
        self.assertEqual(os.stat(self.state).st_mode & 0o777, 0o600)
        # the same list again is fine
        self.assertEqual(self.verify(new).rc, EX_OK)
        # an older one is a rollback: exit 2, one line naming the list, both sequences and the state
        r = self.verify(old)
        line = self.assertOneLineError(r, EX_UNTRUSTED, "seq1.cose: trust list sequence 1 from operator ",
                                       "is older than sequence 2 seen ", self.state, "--no-state")
        self.assertRegex(line, r"seen \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
        # --no-state skips the check (and --min-sequence still works)
        self.assertEqual(self.verify(old, "--no-state").rc, EX_OK)
        self.assertEqual(self.verify(old, "--no-state", "--min-sequence", "2").rc, EX_UNTRUSTED)
        # the state did not move back
        self.assertIn(" 2 %d " % (self.now - 3600), read(self.state))
        # another state file knows nothing yet
        other = self.path("other.state")
        self.assertEqual(self.verify(old, "--state", other).rc, EX_OK)
        self.assertIn(" 1 ", read(other))
        r = run("verify", "--pin", self.path("op.pub.pem"), "--trust", old, "--state", other, "--no-state", self.text)
        self.assertOneLineError(r, EX_USAGE, "--state FILE or --no-state, not both")

    def test_same_sequence_other_list_is_equivocation(self):
        a = self.mk("a.cose", 5)
        b = self.mk("b.cose", 5, issued=self.now - 7200)
        self.assertEqual(self.verify(a).rc, EX_OK)
        r = self.verify(b)
        self.assertOneLineError(r, EX_UNTRUSTED, "b.cose: trust list sequence 5 from operator ",
                                "differs from the sequence 5 seen", "two different lists with one sequence number")

    def test_malformed_state_file(self):
        lst = self.mk("tl.cose", 3)
        os.makedirs(os.path.dirname(self.state))
        write(self.state, "dpp-liststate 1\ntrust 00 3 1 x\n")
        r = self.verify(lst)
        self.assertOneLineError(r, EX_KEY, self.state, "list state: line 2 (offset 22): operator kid")
        # a key-only verification never reads the state
        r = run("verify", "--trust", self.path("m.pub.pem"), self.text)
        self.assertEqual(r.rc, EX_OK, r)

    def mk_status(self, name, *args, kind="status"):
        r = subprocess.run([MKLIST, kind, self.path("op.pem"), self.path(name)] + [str(a) for a in args],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        return self.path(name)

    def test_status_lists_recorded(self):
        """Status-list parts are kept in the state by list id: an older part
        (or a delta against a replaced base) is refused in a later run."""
        lid, other = "0011223344556677", "8899aabbccddeeff"
        iat, nxt = self.now - 3600, self.now + 86400
        s3 = self.mk_status("s3.cose", 3, iat, nxt, 64, lid, 1, 2)
        s5 = self.mk_status("s5.cose", 5, iat + 60, nxt, 64, lid, 1, 2, 9)
        d35 = self.mk_status("d35.cose", 5, iat + 120, nxt, 64, lid, 3, "1,2", "1,2,9", kind="status-delta")
        o1 = self.mk_status("o1.cose", 1, iat, nxt, 64, other, 4)

        def verify(*lists, extra=()):
            args = ["verify", "--trust", self.path("m.pub.pem"), "--pin", self.path("op.pub.pem")]
            for lst in lists:
                args += ["--status", lst]
            return run(*args, *extra, self.text)

        # base + delta in one run: the part reaches sequence 5; recorded by id
        self.assertEqual(verify(s3, d35).rc, EX_OK)
        state = read(self.state)
        self.assertIn("\nstatus %s 5 " % lid, state)
        # the same content as a whole list, sequence 5: the same part (whatever its issue time)
        self.assertEqual(verify(s5).rc, EX_OK)
        # an older whole list alone: refused in a later run, naming the list id, both sequences and the state
        r = verify(s3)
        line = self.assertOneLineError(r, EX_UNTRUSTED, "s3.cose: status list %s sequence 3 is older than "
                                                        "sequence 5 seen " % lid, self.state, "--no-state")
        self.assertRegex(line, r"seen \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
        self.assertEqual(verify(s3, extra=("--no-state",)).rc, EX_OK)
        # a second part is independent; the first stays at 5
        self.assertEqual(verify(s5, o1).rc, EX_OK)
        state = read(self.state)
        self.assertIn("\nstatus %s 5 " % lid, state)
        self.assertIn("\nstatus %s 1 " % other, state)
        # another sequence-5 list with other bits: two lists with one sequence number
        bad5 = self.mk_status("bad5.cose", 5, iat + 60, nxt, 64, lid, 1)
        r = verify(bad5)
        self.assertOneLineError(r, EX_UNTRUSTED, "bad5.cose: status list %s sequence 5 has other content" % lid,
                                "two different lists with one sequence number")
        # an old state file (no status lines) still reads, and gains them
        write(self.state, "dpp-liststate 1\n")
        self.assertEqual(verify(s3).rc, EX_OK)
        self.assertIn("\nstatus %s 3 " % lid, read(self.state))

    def test_state_without_home(self):
        lst = self.mk("tl.cose", 3)
        env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_STATE_HOME")}
        r = run("verify", "--pin", self.path("op.pub.pem"), "--trust", lst, self.text, env=env)
        self.assertOneLineError(r, EX_USAGE, "give --state FILE (or --no-state)")
        r = run("verify", "--pin", self.path("op.pub.pem"), "--trust", lst, "--no-state", self.text, env=env)
        self.assertEqual(r.rc, EX_OK, r)
        env["HOME"] = self.path("home")
        r = run("verify", "--pin", self.path("op.pub.pem"), "--trust", lst, self.text, env=env)
        self.assertEqual(r.rc, EX_OK, r)
        self.assertTrue(os.path.exists(self.path("home", ".local", "state", "dpp", "lists.state")))


class TestPublicKeysOnly(CliTestCase):
    def test_private_key_as_trust(self):
        self.keygen("signer")
        text = self.encode(minimal(), "signer")
        r = run("verify", "--trust", self.path("signer.pem"), text)
        self.assertOneLineError(r, EX_KEY, "signer.pem: a private key was given where a public key belongs; "
                                           "use %s" % self.path("signer.pub.pem"))
        self.assertEqual(run("verify", "--trust", self.path("signer.pub.pem"), text).rc, EX_OK)
        # in a PEM bundle, the line of the offending block is named
        write(self.path("bundle.pem"), read(self.path("signer.pub.pem")) + read(self.path("signer.pem")))
        r = run("verify", "--trust", self.path("bundle.pem"), text)
        line = self.assertOneLineError(r, EX_KEY, "a private key was given where a public key belongs")
        self.assertRegex(line, r"bundle\.pem:\d+: ")

    def test_private_key_as_pin(self):
        self.keygen("op", "EdDSA")
        r = run("verify", "--pin", self.path("op.pem"), "--trust", self.path("op.pub.pem"), "x")
        self.assertOneLineError(r, EX_KEY, "op.pem: a private key was given where a public key belongs; use ")


class TestSurroundingWhitespace(CliTestCase):
    def test_crlf_and_spaces_around_the_text(self):
        self.keygen("s")
        text = self.encode(minimal(), "s")
        for i, wrapped in enumerate((text + "\n", text + "\r\n", "\r\n \t" + text + " \t\r\n")):
            write(self.path("p%d.txt" % i), wrapped)
            r = run("verify", "--trust", self.path("s.pub.pem"), "--in", self.path("p%d.txt" % i))
            self.assertEqual(r.rc, EX_OK, r)
        # a vertical tab is not whitespace to the library (nor, now, to the tool)
        write(self.path("vt.txt"), text + "\v")
        r = run("verify", "--trust", self.path("s.pub.pem"), "--in", self.path("vt.txt"))
        self.assertNotEqual(r.rc, EX_OK, r)


if __name__ == "__main__":
    unittest.main(verbosity=2)
