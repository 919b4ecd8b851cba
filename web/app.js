/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The verifier page. Where the passport comes from:
 *  - a hybrid link forwarded by the resolver: ?dl=<the link without its
 *    fragment> and the fragment in location.hash (tests/web/browser_test.py);
 *  - the page opened at the link itself (the page hosted on the resolver's
 *    own host, or served offline by sw.js for a /01/ path): location.href;
 *  - #DPP1:... (a DPP1: text in the fragment);
 *  - pasted text, a photo or the camera (BarcodeDetector).
 * Trust: trust.json next to this page names what the operator publishes
 * (operator keys, signed trust list, signed revocation list, pinned keys).
 * The lists are fetched when online and kept in the Cache API, so the page
 * verifies offline; their age and next_update are shown.
 * ?now=<seconds> sets the validation time (audits, tests) only where
 * trust.json has "allow_time_override": true; the page then says so.
 */
(function () {
    'use strict';
    const $ = (id) => document.getElementById(id);
    const TRUST_CACHE = 'dpp-trust-v1';
    const params = new URLSearchParams(location.search);
    // ?now= only when the operator's trust.json allows it ("allow_time_override":
    // audits and tests): otherwise a crafted link could make an expired or
    // revoked passport look valid.
    const nowParam = params.get('now');
    let allowNow = false;
    const nowSec = () => (allowNow && nowParam !== null && /^\d+$/.test(nowParam) ? Number(nowParam) : Math.floor(Date.now() / 1000));

    let dpp = null;
    let trust = null;
    let trustInfo = null;
    const state = {ready: null, last: null};
    window.dppPage = state; // for tests and the console: state.last is the last report

    function fmtTime(s) {
        if (s === null || s === undefined) return '—';
        return new Date(s * 1000).toISOString().replace('.000Z', 'Z').replace('T', ' ');
    }

    // ---- trust: fetched online, else from the cache ----
    async function getBytes(url, fromNetwork) {
        const cache = 'caches' in self ? await caches.open(TRUST_CACHE) : null;
        if (fromNetwork) {
            try {
                const r = await fetch(url, {cache: 'no-store'});
                if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
                const b = new Uint8Array(await r.arrayBuffer());
                if (cache) {
                    await cache.put(url, new Response(b, {headers: {'x-dpp-fetched': String(Math.floor(Date.now() / 1000))}}));
                }
                return {bytes: b, fetched: Math.floor(Date.now() / 1000), cached: false};
            } catch (e) {
                if (!cache) throw e;
            }
        }
        const hit = cache ? await cache.match(url) : null;
        if (!hit) throw new Error(url + ': not reachable and not cached');
        return {bytes: new Uint8Array(await hit.arrayBuffer()), fetched: Number(hit.headers.get('x-dpp-fetched')) || null, cached: true};
    }

    async function loadTrust(fromNetwork) {
        const t = dpp.trust();
        const info = {lists: [], keys: 0, cached: false, fetched: null, errors: []};
        const cfgRaw = await getBytes('trust.json', fromNetwork);
        const cfg = JSON.parse(new TextDecoder().decode(cfgRaw.bytes));
        info.cached = cfgRaw.cached;
        info.fetched = cfgRaw.fetched;
        allowNow = cfg.allow_time_override === true;
        for (const pem of cfg.operator_keys || []) await t.pinOperator(pem);
        for (const pem of cfg.keys || []) {
            await t.addKey(pem);
            info.keys++;
        }
        for (const [kind, url] of [['trust', cfg.trust_list], ['revocations', cfg.revocation_list]]) {
            if (!url) continue;
            // rollback protection: the highest sequence this browser accepted for this list
            const seqKey = 'dpp-seq:' + kind + ':' + new URL(url, location.href).href;
            const pol = {now: nowSec(), grace: cfg.grace_seconds || 0, minSequence: Number(localStorage.getItem(seqKey)) || 0};
            try {
                const got = await getBytes(url, fromNetwork);
                const r = kind === 'trust' ? await t.loadList(got.bytes, pol) : await t.loadRevocations(got.bytes, pol);
                if (r.sequence > pol.minSequence) localStorage.setItem(seqKey, String(r.sequence));
                info.lists.push(Object.assign({kind, url, fetched: got.fetched, cached: got.cached}, r));
            } catch (e) {
                info.errors.push(`${kind === 'trust' ? 'Trust list' : 'Revocation list'} (${url}): ${e.code ? e.code + ': ' : ''}${e.message}`);
            }
        }
        if (trust) trust.free();
        trust = t;
        trustInfo = info;
        showTrust();
    }

    function showTrust() {
        const el = $('trust-status');
        el.textContent = '';
        const i = trustInfo;
        const p = document.createElement('p');
        p.textContent = `${i.keys} pinned key(s); trust configuration ${i.cached ? 'from the offline copy' : 'fetched'} ` +
            (i.fetched ? `at ${fmtTime(i.fetched)}` : '');
        el.appendChild(p);
        if (allowNow && nowParam !== null) {
            const w = document.createElement('p');
            w.className = 'stale';
            w.textContent = `Validation time set by the address: ${fmtTime(nowSec())} (allowed by this site's trust.json)`;
            el.appendChild(w);
        }
        for (const l of i.lists) {
            const q = document.createElement('p');
            const late = nowSec() > l.next_update;
            q.textContent = `${l.kind === 'trust' ? 'Trust list' : 'Revocation list'} #${l.sequence}: ${l.entries} entries, ` +
                `issued ${fmtTime(l.issued_at)}, next update ${fmtTime(l.next_update)}; ` +
                `${l.cached ? 'offline copy' : 'fetched'} ${l.fetched ? fmtTime(l.fetched) : ''}`;
            if (late || l.past_next_update) {
                const s = document.createElement('strong');
                s.className = 'stale';
                s.textContent = ' — stale: fetch a new list when online';
                q.appendChild(s);
            }
            el.appendChild(q);
        }
        for (const e of i.errors) {
            const q = document.createElement('p');
            q.className = 'stale';
            q.textContent = e;
            el.appendChild(q);
        }
    }

    // ---- the result ----
    const CHECK_LABEL = {
        prefix: 'Format (DPP1: prefix or link)', base45: 'Base45 / digits', inflate: 'Decompression', cose: 'COSE signature structure',
        alg: 'Algorithm', kid: 'Signer key known', signature: 'Signature', key_validity: 'Key validity period',
        claims: 'Claims', iat: 'Issued-at time', exp: 'Expiry', schema: 'Passport rules', signer_window: 'Signer trusted at issue time',
        role: 'Signer role', scope: 'Signer scope', revocation: 'Not revoked', attestation: 'Attestations', link: 'Link binding',
    };
    const FACT_CLAIM = {
        id: 'identity', gtin: 'identity', batch: 'identity', serial: 'identity', name: 'identity', category: 'identity',
        production_date: 'identity', manufacturer: 'manufacturer', facility: 'facility', materials: 'materials',
        footprint: 'footprint', certifications: 'certifications', cbam: 'cbam', extensions: 'extensions',
    };

    function summarize(v) {
        if (v === null || v === undefined) return '';
        if (typeof v !== 'object') return String(v);
        if (Array.isArray(v)) return v.map(summarize).join('; ');
        return Object.entries(v).map(([k, x]) => `${k}: ${summarize(x)}`).join(', ');
    }

    function show(r) {
        state.last = r;
        const box = $('result');
        box.hidden = false;
        box.className = r.ok ? 'ok' : 'bad';
        $('verdict').textContent = r.ok ? '✔ Verified' : '✘ Not verified';
        $('reason').textContent = r.ok
            ? `Signed by ${r.signer && r.signer.party ? r.signer.party.name + ' (' + (r.signer.role || 'pinned key') + ')' : 'a pinned key'}, kid ${r.claims.kid}, ${r.claims.alg}, issued ${fmtTime(r.claims.iat)}.`
            : `${r.error} at check “${r.check}”: ${r.message}${r.path ? ' (field ' + r.path + ')' : ''}`;
        const checks = $('checks');
        checks.textContent = '';
        for (const c of r.checks) {
            const li = document.createElement('li');
            li.className = 'st-' + c.status;
            li.textContent = `${CHECK_LABEL[c.name] || c.name} (${c.name}): ${c.status}`;
            checks.appendChild(li);
        }
        const facts = $('facts');
        facts.textContent = '';
        const atts = $('atts');
        atts.textContent = '';
        if (!r.ok || !r.passport) return;
        const self = new Set(r.claims_self_declared || []);
        const dl = document.createElement('dl');
        dl.className = 'facts';
        for (const [k, v] of Object.entries(r.passport)) {
            const dt = document.createElement('dt');
            dt.textContent = k.replace(/_/g, ' ');
            const dd = document.createElement('dd');
            dd.textContent = summarize(v);
            const claim = FACT_CLAIM[k];
            if (claim) {
                const tag = document.createElement('span');
                tag.className = 'tag ' + (self.has(claim) ? 'self' : 'att');
                tag.textContent = self.has(claim) ? 'self-declared' : 'attested';
                dd.appendChild(tag);
            }
            dl.append(dt, dd);
        }
        facts.appendChild(dl);
        if (r.attestations && r.attestations.length) {
            const h = document.createElement('h3');
            h.textContent = 'Attestations';
            const ul = document.createElement('ul');
            for (const a of r.attestations) {
                const li = document.createElement('li');
                const who = a.attester && a.attester.party ? `${a.attester.party.name} (${a.attester.role})` : 'kid ' + a.kid;
                li.textContent = `${who} attests ${a.claims.join(', ')} (${a.binding}, ${a.alg})`;
                ul.appendChild(li);
            }
            atts.append(h, ul);
        }
    }

    async function verifyText(text) {
        await state.ready;
        const r = await dpp.verify(text.trim(), trust, nowSec());
        show(r);
        $('verdict').focus();
        return r;
    }
    state.verifyText = verifyText;

    // ---- where the passport comes from ----
    function fromLocation() {
        const dlp = params.get('dl');
        if (dlp && location.hash) return dlp + location.hash;
        if (/^\/(.*\/)?01\/\d{8,14}/.test(location.pathname) && location.hash) return location.href;
        if (location.hash.length > 1) {
            const h = decodeURIComponent(location.hash.slice(1));
            if (/^DPP1:/i.test(h)) return h;
        }
        return null;
    }

    // The browser's BarcodeDetector, else the bundled one (vendor/: ZXing-C++ in
    // WebAssembly, loaded on first use and cached by the service worker).
    let detector = null;
    async function getDetector() {
        if (detector) return detector;
        let native = false;
        if ('BarcodeDetector' in window) {
            try { native = (await BarcodeDetector.getSupportedFormats()).includes('qr_code'); } catch (e) { native = false; }
        }
        if (!native) {
            window.BarcodeDetector = undefined; // a native one without QR support: the polyfill replaces it
            await new Promise((resolve, reject) => {
                const s = document.createElement('script');
                s.src = 'vendor/barcode-detector.js';
                s.onload = resolve;
                s.onerror = () => reject(new Error('this browser has no QR reader and the bundled one is missing; paste the text instead'));
                document.head.appendChild(s);
            });
            BarcodeDetectionAPI.setZXingModuleOverrides({locateFile: (f) => new URL('vendor/' + f, location.href).href});
        }
        detector = new BarcodeDetector({formats: ['qr_code']});
        // which reader read the code: shown with the result, kept for tests
        state.qrReader = native ? 'native BarcodeDetector' : 'bundled ZXing (WebAssembly)';
        document.documentElement.dataset.qrReader = native ? 'native' : 'bundled';
        return detector;
    }

    async function scanImage(source) {
        const det = await getDetector();
        const codes = await det.detect(source);
        return codes.length ? codes[0].rawValue : null;
    }

    $('verify-btn').addEventListener('click', () => verifyText($('text').value));
    // what the scan found, or what went wrong (class "err": shown as an error)
    function scanMsg(text, err) {
        const m = $('scan-msg');
        m.textContent = text;
        m.className = err ? 'err' : '';
    }
    $('photo').addEventListener('change', async (ev) => {
        const f = ev.target.files[0];
        if (!f) return;
        ev.target.value = ''; // the same photo picked again fires change again
        scanMsg('Reading the QR code in the photo…', false);
        let bmp;
        try {
            bmp = await createImageBitmap(f);
        } catch (e) {
            scanMsg(`“${f.name}” is not a picture this browser can read (${f.type || 'unknown type'}): choose a photo (JPEG or PNG) of the QR code.`, true);
            return;
        }
        try {
            const v = await scanImage(bmp);
            if (!v) {
                scanMsg('No QR code found in the photo: take it again closer, sharp and with the whole code in the picture, or paste the text.', true);
                return;
            }
            $('text').value = v;
            scanMsg(`QR code read from the photo (reader: ${state.qrReader}).`, false);
            await verifyText(v);
        } catch (e) {
            scanMsg('QR reader: ' + e.message, true);
        } finally {
            bmp.close();
        }
    });
    $('camera-btn').addEventListener('click', async () => {
        const video = $('video');
        try {
            const stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}});
            video.srcObject = stream;
            video.hidden = false;
            await video.play();
            scanMsg('Point the camera at the QR code…', false);
            const deadline = Date.now() + 60000;
            while (Date.now() < deadline) {
                const v = await scanImage(video);
                if (v) {
                    $('text').value = v;
                    scanMsg(`QR code read (reader: ${state.qrReader}).`, false);
                    stream.getTracks().forEach((t) => t.stop());
                    video.hidden = true;
                    await verifyText(v);
                    return;
                }
                await new Promise((res) => setTimeout(res, 200));
            }
            stream.getTracks().forEach((t) => t.stop());
            video.hidden = true;
            scanMsg('No QR code seen in 60 s.', true);
        } catch (e) {
            scanMsg('Camera: ' + e.message, true);
        }
    });
    $('trust-refresh').addEventListener('click', () => loadTrust(true).catch((e) => { $('trust-status').textContent = e.message; }));
    function online() { $('offline').textContent = navigator.onLine ? 'online' : 'offline: using the saved copies'; }
    addEventListener('online', online);
    addEventListener('offline', online);
    online();

    if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => undefined);

    state.ready = (async () => {
        dpp = await DppVerifier.load();
        $('version').textContent = 'libdpp ' + dpp.version;
        try {
            await loadTrust(navigator.onLine);
        } catch (e) {
            trust = dpp.trust();
            trustInfo = {lists: [], keys: 0, cached: false, fetched: null, errors: ['No trust configuration: ' + e.message]};
            showTrust();
        }
    })();
    const t = fromLocation();
    if (t) {
        $('text').value = t;
        verifyText(t);
    }
})();
