#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""ctest "web_pwa_a11y" (label web): more of the verifier page (web/) in
headless Chromium over the DevTools protocol; the driver (CDP, Page, the
test server) is pwa_test.py's, imported.

    pwa_more_test.py --web BUILD/web --dpp BUILD/cli/dpp --npm-dir BUILD/web-work/test-npm
                     [--passport examples/passport.json] [--artifacts DIR]

Everything the test feeds the page is made at test time by the built `dpp`
tool from examples/passport.json (or is a file of the repository):

1. Photos. The page's file input (#photo) gets, through CDP
   DOM.setFileInputFiles (the change event a user's pick fires), each of:
   a PNG of the printed label (`dpp label --png`), a PNG of the bare QR code
   (`dpp encode --format png`), and a JPEG photo of the label: the label
   PNG turned by 8 degrees, scaled and lit unevenly on a grey "table",
   captured by Chromium as a JPEG of quality 70. Each must verify; the
   checks the page lists must be exactly the report's checks with their
   status; the passport shown must be examples/passport.json's. A picture
   with no QR code (web/icons/icon-512.png) must give the page's text
   "No QR code found in the photo"; a file that is no picture at all
   (examples/passport.json) "is not a picture this browser can read".
2. The native BarcodeDetector branch. Desktop Linux Chromium has NO native
   BarcodeDetector (the Shape Detection API is there only on Android,
   ChromeOS and macOS), so the "native" detector here is the polyfill: the
   same pinned npm barcode-detector (ZXing-C++ in WebAssembly, a
   spec-conformant BarcodeDetector class) the page vendors for its
   fallback, installed as globalThis.BarcodeDetector by
   Page.addScriptToEvaluateOnNewDocument before any script of the page
   runs. What is tested is the page's branch: with a BarcodeDetector that
   supports qr_code the page must use it (data-qr-reader="native", the
   message says "reader: native BarcodeDetector") and must not load its own
   vendor/barcode-detector.js (no such request in the page's network
   events); without one (item 1) it must take the fallback
   (data-qr-reader="bundled", and the request is seen).
3. Accessibility by a tool: axe-core (npm, pinned by tests/web/package-lock.json,
   installed with `npm ci` into --npm-dir, outside the source tree) runs in
   the page at phone (390x844, mobile) and desktop (1280x800) sizes in each
   state: empty, verified, not verified (a passport signed by a key the
   page does not trust), error (a photo without a QR code). Any violation of
   a WCAG 2.0/2.1 A or AA rule (axe tags wcag2a, wcag2aa, wcag21a, wcag21aa)
   fails the test; at 320 CSS px nothing may scroll sideways (WCAG 1.4.10).
   A control: axe must flag a copy of the page with the paste box's label
   removed and grey-on-white text ("label", "color-contrast"), so a run that
   checks nothing cannot pass. A screenshot of each state and size goes to
   --artifacts.
4. Keyboard: Tab pressed with CDP Input.dispatchKeyEvent from the top of
   the page must reach the paste box, the Verify button, the photo input,
   the camera button and the trust list's button in that order (after a
   verification: the "Every check" summary first), and Shift+Tab goes back
   one; each with a visible focus indicator (computed outline of >= 2 px or a
   box-shadow; for the visually hidden file input, on its label) whose colour
   has >= 3:1 contrast with the background around it (WCAG 1.4.11: the old
   amber ring had 2.1:1).
5. Installability as Chromium judges it: served over http://127.0.0.1 (a
   secure context), Page.getAppManifest must report no manifest errors and
   Page.getInstallabilityErrors none at all, once the service worker
   controls the page.

Exit 77 (skipped) when Chromium is not installed, the bundle was not built
(emcc), or npm cannot install axe-core (then items 1, 2, 4, 5 still run and
a failure among them still fails the test).
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pwa_test as base  # noqa: E402  (the DevTools driver and the test server)

ROOT = base.ROOT
check = base.check
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
READY = ("window.dppPage && document.getElementById('version').textContent &&"
         " !document.getElementById('trust-status').textContent.startsWith('Loading') ? 1 : null")
RESULT = """JSON.stringify((() => {
  const r = dppPage.last;
  return {verdict: document.getElementById('verdict').textContent, ok: r.ok, error: r.error, check: r.check,
          id: r.passport ? r.passport.id : null, form: r.claims ? r.claims.form : null,
          checks: r.checks, shown: [...document.querySelectorAll('#checks li')].map((li) => li.textContent),
          msg: document.getElementById('scan-msg').textContent, reader: document.documentElement.dataset.qrReader || null};
})())"""


def npm_axe(npm_dir):
    """axe.min.js installed by npm ci from tests/web/package-lock.json into npm_dir; (path, None) or (None, reason)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return None, "node/npm not found (Debian: nodejs npm)"
    os.makedirs(npm_dir, exist_ok=True)
    lock = os.path.join(HERE, "package-lock.json")
    axe = os.path.join(npm_dir, "node_modules", "axe-core", "axe.min.js")
    have = os.path.join(npm_dir, "package-lock.json")
    same = os.path.isfile(have) and open(have, "rb").read() == open(lock, "rb").read()
    if not (same and os.path.isfile(axe)):
        shutil.copy(os.path.join(HERE, "package.json"), npm_dir)
        shutil.copy(lock, npm_dir)
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                           cwd=npm_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0 or not os.path.isfile(axe):
            return None, "npm ci of axe-core failed (no registry?): " + r.stdout.decode(errors="replace")[-300:]
    return axe, None


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), r.returncode, r.stderr.decode(errors="replace")[-500:]))
    return r.stdout


class NotReady(Exception):
    pass


def fresh(page, url):
    page.goto("about:blank")
    page.goto(url)
    if page.wait(READY, 30) is None:
        # nothing after this can work (a broken bundle): stop instead of waiting out every step
        msg = page.eval("document.getElementById('trust-status').textContent + ' / ' + document.getElementById('scan-msg').textContent")
        raise NotReady("the page at %s never got ready: %s" % (url, msg))


def set_file(page, path):
    root = page.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = page.send("DOM.querySelector", {"nodeId": root, "selector": "#photo"})["nodeId"]
    page.send("DOM.setFileInputFiles", {"files": [path], "nodeId": node})


def photo_result(page, path):
    """Gives the page's file input the picture; the verification report, or None with the page's message."""
    page.eval("dppPage.last = null, document.getElementById('scan-msg').textContent = '', 1")
    set_file(page, path)
    done = page.wait("dppPage.last ? 'verdict' : (document.getElementById('scan-msg').className === 'err' ? 'error' : null)", 60)
    if done == "verdict":
        return json.loads(page.eval(RESULT)), None
    return None, page.eval("document.getElementById('scan-msg').textContent")


def check_verified(what, r, want_id):
    if not check(r is not None, "%s: no verification" % what):
        return
    check(r["ok"] and r["verdict"].startswith("\u2714"), "%s: verdict %r (%s at %s)" % (what, r["verdict"], r["error"], r["check"]))
    check(r["id"] == want_id, "%s: passport id %r, expected %r" % (what, r["id"], want_id))
    # the list on the page is the report's checks, in order, each with its status
    check(len(r["shown"]) == len(r["checks"]) and len(r["checks"]) >= 10,
          "%s: %d checks shown, report has %d" % (what, len(r["shown"]), len(r["checks"])))
    for li, c in zip(r["shown"], r["checks"]):
        check(li.endswith("(%s): %s" % (c["name"], c["status"])), "%s: check shown as %r, report %r" % (what, li, c))
    sig = [c["status"] for c in r["checks"] if c["name"] == "signature"]
    check(sig == ["pass"], "%s: signature check %r" % (what, sig))


def photo_of(cdp, label_png, out_jpg):
    """A photo-like JPEG of the label: turned, scaled, unevenly lit on a grey table, encoded by Chromium."""
    page = base.Page(cdp)
    page.send("Emulation.setDeviceMetricsOverride", {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    with open(label_png, "rb") as f:
        b64 = base64.b64encode(f.read()).decode()
    page.eval("""new Promise((res, rej) => {
  document.body.style.cssText = 'margin:0;width:1200px;height:900px;overflow:hidden;' +
    'background:radial-gradient(circle at 30%% 20%%, #d8d4cc, #6f6a62 80%%)';
  const img = new Image();
  img.onload = () => res(1);
  img.onerror = () => rej(new Error('label PNG not decoded'));
  img.style.cssText = 'position:absolute;left:50%%;top:50%%;max-width:760px;max-height:820px;' +
    'transform:translate(-50%%,-50%%) rotate(8deg);box-shadow:12px 16px 30px rgba(0,0,0,.55);filter:brightness(.92) contrast(.9)';
  img.src = 'data:image/png;base64,%s';
  document.body.appendChild(img);
})""" % b64)
    time.sleep(0.2)
    data = page.send("Page.captureScreenshot", {"format": "jpeg", "quality": 70})["data"]
    with open(out_jpg, "wb") as f:
        f.write(base64.b64decode(data))
    page.send("Target.closeTarget", {"targetId": page.send("Target.getTargetInfo")["targetInfo"]["targetId"]})


def requested(cdp, sid, suffix):
    with cdp.cv:
        evs = list(cdp.events)
    return [e["params"]["request"]["url"] for e in evs
            if e.get("sessionId") == sid and e.get("method") == "Network.requestWillBeSent"
            and e["params"]["request"]["url"].split("?")[0].endswith(suffix)]


def native_shim(web):
    """Source installed before the page's scripts: the pinned polyfill's BarcodeDetector as globalThis.BarcodeDetector.
    Linux Chromium has no native one; this stands in for it (see the module docstring)."""
    with open(os.path.join(web, "vendor", "barcode-detector.js"), encoding="utf-8") as f:
        src = f.read()
    # inside a function: the polyfill's own global (BarcodeDetectionAPI) stays private to the shim
    return ("(function () {\n%s\n;BarcodeDetectionAPI.setZXingModuleOverrides({locateFile: (f) => new URL('/vendor/' + f, location.href).href});\n"
            "globalThis.__dppTestDetectorInstalled = typeof globalThis.BarcodeDetector;\n})();\n" % src)


def axe_violations(page, axe_src):
    if page.eval("typeof window.axe") != "object":
        page.eval(axe_src + "\n;1")
    res = page.eval("""axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']}).then((r) => ({
  passes: r.passes.length,
  violations: r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' -> ' + n.failureSummary)}))}))""" % json.dumps(WCAG_TAGS))
    return res


SIZES = (("phone", 390, 844, True), ("desktop", 1280, 800, False))


def shoot(page, path):
    data = page.send("Page.captureScreenshot", {"format": "png"})["data"]
    with open(path, "wb") as f:
        f.write(base64.b64decode(data))


def a11y_state(page, axe_src, state, artifacts, results):
    for name, w, h, mobile in SIZES:
        page.send("Emulation.setDeviceMetricsOverride", {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile})
        time.sleep(0.2)
        if axe_src is not None:
            r = axe_violations(page, axe_src)
            results.append((state, name, r))
            print("axe %s %s: %d rules passed, %d violated%s" % (state, name, r["passes"], len(r["violations"]),
                  "".join("\n    %s (%s): %s %s" % (v["id"], v["impact"], v["help"], v["nodes"]) for v in r["violations"])),
                  flush=True)
            check(r["passes"] > 10, "axe %s %s: only %d rules ran" % (state, name, r["passes"]))
            check(not r["violations"], "axe %s %s: WCAG A/AA violations: %s"
                  % (state, name, ", ".join(v["id"] for v in r["violations"])))
        shoot(page, os.path.join(artifacts, "a11y-%s-%s.png" % (state, name)))
    # WCAG 2.1 1.4.10 reflow: at 320 CSS px nothing needs scrolling sideways
    page.send("Emulation.setDeviceMetricsOverride", {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True})
    time.sleep(0.2)
    sw = page.eval("document.documentElement.scrollWidth")
    check(sw <= 320, "reflow %s: the page is %d px wide at a 320 px viewport" % (state, sw))
    page.send("Emulation.clearDeviceMetricsOverride")


FOCUSED = """JSON.stringify((() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {id: null};
  const id = el.id || (el.tagName === 'SUMMARY' ? el.parentElement.id + ' summary' : el.tagName.toLowerCase());
  // the file input is visually hidden: its label carries the focus ring
  const box = (el.type === 'file' && el.closest('label')) || el;
  const cs = getComputedStyle(box);
  const r = box.getBoundingClientRect();
  // what the ring is drawn on: the first opaque background around the element
  let bg = 'rgb(255, 255, 255)';
  for (let p = box.parentElement; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor;
    if (c && c !== 'transparent' && !/rgba\(.*, 0\)$/.test(c)) { bg = c; break; }
  }
  return {id, outline: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor, shadow: cs.boxShadow,
          color: cs.outlineColor, bg, visible: r.width > 8 && r.height > 8,
          ring: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none'};
})())"""


def contrast(c1, c2):
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored)."""
    def lum(c):
        v = [float(x) / 255 for x in c[c.index("(") + 1:c.index(")")].split(",")[:3]]
        v = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in v]
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    a, b = sorted((lum(c1), lum(c2)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def tab(page, shift=False):
    mods = 8 if shift else 0
    for t in ("rawKeyDown", "keyUp"):
        page.send("Input.dispatchKeyEvent", {"type": t, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9,
                                             "nativeVirtualKeyCode": 9, "modifiers": mods})
    time.sleep(0.05)
    return json.loads(page.eval(FOCUSED))


def keyboard(page, start_js, want, what):
    page.eval(start_js)
    got = []
    for _ in range(len(want) + 1):
        f = tab(page)
        got.append(f)
        if f["id"] == want[-1]:
            break
    order = [f["id"] for f in got]
    print("keyboard (%s): Tab order %s" % (what, " -> ".join(str(x) for x in order)), flush=True)
    check(order == want, "keyboard (%s): Tab reaches %s, expected %s" % (what, order, want))
    for f in got:
        if f["id"] is None:
            continue
        check(f["ring"] and f["visible"], "keyboard (%s): %s has no visible focus indicator (outline %s, box-shadow %s)"
              % (what, f["id"], f["outline"], f["shadow"]))
        if f["ring"] and f["shadow"] == "none":
            # WCAG 2.1 1.4.11: a focus indicator needs 3:1 against what surrounds it
            cr = contrast(f["color"], f["bg"])
            check(cr >= 3.0, "keyboard (%s): %s's focus ring %s has contrast %.2f:1 with %s (< 3:1)"
                  % (what, f["id"], f["color"], cr, f["bg"]))
    back = tab(page, shift=True)
    check(len(want) < 2 or back["id"] == want[-2], "keyboard (%s): Shift+Tab from %s goes to %s, expected %s"
          % (what, want[-1], back["id"], want[-2]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--web", required=True, help="the bundle web/build.sh made")
    ap.add_argument("--dpp", required=True, help="the dpp tool (makes the keys, the label and the QR pictures)")
    ap.add_argument("--passport", default=os.path.join(ROOT, "examples", "passport.json"))
    ap.add_argument("--npm-dir", required=True, help="where npm ci installs axe-core (tests/web/package-lock.json)")
    ap.add_argument("--artifacts", default=None)
    a = ap.parse_args()

    chromium = base.find_chromium()
    if chromium is None:
        print("web_pwa_a11y: SKIPPED: Chromium is not installed (Debian package chromium, or set DPP_CHROMIUM)")
        return 77
    if not os.path.isfile(os.path.join(a.web, "dpp-core.wasm")):
        print("web_pwa_a11y: SKIPPED: %s has no dpp-core.wasm (build the web target: emscripten)" % a.web)
        return 77
    if not os.path.isfile(os.path.join(a.web, "vendor", "barcode-detector.js")):
        print("web_pwa_a11y: SKIPPED: the bundle was built without the QR reader (npm barcode-detector)")
        return 77
    axe_path, axe_skip = npm_axe(a.npm_dir)
    axe_src = open(axe_path, encoding="utf-8").read() if axe_path else None
    if axe_skip:
        print("accessibility (axe-core): SKIPPED: " + axe_skip, flush=True)
    artifacts = a.artifacts or os.path.join(a.web, "..", "web-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    with open(a.passport, encoding="utf-8") as f:
        want_id = json.load(f)["id"]
    t_start = time.time()

    with tempfile.TemporaryDirectory(prefix="dpp-pwa-more-") as tmp:
        site = os.path.join(tmp, "site")
        shutil.copytree(a.web, site)
        # the signer the page trusts, and one it does not
        run([a.dpp, "keygen", "--out", os.path.join(tmp, "signer.pem")])
        run([a.dpp, "keygen", "--out", os.path.join(tmp, "other.pem")])
        with open(os.path.join(tmp, "signer.pub.pem"), encoding="ascii") as f:
            pub = f.read()
        with open(os.path.join(site, "trust.json"), "w", encoding="utf-8") as f:
            json.dump({"operator_keys": [], "keys": [pub], "trust_list": None, "revocation_list": None}, f)
        key = os.path.join(tmp, "signer.pem")
        label_png = os.path.join(tmp, "label.png")
        qr_png = os.path.join(tmp, "qr.png")
        photo_jpg = os.path.join(tmp, "label-photo.jpg")
        run([a.dpp, "label", "--key", key, "--png", label_png, a.passport])
        run([a.dpp, "encode", "--key", key, "--format", "png", "-o", qr_png, a.passport])
        good_text = run([a.dpp, "encode", "--key", key, a.passport]).decode().strip()
        other_text = run([a.dpp, "encode", "--key", os.path.join(tmp, "other.pem"), a.passport]).decode().strip()
        no_qr = os.path.join(ROOT, "web", "icons", "icon-512.png")

        srv = base.serve(site)
        origin = "http://127.0.0.1:%d" % srv.server_address[1]
        cdp = base.CDP(chromium, os.path.join(tmp, "profile"))
        try:
            photo_of(cdp, label_png, photo_jpg)
            with open(photo_jpg, "rb") as f:
                check(f.read(3) == b"\xff\xd8\xff", "the label photo is not a JPEG")
            shutil.copy(photo_jpg, os.path.join(artifacts, "label-photo.jpg"))

            page = base.Page(cdp)
            page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})

            # 5. installability (first visit: also what the server sent until the service worker took over)
            fresh(page, origin + "/")
            ctl = page.wait("navigator.serviceWorker.controller ? 1 : null", 30)
            check(ctl == 1, "the service worker never controlled the page")
            print("first visit: %d responses with a body, %d bytes (uncompressed)"
                  % (srv.sent["requests"], srv.sent["bytes"]), flush=True)
            man = page.send("Page.getAppManifest")
            inst = page.send("Page.getInstallabilityErrors")["installabilityErrors"]
            print("manifest %s: errors %s; installability errors %s"
                  % (man.get("url"), man.get("errors"), inst), flush=True)
            check(man.get("url", "").endswith("/manifest.webmanifest"), "no manifest linked: %r" % man.get("url"))
            check(not man.get("errors"), "manifest errors: %s" % man.get("errors"))
            check(inst == [], "Chromium says the app is not installable: %s" % inst)

            # 4. keyboard, empty page
            keyboard(page, "document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), 1",
                     ["text", "verify-btn", "photo", "camera-btn", "trust-refresh"], "empty page")

            # 3. accessibility: empty
            results = []
            a11y_state(page, axe_src, "empty", artifacts, results)

            # 1. photos through the file input: the bundled reader (no BarcodeDetector here)
            for what, path in (("label PNG (dpp label)", label_png), ("QR PNG (dpp encode --format png)", qr_png),
                               ("label photo JPEG", photo_jpg)):
                fresh(page, origin + "/")
                r, msg = photo_result(page, path)
                print("photo %s: %s" % (what, json.dumps({k: r[k] for k in ("verdict", "form", "id", "msg", "reader")})
                                        if r else "no verdict: %r" % msg), flush=True)
                check_verified("photo " + what, r, want_id)
                if r:
                    check(r["reader"] == "bundled" and "reader: bundled ZXing" in r["msg"],
                          "photo %s: reader %r, message %r (expected the bundled fallback)" % (what, r["reader"], r["msg"]))
            check(requested(cdp, page.sid, "/vendor/barcode-detector.js"),
                  "fallback: the page never loaded vendor/barcode-detector.js")
            # verified: keyboard after a verification, then axe
            keyboard(page, "document.getElementById('verdict').focus(), 1",
                     ["checks-box summary", "text", "verify-btn", "photo", "camera-btn", "trust-refresh"], "verified")
            a11y_state(page, axe_src, "verified", artifacts, results)

            # a picture without a QR code; a file that is no picture
            fresh(page, origin + "/")
            r, msg = photo_result(page, no_qr)
            print("photo without a QR code: %r" % msg, flush=True)
            check(r is None and (msg or "").startswith("No QR code found in the photo"),
                  "picture without a QR code: %r / %r" % (msg, r))
            check(page.eval("document.getElementById('result').hidden"), "picture without a QR code: a result is shown")
            a11y_state(page, axe_src, "error", artifacts, results)
            fresh(page, origin + "/")
            r, msg = photo_result(page, a.passport)
            print("a file that is no picture: %r" % msg, flush=True)
            check(r is None and "is not a picture this browser can read" in (msg or ""),
                  "a file that is no picture: %r / %r" % (msg, r))

            # not verified: pasted and verified with the button (signed by a key the page does not trust)
            fresh(page, origin + "/")
            page.eval("document.getElementById('text').value = %s, document.getElementById('verify-btn').click(), 1"
                      % json.dumps(other_text))
            if page.wait("dppPage.last ? 1 : null", 30) is None:
                raise NotReady("the pasted text was never verified")
            r = json.loads(page.eval(RESULT))
            print("untrusted signer: %s at %s, verdict %r" % (r["error"], r["check"], r["verdict"]), flush=True)
            check(not r["ok"] and r["verdict"].startswith("\u2718") and r["check"] == "kid",
                  "untrusted signer: %s" % json.dumps(r)[:300])
            a11y_state(page, axe_src, "not-verified", artifacts, results)
            # and the trusted one pasted verifies (the paste path of the same page)
            page.eval("document.getElementById('text').value = %s, document.getElementById('verify-btn').click(), 1"
                      % json.dumps(good_text))
            page.wait("dppPage.last && dppPage.last.ok ? 1 : null", 30)
            check_verified("pasted text", json.loads(page.eval(RESULT)), want_id)

            # 2. the native branch: a BarcodeDetector present before the page's scripts run
            npage = base.Page(cdp)
            npage.send("Page.addScriptToEvaluateOnNewDocument", {"source": native_shim(a.web)})
            fresh(npage, origin + "/")
            installed = npage.eval("window.__dppTestDetectorInstalled || null")
            check(installed == "function", "native: the BarcodeDetector was not installed before the page: %r" % installed)
            r, msg = photo_result(npage, qr_png)
            print("native branch, QR PNG: %s" % (json.dumps({k: r[k] for k in ("verdict", "msg", "reader")}) if r else msg),
                  flush=True)
            check_verified("native branch", r, want_id)
            if r:
                check(r["reader"] == "native" and "reader: native BarcodeDetector" in r["msg"],
                      "native: the page did not use the BarcodeDetector it found: reader %r, %r" % (r["reader"], r["msg"]))
            got = requested(cdp, npage.sid, "/vendor/barcode-detector.js")
            check(not got, "native: the page loaded its fallback reader anyway: %s" % got)
            r, msg = photo_result(npage, no_qr)
            check(r is None and (msg or "").startswith("No QR code found in the photo"),
                  "native branch, picture without a QR code: %r" % msg)
            # the checker itself: the same page with the paste box's label removed and grey-on-white
            # text must give axe's "label" and "color-contrast" violations (not a hollow run)
            if axe_src is not None:
                fresh(page, origin + "/")
                page.eval("document.querySelector('label[for=text]').remove(),"
                          " document.querySelector('.sub').style.color = '#bbb', 1")
                got = {v["id"] for v in axe_violations(page, axe_src)["violations"]}
                check({"label", "color-contrast"} <= got, "axe on a deliberately broken page found only %s" % sorted(got))
        except NotReady as e:
            check(False, str(e))
        finally:
            cdp.close()
            srv.shutdown()
            srv.server_close()

    print("time: %.1f s" % (time.time() - t_start))
    if base.FAILS:
        print("web_pwa_a11y: %d failure(s)" % len(base.FAILS))
        return 1
    if axe_skip:
        print("web_pwa_a11y: SKIPPED (accessibility not checked: %s); everything else passed" % axe_skip)
        return 77
    print("web_pwa_a11y: OK (artifacts in %s)" % os.path.abspath(artifacts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
