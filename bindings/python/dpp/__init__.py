# SPDX-License-Identifier: Apache-2.0
"""Sign and verify digital product passports (libdpp Python bindings).

A passport is signed into a short text (``"DPP1:"`` + Base45 of a
COSE_Sign1 message, zlib'd with the format's preset dictionary when that is
shorter) that fits in a QR code, and verified offline against a set of
trusted public keys::

    import dpp
    trust = dpp.TrustStore([open("issuer.pub.pem").read()])
    result = dpp.verify(open("label.txt").read(), trust)
    print(result.passport["name"], result.claims.iat)

The same signed passport can also travel as a GS1 Digital Link on the
issuer's resolver domain (spec/link.md): ``encode(..., resolver=
"https://id.example.com")`` writes ``"HTTPS://ID.EXAMPLE.COM/01/<GTIN>...#1..."``,
which a phone camera opens and :func:`verify` checks offline like the text
(``result.claims.form == "link"``); :func:`convert` re-spells one form as the
other without re-signing.

Everything that can fail raises :class:`DppError` (or a subclass) carrying
the library's error ``code``, its ``name`` (e.g. ``"DPP_ERR_SIGNATURE"``) and
a ``message`` that names the offending field or limit. Failed verifications
raise a :class:`VerifyError` subclass whose ``report`` says which check failed.

Text arguments accept ``str`` or ``bytes``; binary arguments accept any
bytes-like object. Results are ``str`` for text and ``bytes`` for binary.

Threads: the GIL is released while libdpp works (verify, encode, key
generation, JSON/CBOR conversion, COSE, QR), so verifying from several
threads runs in parallel. :class:`Key`, :class:`TrustStore`,
:class:`Passport` and results may be shared between threads; adding keys to a
:class:`TrustStore` while other threads verify with it is safe (the store is
copied on write).

Native memory is released when an object is garbage-collected, or at once by
``close()`` / a ``with`` block for :class:`Key` and :class:`TrustStore`.
"""

from __future__ import annotations

import copy as _copy
import dataclasses as _dataclasses
import datetime as _datetime
import hashlib as _hashlib
import decimal as _decimal
import json as _json
import os as _os
import threading as _threading
import time as _time
import uuid as _uuid
from typing import Any, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Tuple, Type, Union

from . import _errors

try:
    from . import _native as _n
except ImportError as _e:  # pragma: no cover - depends on the installation
    raise ImportError(
        f"dpp: cannot load the native extension dpp._native ({_e}). Build it with "
        "'pip install --no-build-isolation ./bindings/python' or CMake (see bindings/README.md)") from _e

__version__ = "0.1.0"

__all__ = [
    # constants
    "PREFIX", "MAX_TEXT_LEN", "MAX_LINK_LEN", "MAX_COSE_LEN", "KID_LEN", "ALGORITHMS", "CHECKS", "FORMS",
    # errors
    "DppError", "UsageError", "VerifyError", "MalformedError", "InvalidError",
    "UntrustedError", "RevokedError", "ExpiredError", "SchemaError", "DppKeyError", "QrError",
    "TrustListError", "ImageError", "error_class",
    # classes
    "Key", "TrustStore", "Passport", "Claims",
    "Identifier", "Manufacturer", "Facility", "Material", "Stage", "Footprint", "Certification", "CarbonPrice",
    "Cbam", "CbamInstallation", "CbamElectricity", "CbamPrecursor", "CbamVerifier", "NotCarried", "NotCarriedList",
    "UntpImport", "untp_import", "Report", "VerifyResult",
    "Inspection", "EncodeSizes", "CoseMessage", "QrCode",
    "TrustList", "RevocationList", "ListInfo", "Party", "Signer", "Attestation", "Claim", "Revocation", "Link",
    "ROLES", "CLAIMS", "BINDINGS", "REVOCATION_REASONS", "DEFAULT_GRACE_SECONDS", "attest",
    # functions
    "library_version", "encode", "encode_with_sizes", "encode_cose",
    "text_from_cose", "cose_from_text", "verify", "check", "inspect",
    "convert", "form_of", "normalize_resolver", "HAVE_SCAN", "ScanResult", "scan_image", "verify_image",
    "HAVE_CBAM", "CbamNote", "CbamImport", "cbam_import",
    "cose_sign", "cose_verify", "cose_parse", "base45_encode", "base45_decode",
]

# --------------------------------------------------------------------------
# constants

#: Context prefix of format version 1.
PREFIX = "DPP1:"
#: Longest ``"DPP1:"`` passport text accepted by :func:`verify` (characters).
MAX_TEXT_LEN: int = _n.dppb_max_text_len()
#: Longest link accepted by :func:`verify` and written by :func:`encode` (characters).
MAX_LINK_LEN: int = _n.dppb_max_link_len()
#: Largest COSE message accepted (bytes).
MAX_COSE_LEN: int = _n.dppb_max_cose_len()
#: Length of a key identifier (bytes).
KID_LEN: int = _n.dppb_kid_len()
#: Signature algorithms, by their COSE names.
ALGORITHMS: Tuple[str, ...] = ("ES256", "ES384", "EdDSA", "PS256")
#: Names of the verification checks, in the order they run.
CHECKS: Tuple[str, ...] = tuple(_n.dppb_check_name(i) for i in range(_n.dppb_check_count()))
#: The transport forms of a signed passport: ``"DPP1:"`` text and the GS1 Digital Link.
FORMS: Tuple[str, ...] = ("text", "link")
_FORM_IDS = {"text": 0, "link": 1}

_ALG_IDS = {"ES256": -7, "ES384": -35, "EdDSA": -8, "PS256": -37}
_STATUS_NAMES = ("not_run", "pass", "fail", "skipped")


def _name_table(fn: Any, lo: int, hi: int) -> Dict[str, int]:
    """Names the library gives to the values lo..hi of one of its enumerations."""
    out = {}
    for i in range(lo, hi + 1):
        name = fn(i)
        if name:
            out[name] = i
    return out


_ROLE_IDS = {k: v for k, v in _name_table(_n.dppb_role_name, 0, 15).items() if v != 0}
_CLAIM_IDS = _name_table(_n.dppb_claim_name, 0, _n.dppb_claim_max())
_BINDING_IDS = _name_table(_n.dppb_binding_name, 0, 15)
_REASON_IDS = _name_table(_n.dppb_revocation_reason_name, 0, 15)
#: Roles a trust-list entry can have (spec/trust.md section 3).
ROLES: Tuple[str, ...] = tuple(_ROLE_IDS)
#: Names of the claims that can be attested or scoped, e.g. ``"footprint"``.
CLAIMS: Tuple[str, ...] = tuple(_CLAIM_IDS)
#: What an attestation can be bound to besides its claims.
BINDINGS: Tuple[str, ...] = tuple(_BINDING_IDS)
#: Reasons a revocation can give.
REVOCATION_REASONS: Tuple[str, ...] = tuple(_REASON_IDS)
#: A suggested grace period past a list's next-update time (7 days), in seconds.
DEFAULT_GRACE_SECONDS = 604800
_COMPRESS = {"auto": 0, "never": 1, "always": 2}
_ECC = {"L": 0, "M": 1, "Q": 2, "H": 3}
_ECC_NAMES = "LMQH"
_COSE_TAGGED = 0x01
_COSE_INCLUDE_KID = 0x02
_COSE_ALLOW_UNPROTECTED_ALG = 0x04
_COSE_STRICT = 0x08
_TEXT_TYPES = (str, bytes, bytearray, memoryview)
_BYTES_TYPES = (bytes, bytearray, memoryview)

TimeLike = Union[int, float, _datetime.datetime]


def library_version() -> str:
    """Version of the linked libdpp C library, e.g. ``"0.1.0"``."""
    return _n.dppb_version()


# --------------------------------------------------------------------------
# errors


class DppError(Exception):
    """Base class of every error reported by libdpp.

    Attributes:
        code: the library's numeric error code (``dpp_err``).
        name: the code's enumerator name, e.g. ``"DPP_ERR_SIGNATURE"``.
        message: the library's detail message, naming the field, offset or limit.
        offset: byte offset in the input where the problem was found, or None.
        path: the passport field the problem is about, e.g. ``"materials[2].name"``
            (the library's ``dpp_diag.path``), or None: no need to parse ``message``.
        line, column: 1-based place of a syntax error in a text input (JSON:
            jansson's line and character column; ``dpp_diag.line/column``), or
            None for every other error.
    """

    code: int
    name: str
    message: str
    offset: Optional[int]
    path: Optional[str]
    line: Optional[int]
    column: Optional[int]

    def __init__(self, code: int, message: str = "", offset: Optional[int] = None, *,
                 path: Optional[str] = None) -> None:
        self.code = int(code)
        self.name = _n.dppb_err_name(self.code)
        self.message = message or _n.dppb_err_str(self.code)
        self.offset = offset if offset is not None and offset >= 0 else None
        self.path = path or None
        self.line = None
        self.column = None
        super().__init__(self.code, self.message)

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"

    def __reduce__(self) -> Any:
        return (type(self), (self.code, self.message, self.offset), self._state())

    def _state(self) -> Dict[str, Any]:
        st: Dict[str, Any] = {"path": self.path}
        if self.line is not None:
            st["line"], st["column"] = self.line, self.column
        return st


class UsageError(DppError, ValueError):
    """The API was used wrongly (bad argument, closed object) or the environment
    failed (out of memory, crypto backend); codes 1..19."""


class VerifyError(DppError):
    """A passport text or COSE message was rejected.

    Attributes:
        report: the :class:`Report` of the verification that failed, or None
            when the error did not come from :func:`verify` (e.g. :func:`inspect`).
        check: name of the failing check (see :data:`CHECKS`), or None.
    """

    report: Optional["Report"]
    check: Optional[str]

    def __init__(self, code: int, message: str = "", offset: Optional[int] = None,
                 report: Optional["Report"] = None, *, path: Optional[str] = None) -> None:
        super().__init__(code, message, offset, path=path if path or report is None else report.path)
        self.report = report
        self.check = report.failed_check if report is not None else None

    def __reduce__(self) -> Any:
        return (type(self), (self.code, self.message, self.offset, self.report), self._state())


class MalformedError(VerifyError):
    """Not a well-formed signed passport: prefix, Base45, zlib, CBOR, COSE or
    CWT structure (codes 20..39), or a link that breaks the GS1 Digital Link
    grammar or carries a cut or broken payload (``DPP_ERR_DL_SYNTAX``,
    ``_PERCENT``, ``_AI``, ``_AI_VALUE``, ``_QUALIFIER_ORDER``, ``_QUERY``,
    ``_PAYLOAD``: codes 140..146). Retrying cannot help."""


class InvalidError(VerifyError):
    """Well-formed, but the signature or its algorithm is not acceptable:
    bad signature, missing/unsupported/unprotected alg, alg not matching the
    key, unknown critical header; or a link that does not match what was
    signed: another domain than the signed resolver, or a passport signed
    without one (``DPP_ERR_DL_DOMAIN``), another GTIN
    (``DPP_ERR_DL_PRIMARY_KEY``), another or a missing batch or serial
    (``DPP_ERR_DL_QUALIFIER``). :func:`convert` raises ``DPP_ERR_DL_DOMAIN``
    for a passport signed without a resolver."""


class UntrustedError(VerifyError):
    """The signer is not trusted: no kid, no trusted key with this kid, the
    signer's certificate is not valid at the validation time, or its
    trust-list entry does not allow the role, the product, a claim or the
    signed resolver domain (``DPP_ERR_DL_DOMAIN_SCOPE``)."""


class ExpiredError(VerifyError):
    """The passport is outside its validity period: expired (``exp`` reached) or
    not yet valid (``iat`` in the future beyond the allowed skew)."""


class SchemaError(VerifyError):
    """The passport content is invalid (codes 60..79): a field is missing, has
    the wrong type or shape, is out of range, or the JSON is not well-formed.
    Raised by :func:`verify` for signed content and by :class:`Passport`
    constructors for unsigned content."""


class DppKeyError(DppError):
    """A key or certificate cannot be used: unparsable, unsupported type, a
    public key where a private key is needed, a weak or degenerate key
    (``DPP_ERR_KEY_WEAK``), a private key where a public one belongs
    (``DPP_ERR_KEY_NOT_PUBLIC``) (codes 80..89), or a certificate that does not
    chain or carries no role policy."""


class QrError(DppError):
    """The text does not fit in any allowed QR symbol (codes 90..99)."""


class RevokedError(UntrustedError):
    """The signer's key, the passport or its batch is revoked (DPP_ERR_REVOKED)."""


class TrustListError(DppError):
    """A trust or revocation list is unsigned, signed by an unpinned key, rolled
    back, stale or malformed (DPP_ERR_LIST_*), or the list state file that
    records the last sequence seen cannot be read or written
    (DPP_ERR_STATE_FILE)."""


class ImageError(DppError):
    """A picture of a label cannot be used (codes 160..169): not a picture
    format that is read (``DPP_ERR_IMAGE_FORMAT``), too large, truncated or
    corrupt, no QR code in it (``DPP_ERR_IMAGE_NO_CODE``), codes holding
    something else than a passport, or two different passports."""


def error_class(code: int) -> Type[DppError]:
    """The exception class used for a libdpp error code.

    One table, generated from the library's ``dpp_err`` enum for both this
    package and the Java binding (bindings/common/gen_errors.py): by range
    1..19 :class:`UsageError`, 20..39 :class:`MalformedError`, 40..59
    :class:`InvalidError`, 60..79 :class:`SchemaError`, 80..89
    :class:`DppKeyError`, 90..99 :class:`QrError`, 160..169
    :class:`ImageError`; in the trust range (100..139) and the link range
    (140..159) by code, as each class's docstring lists (link grammar and
    payload 140..146: MalformedError; link not matching the signed passport
    147..149: InvalidError; resolver outside the signer's scope 150:
    UntrustedError). Other codes: :class:`DppError`."""
    name = _errors.CLASS_OF.get(code)
    if name is None:
        name = next((n for lo, hi, n in _errors.RANGES if lo <= code < hi), "DppError")
    cls = globals().get(name, DppError)
    return cls if isinstance(cls, type) and issubclass(cls, DppError) else DppError


def _make_error(code: int, message: str, offset: int, path: str = "", line: int = 0, column: int = 0) -> DppError:
    e = error_class(code)(code, message, offset, path=path)
    if line > 0:
        e.line, e.column = int(line), int(column)
    return e


_n.dppb_set_error_factory(_make_error)


# --------------------------------------------------------------------------
# argument helpers


def _type_name(value: Any) -> str:
    return type(value).__name__


def _text(value: Any, what: str) -> Any:
    if not isinstance(value, _TEXT_TYPES):
        raise TypeError(f"{what} must be str or bytes, not {_type_name(value)}")
    return value


def _bytes(value: Any, what: str) -> Any:
    if not isinstance(value, _BYTES_TYPES):
        if isinstance(value, str):
            raise TypeError(f"{what} must be bytes, not str (encode it first)")
        raise TypeError(f"{what} must be bytes, not {_type_name(value)}")
    return value


def _epoch(value: Any, what: str) -> int:
    """Seconds since the epoch from an int, float or timezone-aware datetime."""
    if isinstance(value, bool) or not isinstance(value, (int, float, _datetime.datetime)):
        raise TypeError(f"{what} must be int, float or datetime, not {_type_name(value)}")
    if isinstance(value, _datetime.datetime):
        if value.tzinfo is None:
            raise ValueError(f"{what} must be a timezone-aware datetime (e.g. tzinfo=timezone.utc)")
        return int(value.timestamp())
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{what} must be a finite number")
        value = int(value)
    if not -(2**63) <= value < 2**63:
        raise ValueError(f"{what} is out of range for a 64-bit timestamp")
    return value


def _now() -> int:
    return int(_time.time())


def _int_arg(value: Any, what: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be int, not {_type_name(value)}")
    if not lo <= value <= hi:
        raise ValueError(f"{what} must be in {lo}..{hi}, got {value}")
    return value


def _choice(value: Any, table: Mapping[str, int], what: str) -> int:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {_type_name(value)}")
    try:
        return table[value]
    except KeyError:
        raise ValueError(f"{what} must be one of {', '.join(table)}; got {value!r}") from None


def _alg_id(alg: Any) -> int:
    return _choice(alg, _ALG_IDS, "alg")


def _json_default(value: Any) -> Any:
    if isinstance(value, _decimal.Decimal):
        return str(value)
    if isinstance(value, _datetime.datetime):
        raise TypeError("datetime values are not passport fields; use a date (YYYY-MM-DD)")
    if isinstance(value, _datetime.date):
        return value.isoformat()
    if isinstance(value, _uuid.UUID):
        return str(value)
    raise TypeError(f"object of type {_type_name(value)} is not JSON serializable")


# --------------------------------------------------------------------------
# keys


class Key:
    """A signing (private) or verification (public) key.

    The algorithm is fixed by the key type: P-256 is ES256, P-384 is ES384,
    Ed25519 is EdDSA, RSA (>= 2048 bits) is PS256. Create keys with
    :meth:`generate`, :meth:`load` or :meth:`from_file`. A key is immutable and
    may be shared between threads. ``repr()`` never shows secret material.

    Use as a context manager (or call :meth:`close`) to free the native key
    immediately; otherwise it is freed when garbage-collected.
    """

    __slots__ = ("_h", "__weakref__")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("use Key.generate(), Key.load() or Key.from_file() to create a Key")

    @classmethod
    def _wrap(cls, handle: Any) -> "Key":
        key = object.__new__(cls)
        key._h = handle
        return key

    @classmethod
    def generate(cls, alg: str = "ES256") -> "Key":
        """A fresh key pair for ``alg`` (one of :data:`ALGORITHMS`; PS256 makes RSA-2048)."""
        return cls._wrap(_n.dppb_key_generate(_alg_id(alg)))

    @classmethod
    def load(cls, data: Union[str, bytes]) -> "Key":
        """Loads a key from PEM text or PEM/DER bytes: a private key (PKCS#8 or
        traditional), a public key (SubjectPublicKeyInfo) or an X.509
        certificate (its public key, with the certificate's validity period).
        Encrypted private keys are not supported (:class:`DppKeyError`)."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        return cls._wrap(_n.dppb_key_load(_bytes(data, "data")))

    @classmethod
    def from_file(cls, path: Union[str, "_os.PathLike[str]"]) -> "Key":
        """Loads a key from a PEM or DER file (see :meth:`load`)."""
        with open(path, "rb") as f:
            return cls.load(f.read())

    def _handle(self) -> Any:
        h = self._h
        if h is None:
            raise ValueError("operation on a closed Key")
        return h

    @property
    def alg(self) -> str:
        """The algorithm name, e.g. ``"ES256"``."""
        return _n.dppb_alg_name(_n.dppb_key_alg(self._handle()))

    @property
    def cose_alg(self) -> int:
        """The COSE algorithm identifier, e.g. -7 for ES256."""
        return _n.dppb_key_alg(self._handle())

    @property
    def is_private(self) -> bool:
        """True if the key can sign."""
        return bool(_n.dppb_key_is_private(self._handle()))

    @property
    def kid(self) -> bytes:
        """Key identifier: the first 8 bytes of SHA-256 over the DER public key."""
        return _n.dppb_key_kid(self._handle())

    @property
    def validity(self) -> Optional[Tuple[int, int]]:
        """``(not_before, not_after)`` in seconds since the epoch if the key came
        from a certificate, else None."""
        h = self._handle()
        if not _n.dppb_key_has_validity(h):
            return None
        return (_n.dppb_key_not_before(h), _n.dppb_key_not_after(h))

    def public_pem(self) -> str:
        """The public key as PEM SubjectPublicKeyInfo."""
        return _n.dppb_key_public_pem(self._handle())

    def private_pem(self) -> str:
        """The private key as unencrypted PKCS#8 PEM (:class:`DppKeyError` for a public key).
        Treat the result as a secret."""
        return _n.dppb_key_private_pem(self._handle())

    def public_der(self) -> bytes:
        """The public key as DER SubjectPublicKeyInfo."""
        return _n.dppb_key_public_der(self._handle())

    def public_key(self) -> "Key":
        """A new Key holding only the public half (what verifiers should trust)."""
        return Key._wrap(_n.dppb_key_public(self._handle()))

    def self_signed_cert(self, common_name: str, not_before: TimeLike, not_after: TimeLike) -> str:
        """A self-signed X.509 certificate (PEM) for this private key with subject
        ``CN=common_name`` and the given validity period."""
        if not isinstance(common_name, str):
            raise TypeError(f"common_name must be str, not {_type_name(common_name)}")
        return _n.dppb_key_self_signed_cert(self._handle(), common_name,
                                            _epoch(not_before, "not_before"),
                                            _epoch(not_after, "not_after"))

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._h is None

    def close(self) -> None:
        """Frees the native key now (idempotent). Trust stores that hold the key
        keep their own reference."""
        self._h = None

    def __enter__(self) -> "Key":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __reduce__(self) -> Any:
        raise TypeError("Key objects cannot be pickled; export them with private_pem() or public_pem()")

    def __repr__(self) -> str:
        if self._h is None:
            return "<dpp.Key closed>"
        kind = "private" if self.is_private else "public"
        return f"<dpp.Key {self.alg} {kind} kid={self.kid.hex()}>"


# --------------------------------------------------------------------------
# trust store


class TrustStore:
    """The public keys (or certificates) whose signatures :func:`verify` accepts.

    ``TrustStore(keys)`` takes :class:`Key` objects or PEM/DER key or certificate
    data (``str`` PEM text or ``bytes``). Adding the same key twice is a no-op.

    Thread safety: verification only reads the store. :meth:`add` builds a new
    native store and swaps it in, so it is safe while other threads verify
    (they finish with the keys they started with).
    """

    __slots__ = ("_h", "_ops", "_lock", "__weakref__")

    def __init__(self, keys: Iterable[Union[Key, str, bytes]] = ()) -> None:
        self._lock = _threading.Lock()
        self._h: Any = None
        # Every change, as (glue function, arguments after the store): replayed
        # into a fresh native store on each change (copy on write).
        ops = [(_n.dppb_trust_add_key, (self._key_handle(k),)) for k in keys]
        self._h = self._build(ops)
        self._ops = ops

    @staticmethod
    def _key_handle(key: Any) -> Any:
        if isinstance(key, Key):
            return key._handle()
        if isinstance(key, str):
            key = key.encode("utf-8")
        if isinstance(key, _BYTES_TYPES):
            return _n.dppb_key_load(key)
        raise TypeError(f"trusted keys must be Key, str (PEM) or bytes (PEM/DER), not {_type_name(key)}")

    @staticmethod
    def _build(ops: List[Tuple[Any, Tuple[Any, ...]]]) -> Any:
        h = _n.dppb_trust_new()
        for fn, args in ops:
            fn(h, *args)
        return h

    def _apply(self, fn: Any, *args: Any) -> Any:
        """Applies one more change: a new native store with every change so far
        plus this one is built, then swapped in (verifications running in other
        threads keep the old store until they return). New trust-store features
        of the C API (trust lists, revocation lists) are added through here.
        Returns what ``fn`` returned; if it raises, the store is unchanged."""
        with self._lock:
            self._handle()
            h = self._build(self._ops)
            out = fn(h, *args)
            self._h = h
            self._ops = self._ops + [(fn, args)]
            return out

    def _handle(self) -> Any:
        h = self._h
        if h is None:
            raise ValueError("operation on a closed TrustStore")
        return h

    def add(self, key: Union[Key, str, bytes]) -> None:
        """Trusts one more key: a :class:`Key`, PEM text, or PEM/DER bytes."""
        self._apply(_n.dppb_trust_add_key, self._key_handle(key))

    def add_file(self, path: Union[str, "_os.PathLike[str]"]) -> None:
        """Trusts the key or certificate in a PEM or DER file."""
        with open(path, "rb") as f:
            self.add(f.read())

    def pin_operator(self, operator: Key, *, scheme: Optional[str] = None) -> None:
        """Pins a trust-list operator's key: trust and revocation lists are
        accepted only when signed by a pinned operator key (its public part is
        kept). An operator key does not sign passports.

        ``scheme``: pin it for a named trust scheme (mutual recognition,
        spec/trust.md 3.8: several schemes' lists at once, each verified
        against its own pins only; 1..63 printable ASCII bytes, at most 16
        schemes); None: the default scheme."""
        if scheme is None:
            self._apply(_n.dppb_trust_pin_operator, _key_handle(operator))
        else:
            self._apply(_n.dppb_trust_scheme_pin_operator, _text(scheme, "scheme"), _key_handle(operator))

    @property
    def schemes(self) -> int:
        """How many named trust schemes the store has (the default scheme not counted)."""
        return int(_n.dppb_trust_scheme_count(self._handle()))

    def load_list(self, data: bytes, *, now: Optional[TimeLike] = None, min_sequence: int = 0,
                  grace: int = DEFAULT_GRACE_SECONDS, scheme: Optional[str] = None) -> "ListInfo":
        """Verifies a signed trust list against the pinned operator keys and
        makes its entries the store's trust-list signers (replacing an earlier
        list's; pinned keys and certificates stay).

        Args:
            data: the signed list (from :meth:`TrustList.sign`).
            now: validation time (default: the current time).
            min_sequence: the highest sequence number accepted before; a lower
                one raises :class:`TrustListError` (``DPP_ERR_LIST_ROLLBACK``).
            grace: seconds a list stays usable past its next-update time.
            scheme: the named trust scheme the list belongs to (verified
                against that scheme's pins only; replaces that scheme's
                entries, other schemes' stay); None: the default scheme.
                :attr:`Signer.scheme` says which scheme recognised a signer.
        Returns:
            the list's :class:`ListInfo`; keep ``info.sequence`` for the next
            ``min_sequence``.
        Raises:
            TrustListError: unsigned, unpinned, rolled back, stale or malformed
                list; signed by another scheme's operator (``DPP_ERR_LIST_WRONG_SCHEME``).
            InvalidError, MalformedError: bad signature or structure.
        """
        args = _list_policy(data, now, min_sequence, grace)
        if scheme is not None:
            return ListInfo._from(self._apply(_n.dppb_trust_scheme_load_list, _text(scheme, "scheme"), *args))
        return ListInfo._from(self._apply(_n.dppb_trust_load_list, *args))

    def load_revocations(self, data: bytes, *, now: Optional[TimeLike] = None, min_sequence: int = 0,
                         grace: int = DEFAULT_GRACE_SECONDS, scheme: Optional[str] = None) -> "ListInfo":
        """Verifies a signed revocation list (from :meth:`RevocationList.sign`)
        like :meth:`load_list` and makes it the store's (or ``scheme``'s)
        revocation list; from then on :func:`verify` rejects revoked keys,
        passports and batches with :class:`RevokedError`, whichever scheme's
        list revokes them (:attr:`Revocation.scheme` names it)."""
        args = _list_policy(data, now, min_sequence, grace)
        if scheme is not None:
            return ListInfo._from(self._apply(_n.dppb_trust_scheme_load_revocations, _text(scheme, "scheme"),
                                              *args))
        return ListInfo._from(self._apply(_n.dppb_trust_load_revocations, *args))

    def load_status(self, data: bytes, *, now: Optional[TimeLike] = None, min_sequence: int = 0,
                    grace: int = DEFAULT_GRACE_SECONDS) -> "ListInfo":
        """Verifies a signed status list, whole or delta (spec/trust.md 6.4),
        against the operator keys pinned for every scheme and keeps it as the
        part with its list id: a whole list replaces the part, a delta applies
        to the held part whose sequence is its base. From then on :func:`verify`
        checks the passport's status claim (-266, list id and index): a set bit
        raises :class:`RevokedError` (``DPP_ERR_STATUS_REVOKED``), an index past
        the end or a part not loaded fails the revocation check
        (``DPP_ERR_STATUS_INDEX``, ``DPP_ERR_STATUS_LIST_MISSING``).

        Args:
            data: the signed status list.
            now, min_sequence, grace: as for :meth:`load_list`.
        Returns:
            the list's :class:`ListInfo`.
        Raises:
            TrustListError: unpinned, rolled back, stale or malformed list; a
                delta whose base part is not held (``DPP_ERR_STATUS_DELTA_BASE``)
                or setting a bit past the end (``DPP_ERR_STATUS_INDEX``).
            InvalidError, MalformedError: bad signature or structure. On any
                error the store is unchanged.
        """
        return ListInfo._from(self._apply(_n.dppb_trust_load_status, *_list_policy(data, now, min_sequence, grace)))

    def add_ca(self, cert: Union[str, bytes]) -> None:
        """Pins a CA certificate (PEM text or PEM/DER bytes; a PEM bundle may hold several)."""
        self._apply(_n.dppb_trust_add_ca, _pem_bytes(cert, "cert"))

    def add_cert(self, cert: Union[str, bytes], chain: Union[str, bytes] = b"") -> None:
        """Trusts a signer certificate after checking once that it chains to a
        pinned CA (:meth:`add_ca`) through the intermediates in ``chain`` (PEM)
        and carries a libdpp role policy. Raises :class:`DppKeyError`
        (``DPP_ERR_CERT_CHAIN``, ``DPP_ERR_CERT_POLICY``) otherwise."""
        self._apply(_n.dppb_trust_add_cert, _pem_bytes(cert, "cert"), _pem_bytes(chain, "chain"))

    def __len__(self) -> int:
        return _n.dppb_trust_count(self._handle())

    def verify(self, text: Union[str, bytes], now: Optional[TimeLike] = None) -> "VerifyResult":
        """Same as :func:`verify` with this store."""
        return verify(text, self, now)

    def check(self, text: Union[str, bytes], now: Optional[TimeLike] = None) -> "Report":
        """Same as :func:`check` with this store."""
        return check(text, self, now)

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._h is None

    def close(self) -> None:
        """Frees the native store now (idempotent). Verifications already
        running in other threads finish first."""
        with self._lock:
            self._h = None
            self._ops = []

    def __enter__(self) -> "TrustStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __reduce__(self) -> Any:
        raise TypeError("TrustStore objects cannot be pickled")

    def __repr__(self) -> str:
        if self._h is None:
            return "<dpp.TrustStore closed>"
        return f"<dpp.TrustStore keys={len(self)}>"


def _pem_bytes(value: Any, what: str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(_bytes(value, what))


def _list_policy(data: Any, now: Any, min_sequence: Any, grace: Any) -> Tuple[Any, int, int, int]:
    return (_bytes(data, "data"), _now() if now is None else _epoch(now, "now"),
            _int_arg(min_sequence, "min_sequence", 0, 2**63 - 1), _int_arg(grace, "grace", 0, 2**62))


def _names_of(mask: int) -> Tuple[str, ...]:
    return tuple(name for name, i in _CLAIM_IDS.items() if mask >> i & 1)


def _claim_mask(claims: Any, what: str = "claims") -> int:
    if isinstance(claims, str):
        claims = (claims,)
    mask = 0
    for name in claims:
        if not isinstance(name, str):
            raise TypeError(f"{what} must be claim names (str), not {_type_name(name)}")
        if name not in _CLAIM_IDS:
            raise ValueError(f"unknown claim {name!r}; claims are {', '.join(CLAIMS)}")
        mask |= 1 << _CLAIM_IDS[name]
    return mask


def _days(value: Any, what: str) -> int:
    """Days since 1970-01-01 from a date, an ISO date string or an int."""
    if isinstance(value, _datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = _datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{what} must be an ISO date (YYYY-MM-DD), got {value!r}") from None
    if isinstance(value, _datetime.date):
        return (value - _datetime.date(1970, 1, 1)).days
    return _int_arg(value, what, 0, 65535)


@_dataclasses.dataclass(frozen=True)
class ListInfo:
    """What a loaded trust or revocation list says about itself.

    Attributes:
        sequence: the list's sequence number (pass it as the next ``min_sequence``).
        issued_at: when the list was signed (seconds since the epoch).
        next_update: when a newer list is due (seconds since the epoch).
        entries: trust-list entries, or revocations of every kind.
        past_next_update: accepted only thanks to the grace period: fetch a new list.
        signer_kid: kid of the operator key that signed the list.
    """

    sequence: int
    issued_at: int
    next_update: int
    entries: int
    past_next_update: bool
    signer_kid: bytes

    @classmethod
    def _from(cls, i: Any) -> "ListInfo":
        return cls(int(i.sequence), int(i.issued_at), int(i.next_update), int(i.entries), bool(i.past_next_update),
                   bytes(i.signer_kid))


class _NativeList:
    """Shared part of :class:`TrustList` and :class:`RevocationList`."""

    __slots__ = ("_h", "__weakref__")
    _sign_fn: Any = None
    _count_fn: Any = None

    def _handle(self) -> Any:
        h = self._h
        if h is None:
            raise ValueError(f"operation on a closed {type(self).__name__}")
        return h

    def __len__(self) -> int:
        return type(self)._count_fn(self._handle())

    def sign(self, operator: Key, *, sequence: int, next_update: TimeLike,
             issued_at: Optional[TimeLike] = None) -> bytes:
        """Signs the list with the operator's private key (COSE_Sign1).

        Args:
            operator: the list operator's private :class:`Key` (pinned by verifiers).
            sequence: >= 1, higher than every list signed before.
            next_update: when the list becomes stale (plus the verifier's grace).
            issued_at: signing time (default: now).
        """
        iat = _now() if issued_at is None else _epoch(issued_at, "issued_at")
        return type(self)._sign_fn(self._handle(), _key_handle(operator),
                                   _int_arg(sequence, "sequence", 1, 2**63 - 1), iat,
                                   _epoch(next_update, "next_update"))

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._h is None

    def close(self) -> None:
        """Frees the native list now (idempotent)."""
        self._h = None

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __reduce__(self) -> Any:
        raise TypeError(f"{type(self).__name__} objects cannot be pickled")


class TrustList(_NativeList):
    """A trust list being built by its operator (spec/trust.md section 3):
    entries binding a key to a party, a role, a validity window and a scope.
    :meth:`sign` produces the signed list that :meth:`TrustStore.load_list` loads.

    Not thread-safe while being modified.
    """

    __slots__ = ()
    _sign_fn = _n.dppb_trustlist_sign
    _count_fn = _n.dppb_trustlist_count

    def __init__(self) -> None:
        self._h = _n.dppb_trustlist_new()

    @classmethod
    def parse(cls, data: bytes, operator: Key) -> "TrustList":
        """Verifies a signed list with the operator's key (no freshness check) and
        decodes it for editing: :meth:`add`/:meth:`remove`, then :meth:`sign`
        with a higher sequence number."""
        tl = object.__new__(cls)
        tl._h = _n.dppb_trustlist_parse(_bytes(data, "data"), _key_handle(operator))
        return tl

    def remove(self, kid: Union[bytes, Key], role: Optional[str] = None) -> int:
        """Removes the entries of a kid (or :class:`Key`) with this role (None:
        every role); returns how many. :class:`UsageError` (``DPP_ERR_NOT_FOUND``)
        if none matched."""
        if isinstance(kid, Key):
            kid = kid.kid
        role_id = 0 if role is None else _choice(role, _ROLE_IDS, "role")
        return _n.dppb_trustlist_remove(self._handle(), bytes(_bytes(kid, "kid")), role_id)

    def add(self, key: Union[Key, str, bytes], role: str, *, name: str, country: str,
            identifier: Optional[Tuple[str, str]] = None, not_before: Optional[TimeLike] = None,
            not_after: Optional[TimeLike] = None, claims: Iterable[str] = (),
            gtin_prefixes: Iterable[str] = (), categories: Iterable[str] = (),
            resolvers: Iterable[str] = ()) -> bytes:
        """Adds an entry and returns its key's kid.

        Args:
            key: a :class:`Key` (its public part is listed), or PEM/DER key or
                certificate data.
            role: one of :data:`ROLES`.
            name, country: the party (country: ISO 3166-1 alpha-2).
            identifier: optional ``(scheme, value)``, e.g. ``("LEI", "...")``.
            not_before, not_after: optional validity window of the entry.
            claims: names from :data:`CLAIMS` the party may attest or declare (empty: any).
            gtin_prefixes, categories: optional product scope.
            resolvers: up to 4 resolvers the party may sign into its passports
                (``"https://id.example.com"``, normalised like :func:`encode`
                does); a signed resolver is allowed if it equals one or lies
                under one's path (``"example.com"`` allows ``"example.com/dpp"``,
                not ``"id.example.com"``). Empty: any. A passport signed with
                another resolver fails check ``scope`` with
                :class:`UntrustedError` ``DPP_ERR_DL_DOMAIN_SCOPE``, in either form.
        Raises:
            UsageError: an invalid field (named in the message) or a duplicate entry.
        """
        if isinstance(key, Key):
            data = key.public_der()
        else:
            data = _pem_bytes(key, "key")
        role_id = _choice(role, _ROLE_IDS, "role")
        e = _n.dppb_entry_new(data, role_id)
        _n.dppb_entry_set_party(e, 0, _text(name, "name"))
        _n.dppb_entry_set_party(e, 1, _text(country, "country"))
        if identifier is not None:
            if not isinstance(identifier, tuple) or len(identifier) != 2:
                raise TypeError("identifier must be a (scheme, value) tuple")
            _n.dppb_entry_set_party(e, 2, _text(identifier[0], "identifier scheme"))
            _n.dppb_entry_set_party(e, 3, _text(identifier[1], "identifier value"))
        _n.dppb_entry_set_window(e, int(not_before is not None),
                                 0 if not_before is None else _epoch(not_before, "not_before"),
                                 int(not_after is not None), 0 if not_after is None else _epoch(not_after, "not_after"))
        _n.dppb_entry_set_claims(e, _claim_mask(claims))
        for prefix in ([gtin_prefixes] if isinstance(gtin_prefixes, str) else gtin_prefixes):
            _n.dppb_entry_add_gtin_prefix(e, _text(prefix, "gtin prefix"))
        for cat in ([categories] if isinstance(categories, str) else categories):
            _n.dppb_entry_add_category(e, _text(cat, "category"))
        for res in ([resolvers] if isinstance(resolvers, str) else resolvers):
            _n.dppb_entry_add_resolver(e, _text(res, "resolver"))
        _n.dppb_trustlist_add(self._handle(), e)
        return _n.dppb_entry_kid(e)

    def __repr__(self) -> str:
        return "<dpp.TrustList closed>" if self._h is None else f"<dpp.TrustList entries={len(self)}>"


class RevocationList(_NativeList):
    """A revocation list being built by its operator (spec/trust.md section 6):
    revoked keys (by kid), passports (by id) and batches (GTIN + batch), each
    with a reason from :data:`REVOCATION_REASONS` and an effective date (a
    :class:`datetime.date`, ``"YYYY-MM-DD"`` or days since 1970-01-01).
    :meth:`sign` produces what :meth:`TrustStore.load_revocations` loads.
    """

    __slots__ = ()
    _sign_fn = _n.dppb_revlist_sign
    _count_fn = _n.dppb_revlist_count

    def __init__(self) -> None:
        self._h = _n.dppb_revlist_new()

    def _add(self, kind: int, data: bytes, gtin: str, batch: str, reason: Any, date: Any) -> None:
        _n.dppb_revlist_add(self._handle(), kind, data, gtin, batch, _choice(reason, _REASON_IDS, "reason"),
                            _days(date, "date"))

    def add_key(self, kid: Union[bytes, Key], *, reason: str = "key-compromise", date: Any = 0) -> None:
        """Revokes a key by its kid (or a :class:`Key`): passports and attestations it signed."""
        if isinstance(kid, Key):
            kid = kid.kid
        self._add(1, bytes(_bytes(kid, "kid")), "", "", reason, date)

    def add_passport(self, passport_id: Union[str, bytes, _uuid.UUID], *, reason: str = "recall",
                     date: Any = 0) -> None:
        """Revokes one passport by its id (UUID, UUID text or 16 bytes)."""
        if isinstance(passport_id, str):
            passport_id = _uuid.UUID(passport_id)
        if isinstance(passport_id, _uuid.UUID):
            passport_id = passport_id.bytes
        self._add(2, bytes(_bytes(passport_id, "passport_id")), "", "", reason, date)

    def add_batch(self, gtin: str, batch: str, *, reason: str = "recall", date: Any = 0) -> None:
        """Revokes every passport of a batch of a product."""
        self._add(3, b"", _text(gtin, "gtin"), _text(batch, "batch"), reason, date)

    def __repr__(self) -> str:
        return "<dpp.RevocationList closed>" if self._h is None else f"<dpp.RevocationList entries={len(self)}>"


# --------------------------------------------------------------------------
# passports


def _dec(d: Any) -> _decimal.Decimal:
    """A dpp_decimal (mantissa * 10^exponent) as an exact Decimal, trailing zeros kept."""
    # exact: the text form never rounds (a context's precision does not apply)
    return _decimal.Decimal(f"{int(d.mantissa)}E{int(d.exponent)}")


def _day(days: int) -> _datetime.date:
    return _datetime.date.fromordinal(_EPOCH_ORDINAL + int(days))


_EPOCH_ORDINAL = _datetime.date(1970, 1, 1).toordinal()


def _opt(text: str) -> Optional[str]:
    return text or None


@_dataclasses.dataclass(frozen=True)
class Identifier:
    """An identifier with its scheme, e.g. ``Identifier("EORI", "DE123456789012345")``."""

    scheme: str
    value: str

    @classmethod
    def _of(cls, i: Any) -> Optional["Identifier"]:
        return cls(i.scheme, i.value) if i.scheme or i.value else None


@_dataclasses.dataclass(frozen=True)
class Manufacturer:
    """The passport's manufacturer: name, ISO 3166-1 country and economic operator id."""

    name: str
    country: str
    operator_id: Optional[Identifier]


@_dataclasses.dataclass(frozen=True)
class Facility:
    """The production site: its identifier (e.g. a GLN) and name."""

    id: Identifier
    name: Optional[str]


@_dataclasses.dataclass(frozen=True)
class Material:
    """A material of the product; shares are fractions 0..1, the mass is in ``mass_unit``."""

    name: str
    cas: Optional[str]
    mass_fraction: Optional[_decimal.Decimal]
    mass: Optional[_decimal.Decimal]
    mass_unit: Optional[str]
    recycled_share: Optional[_decimal.Decimal]
    renewable_share: Optional[_decimal.Decimal]
    origin: Optional[str]
    hazardous: bool

    @classmethod
    def _of(cls, m: Any) -> "Material":
        return cls(m.name, _opt(m.cas), _dec(m.mass_fraction) if m.has_mass_fraction else None,
                   _dec(m.mass) if m.has_mass else None, _opt(m.mass_unit),
                   _dec(m.recycled_share) if m.has_recycled_share else None,
                   _dec(m.renewable_share) if m.has_renewable_share else None, _opt(m.origin), bool(m.hazardous))


@_dataclasses.dataclass(frozen=True)
class Stage:
    """One life-cycle stage of a footprint (``"raw-materials"`` ... ``"end-of-life"``), kgCO2e per unit."""

    stage: str
    value: _decimal.Decimal


@_dataclasses.dataclass(frozen=True)
class Footprint:
    """The declared carbon footprint, kgCO2e per ``declared_unit``, with its stages.

    ``verification`` is what the passport declares; whether a third party vouches
    for it is :meth:`VerifyResult.claim` ``("footprint")``."""

    total: _decimal.Decimal
    declared_unit: str
    boundary: str
    method: str
    stages: Tuple[Stage, ...]
    period_start: _datetime.date
    period_end: _datetime.date
    primary_share: Optional[_decimal.Decimal]
    electricity_ef: Optional[_decimal.Decimal]
    electricity_ef_source: Optional[str]
    verification: str

    @classmethod
    def _of(cls, f: Any) -> "Footprint":
        stages = tuple(Stage(_n.dpp_stage_kind_name(s.stage), _dec(s.value))
                       for s in (f.stage_at(i) for i in range(f.n_stages)))
        return cls(_dec(f.total), f.declared_unit, _n.dpp_boundary_name(f.boundary), _n.dpp_method_name(f.method),
                   stages, _day(f.period_start), _day(f.period_end),
                   _dec(f.primary_share) if f.has_primary_share else None,
                   _dec(f.electricity_ef) if f.has_electricity_ef else None, _opt(f.electricity_ef_source),
                   _n.dpp_verification_name(f.verification))


@_dataclasses.dataclass(frozen=True)
class Certification:
    """A certificate held by the manufacturer or for the product."""

    scheme: str
    certificate_id: str
    issuer: str
    valid_from: Optional[_datetime.date]
    valid_until: Optional[_datetime.date]
    scope: Optional[str]

    @classmethod
    def _of(cls, c: Any) -> "Certification":
        return cls(c.scheme, c.certificate_id, c.issuer, _day(c.valid_from) if c.has_valid_from else None,
                   _day(c.valid_until) if c.has_valid_until else None, _opt(c.scope))


@_dataclasses.dataclass(frozen=True)
class CarbonPrice:
    """A carbon price paid in the country of origin, per tonne of good.

    The details (communication template, all optional): ``covered`` embedded
    emissions covered by the price (tCO2e/t), ``rebate`` per tonne in
    ``currency`` with its ``rebate_type``, ``rebate_covered`` emissions covered
    by the rebate (tCO2e/t), ``effective`` price due per tonne."""

    amount: _decimal.Decimal
    currency: str
    instrument: str
    covered: Optional[_decimal.Decimal] = None
    rebate: Optional[_decimal.Decimal] = None
    rebate_type: Optional[str] = None
    rebate_covered: Optional[_decimal.Decimal] = None
    effective: Optional[_decimal.Decimal] = None


def _dec_if(has: Any, d: Any) -> Optional[_decimal.Decimal]:
    return _dec(d) if has else None


@_dataclasses.dataclass(frozen=True)
class CbamInstallation:
    """The installation a CBAM good comes from (name, address, UN/LOCODE, the main
    emission source's coordinates in decimal degrees, economic activity, operator)."""

    name: str
    street: Optional[str]
    city: Optional[str]
    postcode: Optional[str]
    country: str
    unlocode: Optional[str]
    latitude: Optional[_decimal.Decimal]
    longitude: Optional[_decimal.Decimal]
    activity: Optional[str]
    operator_id: Optional[Identifier]

    @classmethod
    def _of(cls, i: Any) -> "CbamInstallation":
        return cls(i.name, _opt(i.street), _opt(i.city), _opt(i.postcode), i.country, _opt(i.unlocode),
                   _dec_if(i.has_coordinates, i.latitude), _dec_if(i.has_coordinates, i.longitude),
                   _opt(i.activity), Identifier._of(i.operator_id))


@_dataclasses.dataclass(frozen=True)
class CbamElectricity:
    """Electricity consumed (MWh per tonne of good), its emission factor (tCO2e/MWh)
    and the factor's source (e.g. ``"Mix"``)."""

    consumed: _decimal.Decimal
    emission_factor: Optional[_decimal.Decimal]
    source: Optional[str]


@_dataclasses.dataclass(frozen=True)
class CbamPrecursor:
    """A relevant precursor: CN code, tonnes per tonne of good, and its specific
    embedded emissions (tCO2e per tonne of precursor)."""

    cn_code: str
    quantity: Optional[_decimal.Decimal]
    see_direct: _decimal.Decimal
    see_indirect: Optional[_decimal.Decimal]

    @classmethod
    def _of(cls, p: Any) -> "CbamPrecursor":
        return cls(p.cn_code, _dec_if(p.has_quantity, p.quantity), _dec(p.see_direct),
                   _dec_if(p.has_see_indirect, p.see_indirect))


@_dataclasses.dataclass(frozen=True)
class CbamVerifier:
    """The accredited verifier of the installation's data (names it; proves nothing:
    an attestation by a ``cbam-verifier`` key does)."""

    name: str
    country: Optional[str]
    accreditation_state: Optional[str]
    accreditation_body: Optional[str]
    accreditation_id: Optional[str]


@_dataclasses.dataclass(frozen=True)
class Cbam:
    """EU CBAM data: CN code, origin, specific embedded emissions (tCO2e per tonne) and carbon price.

    The communication template's data (all optional, None / ``()`` when
    absent): :class:`CbamInstallation`, the reporting period, production
    process, goods category, total SEE and its unit (``"tCO2e/t"`` or
    ``"tCO2e/MWh"``), default-value share, :class:`CbamElectricity`,
    :class:`CbamPrecursor` list, :class:`CbamVerifier`; the price's details are
    in :class:`CarbonPrice`. :meth:`Passport.cbam_qr` keeps the QR code's subset."""

    cn_code: str
    origin: str
    installation_id: Optional[str]
    route: Optional[str]
    see_direct: _decimal.Decimal
    see_indirect: Optional[_decimal.Decimal]
    method: str
    carbon_price: Optional[CarbonPrice]
    installation: Optional[CbamInstallation] = None
    period_start: Optional[_datetime.date] = None
    period_end: Optional[_datetime.date] = None
    process: Optional[str] = None
    goods_category: Optional[str] = None
    see_total: Optional[_decimal.Decimal] = None
    see_unit: Optional[str] = None
    default_share: Optional[_decimal.Decimal] = None
    electricity: Optional[CbamElectricity] = None
    precursors: Tuple[CbamPrecursor, ...] = ()
    verifier: Optional[CbamVerifier] = None

    @classmethod
    def _of(cls, c: Any) -> "Cbam":
        price = (CarbonPrice(_dec(c.carbon_price), c.carbon_price_currency,
                             _n.dpp_price_instrument_name(c.carbon_price_instrument),
                             _dec_if(c.has_price_covered, c.price_covered), _dec_if(c.has_rebate, c.rebate),
                             _opt(c.rebate_type), _dec_if(c.has_rebate_covered, c.rebate_covered),
                             _dec_if(c.has_effective_price, c.effective_price))
                 if c.has_carbon_price else None)
        v = c.verifier
        return cls(c.cn_code, c.origin, _opt(c.installation_id), _opt(c.route), _dec(c.see_direct),
                   _dec(c.see_indirect) if c.has_see_indirect else None, _n.dpp_cbam_method_name(c.method), price,
                   CbamInstallation._of(c.installation) if c.has_installation else None,
                   _day(c.period_start) if c.has_period else None, _day(c.period_end) if c.has_period else None,
                   _opt(c.process), _opt(c.goods_category), _dec_if(c.has_see_total, c.see_total),
                   _opt(c.see_unit), _dec_if(c.has_default_share, c.default_share),
                   CbamElectricity(_dec(c.electricity), _dec_if(c.has_electricity_ef, c.electricity_ef),
                                   _opt(c.electricity_ef_source)) if c.has_electricity else None,
                   tuple(CbamPrecursor._of(c.precursor_at(i)) for i in range(c.n_precursors)),
                   CbamVerifier(v.name, _opt(v.country), _opt(v.accreditation_state), _opt(v.accreditation_body),
                                _opt(v.accreditation_id)) if c.has_verifier else None)


@_dataclasses.dataclass(frozen=True)
class _Model:
    id: str
    gtin: str
    batch: Optional[str]
    serial: Optional[str]
    name: str
    category: Optional[str]
    production_date: Optional[_datetime.date]
    manufacturer: Manufacturer
    facility: Optional[Facility]
    materials: Tuple[Material, ...]
    footprint: Optional[Footprint]
    certifications: Tuple[Certification, ...]
    cbam: Optional[Cbam]

    @classmethod
    def _of(cls, p: Any) -> "_Model":
        m = p.manufacturer
        return cls(str(_uuid.UUID(bytes=bytes(p.id))), p.gtin, _opt(p.batch), _opt(p.serial), p.name,
                   _opt(p.category), _day(p.production_date) if p.has_production_date else None,
                   Manufacturer(m.name, m.country, Identifier._of(m.operator_id)),
                   Facility(Identifier(p.facility.id.scheme, p.facility.id.value), _opt(p.facility.name))
                   if p.has_facility else None,
                   tuple(Material._of(p.material(i)) for i in range(p.n_materials)),
                   Footprint._of(p.footprint) if p.has_footprint else None,
                   tuple(Certification._of(p.certification(i)) for i in range(p.n_certifications)),
                   Cbam._of(p.cbam) if p.has_cbam else None)


class Passport(Mapping[str, Any]):
    """A validated digital product passport.

    Build one from a plain dict (``Passport(d)`` or :meth:`from_dict`), from its
    JSON form (:meth:`from_json`, :meth:`from_file`) or from CBOR
    (:meth:`from_cbor`); every constructor validates the content and raises
    :class:`SchemaError` naming the bad field. A Passport is immutable.

    Typed attributes read the library's passport directly: :attr:`materials`
    (:class:`Material`), :attr:`footprint` (:class:`Footprint` with its
    :class:`Stage` list), :attr:`certifications` (:class:`Certification`),
    :attr:`cbam` (:class:`Cbam`), :attr:`manufacturer`, :attr:`facility`;
    amounts are :class:`decimal.Decimal` (exact, trailing zeros kept), dates
    :class:`datetime.date`, enumerations their schema spelling
    (``"cradle-to-gate"``), absent optional values None.

    A Passport is also a read-only :class:`~collections.abc.Mapping` over the
    documented JSON form: ``passport["name"]``, ``passport.get("batch")``,
    :meth:`to_dict` (a fresh dict each time; decimals as strings such as
    ``"12.50"``, dates as ``"YYYY-MM-DD"``).

    In dicts given to the constructors, :class:`decimal.Decimal`,
    :class:`datetime.date` and :class:`uuid.UUID` values are accepted too.
    """

    __slots__ = ("_h", "_dict", "_m", "__weakref__")

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._h = Passport.from_dict(data)._h
        self._dict: Optional[Dict[str, Any]] = None
        self._m: Optional[_Model] = None

    @classmethod
    def _wrap(cls, handle: Any) -> "Passport":
        p = object.__new__(cls)
        p._h = handle
        p._dict = None
        p._m = None
        return p

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Passport":
        """Validates a dict in the passport's JSON form."""
        if not isinstance(data, Mapping):
            raise TypeError(f"passport data must be a mapping (dict), not {_type_name(data)}")
        try:
            text = _json.dumps(data, default=_json_default, ensure_ascii=False, allow_nan=False)
        except ValueError as e:  # NaN/Infinity or circular references
            raise ValueError(f"passport data cannot be written as JSON: {e}") from None
        return cls._wrap(_n.dppb_passport_from_json(text))

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Passport":
        """Parses and validates the JSON form (unknown members are rejected)."""
        return cls._wrap(_n.dppb_passport_from_json(_text(text, "text")))

    @classmethod
    def from_file(cls, path: Union[str, "_os.PathLike[str]"]) -> "Passport":
        """Reads the JSON form from a file (e.g. ``examples/passport.json``)."""
        with open(path, "rb") as f:
            return cls.from_json(f.read())

    @classmethod
    def from_cbor(cls, data: bytes) -> "Passport":
        """Decodes the deterministic CBOR payload form (strict) and validates it."""
        return cls._wrap(_n.dppb_passport_from_cbor(_bytes(data, "data")))

    def to_json(self) -> str:
        """The canonical JSON text (2-space indent, schema key order)."""
        return _n.dppb_passport_to_json(self._h)

    def to_cbor(self) -> bytes:
        """The deterministic CBOR payload (the signed claim's value)."""
        return _n.dppb_passport_to_cbor(self._h)

    def cbam_qr(self) -> "Passport":
        """The label's passport: a copy whose CBAM block keeps only what belongs in
        the QR code (CN code, origin, installation id, route, SEE direct,
        indirect, total and unit, method, default share, period, carbon price
        amount, currency, instrument and effective price); the rest travels in
        the full document the label links to. Without CBAM: an equal copy."""
        return Passport._wrap(_n.dppb_passport_cbam_qr(self._h))

    def _fields(self) -> Dict[str, Any]:
        d = self._dict
        if d is None:
            d = _json.loads(self.to_json())
            self._dict = d
        return d

    def to_dict(self) -> Dict[str, Any]:
        """A new dict in the JSON form (safe to modify)."""
        return _copy.deepcopy(self._fields())

    def __getitem__(self, field: str) -> Any:
        return _copy.deepcopy(self._fields()[field])

    def get(self, field: str, default: Any = None) -> Any:
        """The value of a top-level field, or ``default`` if it is absent."""
        d = self._fields()
        return _copy.deepcopy(d[field]) if field in d else default

    def __contains__(self, field: object) -> bool:
        return field in self._fields()

    def keys(self) -> List[str]:  # type: ignore[override]  # a list, as before Passport was a Mapping
        """Names of the top-level fields present, in schema order."""
        return list(self._fields())

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._fields())

    def _model(self) -> _Model:
        m = self._m
        if m is None:
            m = _Model._of(self._h)
            self._m = m
        return m

    @property
    def id(self) -> str:
        """The passport id (UUID text)."""
        return str(_uuid.UUID(bytes=bytes(self._h.id)))  # scalars: read directly, no model

    @property
    def gtin(self) -> str:
        """The product's GTIN (14 digits)."""
        return str(self._h.gtin)

    @property
    def name(self) -> str:
        """The product name."""
        return str(self._h.name)

    @property
    def batch(self) -> Optional[str]:
        """The batch or lot number, or None."""
        return _opt(self._h.batch)

    @property
    def serial(self) -> Optional[str]:
        """The serial number, or None."""
        return _opt(self._h.serial)

    @property
    def category(self) -> Optional[str]:
        """The product category, or None."""
        return _opt(self._h.category)

    @property
    def production_date(self) -> Optional[_datetime.date]:
        """The production date, or None."""
        return self._model().production_date

    @property
    def manufacturer(self) -> Manufacturer:
        """The manufacturer."""
        return self._model().manufacturer

    @property
    def facility(self) -> Optional[Facility]:
        """The production site, or None."""
        return self._model().facility

    @property
    def materials(self) -> Tuple[Material, ...]:
        """The materials, in passport order."""
        return self._model().materials

    @property
    def footprint(self) -> Optional[Footprint]:
        """The declared carbon footprint, or None."""
        return self._model().footprint

    @property
    def certifications(self) -> Tuple[Certification, ...]:
        """The certifications, in passport order."""
        return self._model().certifications

    @property
    def cbam(self) -> Optional[Cbam]:
        """The CBAM data, or None."""
        return self._model().cbam

    @property
    def extensions(self) -> Optional[Dict[str, Any]]:
        """The application-defined extension members (JSON values), or None."""
        return self.get("extensions")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Passport):
            return NotImplemented
        return self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __reduce__(self) -> Any:
        return (Passport.from_json, (self.to_json(),))

    def __repr__(self) -> str:
        return f"<dpp.Passport gtin={self.gtin} name={self.name!r}>"



# --------------------------------------------------------------------------
# results


@_dataclasses.dataclass(frozen=True)
class Claims:
    """CWT claims and signing details of a passport text.

    Attributes:
        iat: issued-at, seconds since the epoch.
        exp: expiry in seconds since the epoch, or None.
        iss: issuer, or None.
        alg: signature algorithm name, e.g. ``"ES256"``.
        kid: key identifier of the signing key (8 bytes).
        compressed: the transport used zlib (with preset dictionary v1, or,
            in texts written before it was adopted, without a dictionary).
        form: the transport form the input was in: ``"text"`` (``"DPP1:"``)
            or ``"link"`` (GS1 Digital Link, spec/link.md).
        resolver: the signed resolver the passport may travel under as a
            link (CWT claim -265, e.g. ``"id.example.com"``), ``""`` when it
            has none. A verified link's domain is this one.
    """

    iat: int
    exp: Optional[int]
    iss: Optional[str]
    alg: str
    kid: bytes
    compressed: bool
    form: str = "text"
    resolver: str = ""

    @classmethod
    def _from(cls, r: Any) -> "Claims":
        iss = _n.dppb_result_iss(r)
        form = _n.dppb_result_form(r)
        return cls(iat=_n.dppb_result_iat(r),
                   exp=_n.dppb_result_exp(r) if _n.dppb_result_has_exp(r) else None,
                   iss=iss or None,
                   alg=_n.dppb_alg_name(_n.dppb_result_alg(r)),
                   kid=_n.dppb_result_kid(r),
                   compressed=bool(_n.dppb_result_compressed(r)),
                   form=FORMS[form] if 0 <= form < len(FORMS) else str(form),
                   resolver=_n.dppb_result_resolver(r))

    def to_dict(self) -> Dict[str, Any]:
        """The claims as a dict (kid as lowercase hex)."""
        return {"iat": self.iat, "exp": self.exp, "iss": self.iss, "alg": self.alg,
                "kid": self.kid.hex(), "compressed": self.compressed, "form": self.form,
                "resolver": self.resolver}


@_dataclasses.dataclass(frozen=True)
class Party:
    """A party as the trust store knows it (empty for a pinned key).

    Attributes:
        name: the party's name.
        country: ISO 3166-1 alpha-2 code.
        identifier: ``(scheme, value)``, e.g. ``("LEI", "...")``, or None.
    """

    name: str
    country: str
    identifier: Optional[Tuple[str, str]]


@_dataclasses.dataclass(frozen=True)
class Signer:
    """Who signed a passport or an attestation, as the trust store knows them.

    Attributes:
        source: where the trust comes from: ``"pinned"``, ``"trust-list"`` or ``"x509"``.
        role: ``"any"`` for a pinned key, else the trust-list or certificate role.
        party: the :class:`Party`.
        kid: the key identifier (8 bytes).
        scheme: the named trust scheme whose list recognised the key, or None
            (the default scheme, or not from a trust list).
        scheme_operator: the kid of the operator key that signed that list,
            or None (pinned keys and certificates).
    """

    source: str
    role: str
    party: Party
    kid: bytes
    scheme: Optional[str] = None
    scheme_operator: Optional[bytes] = None

    @classmethod
    def _from(cls, r: Any, who: int) -> "Signer":
        p = _n.dppb_result_signer_party(r, who)
        ident = Identifier._of(p.operator_id) if p is not None else None
        return cls(source=_n.dppb_key_source_name(_n.dppb_result_signer_source(r, who)) or "none",
                   role=_n.dppb_role_name(_n.dppb_result_signer_role(r, who)) or "any",
                   party=Party(p.name if p is not None else "", p.country if p is not None else "",
                               (ident.scheme, ident.value) if ident is not None else None),
                   kid=_n.dppb_result_signer_kid(r, who),
                   scheme=_n.dppb_result_signer_scheme(r, who) or None,
                   scheme_operator=_n.dppb_result_signer_scheme_operator(r, who) or None)

    def to_dict(self) -> Dict[str, Any]:
        """The signer as a plain dict (kids as hex)."""
        return {"source": self.source, "role": self.role, "party": _dataclasses.asdict(self.party),
                "kid": self.kid.hex(), "scheme": self.scheme,
                "scheme_operator": self.scheme_operator.hex() if self.scheme_operator is not None else None}


@_dataclasses.dataclass(frozen=True)
class Attestation:
    """A verified third-party attestation carried by a passport.

    Attributes:
        claims: names of the attested claims (see :data:`CLAIMS`).
        binding: what it is bound to besides the claims (see :data:`BINDINGS`).
        alg: the attester's signature algorithm.
        kid: the attester's key identifier.
        attester: the :class:`Signer` who attested.
    """

    claims: Tuple[str, ...]
    binding: str
    alg: str
    kid: bytes
    attester: Signer

    def to_dict(self) -> Dict[str, Any]:
        """The attestation as a plain dict."""
        return {"claims": list(self.claims), "binding": self.binding, "alg": self.alg, "kid": self.kid.hex(),
                "attester": self.attester.to_dict()}


@_dataclasses.dataclass(frozen=True)
class Revocation:
    """The revocation that rejected a passport (:attr:`Report.revocation`).

    Attributes:
        kind: ``"key"``, ``"passport"`` or ``"batch"``.
        reason: one of :data:`REVOCATION_REASONS`.
        date: the effective date.
        kid: the revoked key's kid (kind ``"key"``), else None.
        passport_id: the revoked passport's id as UUID text (kind ``"passport"``), else None.
        gtin, batch: the revoked batch (kind ``"batch"``), else None.
        scheme: the named trust scheme whose revocation list matched, or None
            (the default scheme's list).
    """

    kind: str
    reason: str
    date: _datetime.date
    kid: Optional[bytes] = None
    passport_id: Optional[str] = None
    gtin: Optional[str] = None
    batch: Optional[str] = None
    scheme: Optional[str] = None

    @classmethod
    def _from(cls, r: Any) -> Optional["Revocation"]:
        kind = _n.dppb_result_revocation_kind(r)
        if kind == 0:
            return None
        subject = _n.dppb_result_revocation_subject(r)
        date = _datetime.date(1970, 1, 1) + _datetime.timedelta(days=_n.dppb_result_revocation_date(r))
        rev = cls(kind=_n.dppb_revocation_kind_name(kind) or str(kind),
                  reason=_n.dppb_revocation_reason_name(_n.dppb_result_revocation_reason(r)) or "unspecified",
                  date=date, scheme=_n.dppb_result_revoked_by(r) or None)
        if rev.kind == "key":
            return _dataclasses.replace(rev, kid=subject)
        if rev.kind == "passport":
            return _dataclasses.replace(rev, passport_id=str(_uuid.UUID(bytes=subject)))
        return _dataclasses.replace(rev, gtin=_n.dppb_result_revocation_gtin(r),
                                    batch=_n.dppb_result_revocation_batch(r))

    def to_dict(self) -> Dict[str, Any]:
        """The revocation as a plain dict (date as ISO text, kid as hex)."""
        return {"kind": self.kind, "reason": self.reason, "date": self.date.isoformat(),
                "kid": self.kid.hex() if self.kid is not None else None, "passport_id": self.passport_id,
                "gtin": self.gtin, "batch": self.batch, "scheme": self.scheme}


@_dataclasses.dataclass(frozen=True)
class Link:
    """The link to the full passport a label carries.

    Attributes:
        uri: where the full passport document is.
        sha256: SHA-256 digest of the document, or None.
    """

    uri: str
    sha256: Optional[bytes]

    def matches(self, document: bytes) -> bool:
        """True if ``document`` has the signed digest (False when there is none)."""
        return self.sha256 is not None and _hashlib.sha256(_bytes(document, "document")).digest() == self.sha256


@_dataclasses.dataclass(frozen=True)
class Report:
    """Which verification checks ran and how they ended.

    Attributes:
        ok: True if the passport verified.
        checks: check name -> ``"pass"``, ``"fail"``, ``"skipped"`` or ``"not_run"``,
            in the order the checks run (see :data:`CHECKS`).
        code: the error code (0 when ok).
        name: the error's name (``"DPP_OK"`` when ok).
        failed_check: name of the failing check, or None.
        message: the library's detail message ("" when ok).
        offset: byte offset of the problem in the decoded input, or None.
        revocation: the :class:`Revocation` that rejected the passport, or None.
        path: the passport field a schema failure is about (``"materials[2].name"``), or None.
        failed_attestation: index of the attestation that failed, or None.
    """

    ok: bool
    checks: Mapping[str, str]
    code: int
    name: str
    failed_check: Optional[str]
    message: str
    offset: Optional[int]
    revocation: Optional[Revocation] = None
    failed_attestation: Optional[int] = None
    path: Optional[str] = None

    @classmethod
    def _from(cls, r: Any) -> "Report":
        code = _n.dppb_result_err(r)
        statuses = _n.dppb_result_statuses(r)
        checks = {name: _STATUS_NAMES[statuses[i]] if statuses[i] < 4 else "not_run" for i, name in enumerate(CHECKS)}
        failed = _n.dppb_result_failed_check(r)
        offset = _n.dppb_result_offset(r)
        return cls(ok=code == 0, checks=checks, code=code, name=_n.dppb_err_name(code),
                   failed_check=CHECKS[failed] if code != 0 and 0 <= failed < len(CHECKS) else None,
                   message=_n.dppb_result_message(r) if code != 0 else "",
                   offset=offset if offset >= 0 else None, revocation=Revocation._from(r),
                   failed_attestation=_failed_attestation(r),
                   path=(_n.dppb_result_path(r) or None) if code != 0 else None)

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> Dict[str, Any]:
        """The report as a plain dict."""
        return {"ok": self.ok, "checks": dict(self.checks), "code": self.code, "name": self.name,
                "failed_check": self.failed_check, "message": self.message, "offset": self.offset,
                "revocation": self.revocation.to_dict() if self.revocation is not None else None,
                "failed_attestation": self.failed_attestation, "path": self.path}


@_dataclasses.dataclass(frozen=True)
class Claim:
    """A claim of a verified passport together with who vouches for it
    (:meth:`VerifyResult.claim`).

    A verified signature proves who *declared* a claim; only a verified
    attestation (:attr:`attested_by`) means that a third party vouches for it.
    The passport's own wording, such as a footprint's ``"verification":
    "third-party-verified"``, is :attr:`declared_verification`: the
    manufacturer's statement, checked by nobody.

    Attributes:
        name: the claim name (see :data:`CLAIMS`), e.g. ``"footprint"``.
        value: the claim's data in the JSON form (a copy), e.g. the footprint dict.
        attested_by: the :class:`Signer` whose verified attestation covers the
            claim, or None (self-declared).
        attestation: that :class:`Attestation`, or None.
        declared_verification: for ``"footprint"``, the passport's declared
            ``verification`` value (not checked by anyone); else None.
    """

    name: str
    value: Any
    attested_by: Optional[Signer]
    attestation: Optional[Attestation]
    declared_verification: Optional[str]

    @property
    def self_declared(self) -> bool:
        """True when no verified attestation covers the claim: the manufacturer's word only."""
        return self.attested_by is None

    def to_dict(self) -> Dict[str, Any]:
        """``{"name", "value", "self_declared", "attested_by", "declared_verification"}``."""
        return {"name": self.name, "value": _copy.deepcopy(self.value), "self_declared": self.self_declared,
                "attested_by": [self.attested_by.to_dict()] if self.attested_by is not None else [],
                "declared_verification": self.declared_verification}

    def __str__(self) -> str:
        who = ("self-declared by the manufacturer, no attestation" if self.attested_by is None
               else "attested by " + (self.attested_by.party.name or "key " + self.attested_by.kid.hex()))
        said = "" if self.declared_verification is None else f" (the passport says {self.declared_verification!r})"
        return f"{self.name}: {who}{said}"


_IDENTITY_FIELDS = ("id", "gtin", "batch", "serial", "name", "category", "production_date")


def _claim_value(d: Dict[str, Any], name: str) -> Any:
    if name == "identity":
        return {k: d[k] for k in _IDENTITY_FIELDS if k in d}
    if name.startswith("certifications["):
        i = int(name[len("certifications["):-1])
        certs = d.get("certifications") or []
        return certs[i] if i < len(certs) else None
    return d.get(name)


def _failed_attestation(r: Any) -> Optional[int]:
    i = _n.dppb_result_failed_attestation(r)
    return i if i >= 0 else None


class VerifyResult:
    """A verified passport: returned by :func:`verify` only.

    Attributes:
        passport: the verified :class:`Passport`.
        claims: the :class:`Claims` (issued-at, expiry, issuer, alg, kid).
        report: the :class:`Report` (every check passed or was skipped).
        signer: the :class:`Signer` of the passport (source, role, party).
        attestations: the verified :class:`Attestation` objects, in passport order.
        attested_claims: claim name -> :class:`Attestation` covering it (who attested what).
        self_declared: names of claims present but not attested.
        footprint: the footprint as a :class:`Claim` (who vouches for it), or None.
        form: ``"text"`` or ``"link"``, the form the input was in.
        resolver: the signed resolver (``""`` when none).

    The passport's own statements about itself (a footprint's ``"verification":
    "third-party-verified"``) are not verification results: use :meth:`claim`
    (``.attested_by``, ``.self_declared``) to know who vouches for a claim.
        link: the :class:`Link` to the full passport, or None.
    """

    __slots__ = ("_r", "_passport", "_claims", "_report")
    #: Always True: this object only comes from a successful verification.
    verified = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("VerifyResult objects are created by dpp.verify()")

    @classmethod
    def _wrap(cls, r: Any) -> "VerifyResult":
        v = object.__new__(cls)
        v._r = r
        v._passport = None
        v._claims = None
        v._report = None
        return v

    @property
    def passport(self) -> Passport:
        """The verified passport."""
        p = self._passport
        if p is None:
            p = self._passport = Passport._wrap(_n.dppb_result_passport(self._r))
        return p

    @property
    def claims(self) -> Claims:
        """Claims and signing details."""
        c = self._claims
        if c is None:
            c = self._claims = Claims._from(self._r)
        return c

    @property
    def report(self) -> Report:
        """The verification report."""
        r = self._report
        if r is None:
            r = self._report = Report._from(self._r)
        return r

    @property
    def signer(self) -> Signer:
        """Who signed the passport, as the trust store knows them."""
        return Signer._from(self._r, -1)

    @property
    def attestations(self) -> Tuple[Attestation, ...]:
        """The attestations the passport carries (every one verified), in order."""
        r = self._r
        return tuple(Attestation(claims=_names_of(_n.dppb_result_attestation_claims(r, i)),
                                 binding=_n.dppb_binding_name(_n.dppb_result_attestation_binding(r, i)) or "",
                                 alg=_n.dppb_alg_name(_n.dppb_result_attestation_alg(r, i)),
                                 kid=_n.dppb_result_attestation_kid(r, i), attester=Signer._from(r, i))
                     for i in range(_n.dppb_result_n_attestations(r)))

    @property
    def claims_present(self) -> Tuple[str, ...]:
        """Names of the claims in the passport (see :data:`CLAIMS`)."""
        return _names_of(_n.dppb_result_claims_present(self._r))

    @property
    def attested_claims(self) -> Dict[str, Attestation]:
        """Claim name -> the :class:`Attestation` that covers it, for every attested
        claim present (a single certification is also covered by an
        attestation of the whole list)."""
        atts = self.attestations
        out = {}
        for name in self.claims_present:
            i = _n.dppb_result_claim_attested_by(self._r, _CLAIM_IDS[name])
            if 0 <= i < len(atts):
                out[name] = atts[i]
        return out

    @property
    def self_declared(self) -> Tuple[str, ...]:
        """Names of the claims present that no attestation covers."""
        attested = self.attested_claims
        return tuple(n for n in self.claims_present if n not in attested)

    def claim(self, name: str) -> Optional[Claim]:
        """The claim ``name`` (see :data:`CLAIMS`) with who vouches for it, or None
        if the passport does not have it. ``claim("footprint").attested_by`` is set
        only when a verified attestation covers the footprint; otherwise it is
        self-declared, whatever its ``verification`` member says
        (``.declared_verification``). Raises ValueError for an unknown name."""
        if name not in _CLAIM_IDS:
            raise ValueError(f"claim must be one of {', '.join(CLAIMS)}, not {name!r}")
        if name not in self.claims_present:
            return None
        att = self.attested_claims.get(name)
        d = self.passport._fields()
        declared = None
        if name == "footprint":
            declared = (d.get("footprint") or {}).get("verification")
        return Claim(name=name, value=_copy.deepcopy(_claim_value(d, name)),
                     attested_by=att.attester if att is not None else None, attestation=att,
                     declared_verification=declared)

    @property
    def footprint(self) -> Optional[Claim]:
        """The carbon footprint as a :class:`Claim` (who vouches for it), or None."""
        return self.claim("footprint")

    @property
    def form(self) -> str:
        """``"text"`` or ``"link"``: the form the verified input was in (``claims.form``)."""
        return self.claims.form

    @property
    def resolver(self) -> str:
        """The signed resolver (``claims.resolver``), ``""`` when there is none.
        For a verified link, its domain (and path prefix) is this one."""
        return self.claims.resolver

    @property
    def link(self) -> Optional[Link]:
        """The link to the full passport, or None."""
        uri = _n.dppb_result_link_uri(self._r)
        if not uri:
            return None
        digest = _n.dppb_result_link_sha256(self._r)
        return Link(uri, digest or None)

    def to_dict(self) -> Dict[str, Any]:
        """``{"passport", "claims", "report", "signer", "attestations", "attested_claims",
        "self_declared"}`` as plain dicts."""
        return {"passport": self.passport.to_dict(), "claims": self.claims.to_dict(),
                "report": self.report.to_dict(), "signer": self.signer.to_dict(),
                "attestations": [a.to_dict() for a in self.attestations],
                "attested_claims": {k: self.attestations.index(v) for k, v in self.attested_claims.items()},
                "self_declared": list(self.self_declared)}

    def to_untp(self, issuer: Optional[str] = None) -> str:
        """The passport as a UNTP Digital Product Passport credential (UNTP DPP 0.6.1,
        JSON-LD text; ``json.loads`` it for a dict), spec/untp.md.

        The credential is not signed: it names the signed original (the text
        or link given to :func:`verify`, kept by this result) and its SHA-256,
        so a platform can verify the original again. Claims a verified
        attestation covers carry that as evidence; the rest are described as
        self-declared by the signer.

        Args:
            issuer: the credential issuer's URI (e.g. ``"did:web:example.com"``);
                None: ``"urn:dpp:kid:<hex>"``, the signing key's id.
        Raises:
            UsageError: a bad issuer (``DPP_ERR_INVALID_ARG``); the credential
                would be too large (``DPP_ERR_TOO_LARGE``).
        """
        return _n.dppb_untp_export(self._r, "" if issuer is None else _text(issuer, "issuer"))

    def __repr__(self) -> str:
        return f"<dpp.VerifyResult {self.passport!r} kid={self.claims.kid.hex()}>"


class Inspection:
    """The content of a passport text decoded WITHOUT verification (:func:`inspect`).

    For display and debugging only: nothing here is authenticated. The
    attribute names say so on purpose.

    Attributes:
        passport_unverified: the decoded (schema-valid) :class:`Passport`.
        claims_unverified: the decoded :class:`Claims`.
    """

    __slots__ = ("_r", "_passport", "_claims")
    #: Always False.
    verified = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("Inspection objects are created by dpp.inspect()")

    @classmethod
    def _wrap(cls, r: Any) -> "Inspection":
        i = object.__new__(cls)
        i._r = r
        i._passport = Passport._wrap(_n.dppb_result_passport(r))
        i._claims = Claims._from(r)
        return i

    @property
    def passport_unverified(self) -> Passport:
        """The decoded, schema-valid, but NOT verified passport."""
        return self._passport

    @property
    def claims_unverified(self) -> Claims:
        """The decoded but NOT verified claims."""
        return self._claims

    def to_untp_unverified(self, issuer: Optional[str] = None) -> str:
        """The UNTP credential of this NOT verified passport (as
        :meth:`VerifyResult.to_untp`, but every claim is described "NOT
        VERIFIED" and none has evidence). For handing on data that cannot be
        verified here; never the default."""
        return _n.dppb_untp_export(self._r, "" if issuer is None else _text(issuer, "issuer"))

    def __repr__(self) -> str:
        return f"<dpp.Inspection UNVERIFIED {self.passport_unverified!r}>"


@_dataclasses.dataclass(frozen=True)
class NotCarried:
    """A member of a UNTP credential that a passport cannot carry (:func:`untp_import`).

    Attributes:
        member: the UNTP member, e.g. ``"credentialSubject.product.dimensions"``.
        message: ``"<member>: not carried: <why>"``.
    """

    member: str
    message: str


class NotCarriedList(Tuple[NotCarried, ...]):
    """The members :func:`untp_import` could not carry, in input order (a tuple).

    ``total`` counts every such member; it exceeds ``len()`` when the list was
    full (the first 256 are listed)."""

    total: int


class UntpImport(NamedTuple):
    """What :func:`untp_import` returns: unpack as ``passport, not_carried``."""

    passport: Passport
    not_carried: NotCarriedList


def untp_import(credential: Union[str, bytes, Mapping[str, Any]], country: Optional[str] = None) -> UntpImport:
    """Reads a UNTP Digital Product Passport credential (0.6.x JSON) into a validated
    :class:`Passport` (spec/untp.md has the mapping).

    Args:
        credential: the JSON text (str or UTF-8 bytes, at most 1 MiB) or a dict.
        country: the manufacturer's country (ISO 3166-1 alpha-2) when the
            credential gives none (UNTP has no party country).
    Returns:
        ``(passport, not_carried)``: the passport, and a :class:`NotCarriedList`
        of the credential's members the passport cannot hold.
    Raises:
        SchemaError: not JSON (``DPP_ERR_JSON_SYNTAX`` with ``line``/``column``),
            a UNTP member of the wrong type, a passport field the credential
            lacks (``DPP_ERR_SCHEMA_MISSING``, ``path`` e.g. ``"gtin"``) or a
            value the passport cannot hold.
        UsageError: too large (``DPP_ERR_TOO_LARGE``).
    """
    if isinstance(credential, Mapping):
        credential = _json.dumps(credential, ensure_ascii=False, allow_nan=False)
    u = _n.dppb_untp_import(_text(credential, "credential"), "" if country is None else _text(country, "country"))
    items = NotCarriedList(NotCarried(_n.dppb_untp_dropped_path(u, i), _n.dppb_untp_dropped_message(u, i))
                           for i in range(_n.dppb_untp_dropped_count(u)))
    items.total = int(_n.dppb_untp_dropped_total(u))
    return UntpImport(Passport._wrap(_n.dppb_untp_passport(u)), items)


@_dataclasses.dataclass(frozen=True)
class EncodeSizes:
    """Sizes of each layer of an encoded passport (bytes; ``text`` in characters).

    Attributes:
        payload: passport CBOR.
        claims: CWT claims set.
        cose: COSE_Sign1 message.
        compressed: zlib stream with preset dictionary v1 (0 if not attempted,
            or with ``"auto"`` if not shorter).
        used_zlib: whether the text carries the zlib stream.
        text: characters of the output: prefix + Base45, or the whole link.
    """

    payload: int
    claims: int
    cose: int
    compressed: int
    used_zlib: bool
    text: int


@_dataclasses.dataclass(frozen=True)
class CoseMessage:
    """A parsed COSE_Sign1 message (:func:`cose_verify` or :func:`cose_parse`).

    Attributes:
        verified: True only from :func:`cose_verify`.
        payload: the payload bytes, or None for a detached payload.
        alg: COSE algorithm id, or None if absent.
        alg_protected: alg came from the protected header.
        kid: key identifier, or None if absent.
        kid_protected: kid came from the protected header.
        tagged: carried COSE tag 18.
        cwt_tagged: was wrapped in CWT tag 61.
        protected_header: the protected header bstr's content.
        unprotected_empty: the unprotected header map is empty.
        signature: the signature bytes.
    """

    verified: bool
    payload: Optional[bytes]
    alg: Optional[int]
    alg_protected: bool
    kid: Optional[bytes]
    kid_protected: bool
    tagged: bool
    cwt_tagged: bool
    protected_header: bytes
    unprotected_empty: bool
    signature: bytes

    @classmethod
    def _from(cls, c: Any) -> "CoseMessage":
        return cls(verified=bool(_n.dppb_cose_verified(c)),
                   payload=None if _n.dppb_cose_detached(c) else _n.dppb_cose_payload(c),
                   alg=_n.dppb_cose_alg(c) if _n.dppb_cose_has_alg(c) else None,
                   alg_protected=bool(_n.dppb_cose_alg_protected(c)),
                   kid=_n.dppb_cose_kid(c) if _n.dppb_cose_has_kid(c) else None,
                   kid_protected=bool(_n.dppb_cose_kid_protected(c)),
                   tagged=bool(_n.dppb_cose_tagged(c)),
                   cwt_tagged=bool(_n.dppb_cose_cwt_tagged(c)),
                   protected_header=_n.dppb_cose_protected(c),
                   unprotected_empty=bool(_n.dppb_cose_unprotected_empty(c)),
                   signature=_n.dppb_cose_signature(c))


# --------------------------------------------------------------------------
# encoding


def _passport_handle(passport: Any) -> Any:
    if isinstance(passport, Passport):
        return passport._h
    if isinstance(passport, Mapping):
        return Passport.from_dict(passport)._h
    raise TypeError(f"passport must be a Passport or a dict, not {_type_name(passport)}")


def _key_handle(key: Any) -> Any:
    if not isinstance(key, Key):
        raise TypeError(f"key must be a dpp.Key, not {_type_name(key)}")
    return key._handle()


def _claims_args(iat: Any, exp: Any, iss: Any) -> Tuple[int, int, int, int, str]:
    t = _now() if iat is None else _epoch(iat, "iat")
    has_exp = exp is not None
    e = _epoch(exp, "exp") if has_exp else 0
    if iss is not None and not isinstance(iss, str):
        raise TypeError(f"iss must be str or None, not {_type_name(iss)}")
    return t, int(has_exp), e, int(iss is not None), iss or ""


def encode(passport: Union[Passport, Mapping[str, Any]], key: Key, *, iat: Optional[TimeLike] = None,
           exp: Optional[TimeLike] = None, iss: Optional[str] = None, compress: str = "auto",
           attestations: Iterable[bytes] = (), link: Union[None, str, Tuple[str, bytes]] = None,
           resolver: Optional[str] = None, form: Optional[str] = None) -> str:
    """Signs a passport into passport text (``"DPP1:..."``) or a GS1 Digital
    Link (``"HTTPS://ID.EXAMPLE.COM/01/...#1..."``) for a QR code.

    Args:
        passport: a :class:`Passport` or a dict in its JSON form.
        key: a private :class:`Key`.
        iat: issued-at (seconds or aware datetime); default now.
        exp: optional expiry, later than ``iat``.
        iss: optional issuer (at most 64 bytes).
        compress: ``"auto"`` (zlib with preset dictionary v1, only if strictly
            shorter), ``"never"`` or ``"always"``.
        attestations: up to 4 attestations from :func:`attest` (each must fit
            the passport: :class:`InvalidError` otherwise).
        link: the full passport's URI, or ``(uri, sha256_digest_of_document)``.
        resolver: the issuer's resolver, e.g. ``"https://id.example.com"`` or
            ``"https://example.com/dpp"``; signed (normalised to
            ``"id.example.com"``) so the passport may travel as a link on
            that domain (spec/link.md). Without it the passport can only be text.
        form: ``"link"`` or ``"text"``; default ``"link"`` when a resolver is
            given (like ``dpp encode --link-base``), else ``"text"``. A link
            needs a resolver (:class:`UsageError` otherwise).
    Returns:
        the text or link; a link has up to :data:`MAX_LINK_LEN` characters.
    """
    text, _ = _encode(passport, key, iat, exp, iss, compress, None, attestations, link, resolver, form)
    return text


def encode_with_sizes(passport: Union[Passport, Mapping[str, Any]], key: Key, *,
                      iat: Optional[TimeLike] = None, exp: Optional[TimeLike] = None,
                      iss: Optional[str] = None, compress: str = "auto", attestations: Iterable[bytes] = (),
                      link: Union[None, str, Tuple[str, bytes]] = None, resolver: Optional[str] = None,
                      form: Optional[str] = None) -> Tuple[str, EncodeSizes]:
    """Like :func:`encode`, also returning the :class:`EncodeSizes` of each layer."""
    sizes = _n.dppb_sizes()
    text, _ = _encode(passport, key, iat, exp, iss, compress, sizes, attestations, link, resolver, form)
    return text, EncodeSizes(payload=sizes.payload, claims=sizes.claims, cose=sizes.cose,
                             compressed=sizes.compressed, used_zlib=bool(sizes.used_zlib), text=sizes.text)


def _encode(passport: Any, key: Any, iat: Any, exp: Any, iss: Any, compress: Any, sizes: Any,
            attestations: Any = (), link: Any = None, resolver: Any = None, form: Any = None) -> Tuple[str, Any]:
    p = _passport_handle(passport)
    k = _key_handle(key)
    mode = _choice(compress, _COMPRESS, "compress")
    t, has_exp, e, has_iss, iss_text = _claims_args(iat, exp, iss)
    if isinstance(attestations, _BYTES_TYPES) or attestations is None:
        raise TypeError("attestations must be an iterable of bytes (a list), not "
                        + _type_name(attestations))
    packed = bytearray()
    for a in attestations:
        a = bytes(_bytes(a, "attestation"))
        if not 0 < len(a) < 65536:
            raise ValueError(f"attestation of {len(a)} bytes is empty or too large")
        packed += len(a).to_bytes(2, "big") + a
    uri, digest = "", b""
    if isinstance(link, tuple):
        if len(link) != 2:
            raise TypeError("link must be a URI or a (uri, sha256) tuple")
        uri, digest = link
        digest = bytes(_bytes(digest, "link digest"))
    elif link is not None:
        uri = link
    if not isinstance(uri, str):
        raise TypeError(f"link URI must be str, not {_type_name(uri)}")
    if link is not None and not uri:
        raise ValueError("link URI must not be empty")
    if resolver is not None:
        if not isinstance(resolver, str):
            raise TypeError(f"resolver must be str or None, not {_type_name(resolver)}")
        if not resolver:
            raise ValueError("resolver must not be empty (None: no resolver)")
    if form is None:  # like 'dpp encode --link-base': a link when there is a resolver
        form = "link" if resolver is not None else "text"
    form_id = _choice(form, _FORM_IDS, "form")
    if not packed and link is None and resolver is None and form_id == 0:
        return _n.dppb_encode(p, k, t, has_exp, e, has_iss, iss_text, mode, sizes), sizes
    return _n.dppb_encode_ex(p, k, t, has_exp, e, has_iss, iss_text, mode, bytes(packed), uri, digest,
                             resolver or "", form_id, sizes), sizes


def attest(passport: Union[Passport, Mapping[str, Any]], key: Key, claims: Iterable[str], *,
           binding: str = "passport") -> bytes:
    """Attests claims of a passport as a certification body (spec/trust.md 5).

    Args:
        passport: the passport whose figures the body checked.
        key: the attester's private :class:`Key` (listed as certifier or
            cbam-verifier in the verifier's trust list).
        claims: names from :data:`CLAIMS`, each present in the passport, e.g. ``["footprint"]``.
        binding: ``"product"``, ``"batch"``, ``"item"`` or ``"passport"`` (default).
    Returns:
        the attestation bytes, to pass to :func:`encode` ``attestations=[...]``.
    """
    p = _passport_handle(passport)
    k = _key_handle(key)
    mask = _claim_mask(claims)
    if mask == 0:
        raise ValueError("claims must name at least one claim")
    return _n.dppb_attest(p, k, mask, _choice(binding, _BINDING_IDS, "binding"))


def encode_cose(passport: Union[Passport, Mapping[str, Any]], key: Key, *, iat: Optional[TimeLike] = None,
                exp: Optional[TimeLike] = None, iss: Optional[str] = None) -> bytes:
    """Signs a passport into the COSE_Sign1 message (before zlib and Base45)."""
    p = _passport_handle(passport)
    k = _key_handle(key)
    t, has_exp, e, has_iss, iss_text = _claims_args(iat, exp, iss)
    return _n.dppb_encode_cose(p, k, t, has_exp, e, has_iss, iss_text)


def text_from_cose(cose: bytes, compress: str = "auto") -> str:
    """Transport for an existing COSE message: zlib with preset dictionary v1
    (per ``compress``), Base45, prefix."""
    return _n.dppb_text_from_cose(_bytes(cose, "cose"), _choice(compress, _COMPRESS, "compress"))


def cose_from_text(text: Union[str, bytes]) -> bytes:
    """Reverse transport WITHOUT verification: prefix, Base45 (or a link's
    URI and fragment digits), inflate -> COSE bytes."""
    return _n.dppb_cose_from_text(_text(text, "text"))


def convert(text: Union[str, bytes], to: str = "link") -> str:
    """Re-spells a signed passport in the other transport form WITHOUT
    verifying or re-signing it: the COSE message (and its compression) is
    carried over byte for byte, so ``convert(convert(t, "link"), "text") == t``.

    Args:
        text: ``"DPP1:"`` text or a link (either form is accepted).
        to: ``"link"`` or ``"text"``.
    Returns:
        the passport in that form. The link's domain, GTIN and qualifiers come
        from the passport's own signed claims.
    Raises:
        InvalidError: ``DPP_ERR_DL_DOMAIN`` converting to a link a passport
            signed without a resolver (it cannot travel as a link).
        MalformedError, SchemaError: ``text`` cannot be decoded.
    """
    return _n.dppb_transport_convert(_text(text, "text"), _choice(to, _FORM_IDS, "to"))


def form_of(text: Union[str, bytes]) -> str:
    """``"link"`` if ``text`` starts with ``"https:"`` (any letter case), else
    ``"text"``: the form :func:`verify` reads it as (nothing else is checked)."""
    return FORMS[_n.dppb_form_of(_text(text, "text"))]


def normalize_resolver(resolver: str) -> str:
    """A resolver as it is signed and compared (spec/link.md section 2):
    ``"https://ID.Example.com/dpp/"`` -> ``"id.example.com/dpp"``.
    :class:`MalformedError` (``DPP_ERR_DL_SYNTAX``) names the part that is not allowed."""
    if not isinstance(resolver, str):
        raise TypeError(f"resolver must be str, not {_type_name(resolver)}")
    return _n.dppb_resolver_normalize(resolver)


# --------------------------------------------------------------------------
# verification


def _trust_handle(trust: Any) -> Any:
    if not isinstance(trust, TrustStore):
        raise TypeError(f"trust must be a dpp.TrustStore, not {_type_name(trust)}")
    return trust._handle()


def _verify_native(text: Any, trust: Any, now: Any) -> Any:
    if not isinstance(text, _TEXT_TYPES):
        raise TypeError(f"text must be str or bytes, not {_type_name(text)}")
    h = _trust_handle(trust)
    return _n.dppb_verify(text, h, _now() if now is None else _epoch(now, "now"))


def verify(text: Union[str, bytes], trust: TrustStore, now: Optional[TimeLike] = None) -> VerifyResult:
    """Verifies passport text or a link against ``trust`` at time ``now`` (default: the current time).

    ``text`` is ``"DPP1:"`` text or a GS1 Digital Link (``"https:..."`` in
    any letter case, spec/link.md); space, tab, CR and LF around it are
    ignored (a line read from a file verifies as it is), nothing else is.

    Runs every check in :data:`CHECKS` order: prefix (for a link: the URI),
    Base45 (the link's digits), zlib, COSE structure, algorithm, kid lookup,
    signature, signer certificate validity, claims, issued-at, expiry, the
    passport schema, the trust layer's checks and, last, ``link``: the link's
    domain, GTIN and qualifiers are the signed ones (skipped for text).

    Returns:
        a :class:`VerifyResult` with the passport, claims and report.
    Raises:
        MalformedError, InvalidError, UntrustedError, ExpiredError, SchemaError:
            (all :class:`VerifyError`) with ``.report`` saying which check failed;
            a link's ``DPP_ERR_DL_*`` errors as :func:`error_class` says.
        TypeError: ``text`` is not str/bytes or ``trust`` is not a TrustStore.
    """
    r = _verify_native(text, trust, now)
    code = _n.dppb_result_err(r)
    if code != 0:
        report = Report._from(r)
        cls = error_class(code)
        if issubclass(cls, UsageError):
            raise cls(code, report.message, report.offset)
        if not issubclass(cls, VerifyError):
            cls = VerifyError  # a rejection always is a VerifyError, whatever the code
        raise cls(code, report.message, report.offset, report)
    return VerifyResult._wrap(r)


#: True when this build reads photos of labels (libdpp_scan): :func:`scan_image`, :func:`verify_image`.
HAVE_SCAN: bool = bool(_n.dppb_scan_available())


@_dataclasses.dataclass(frozen=True)
class ScanResult:
    """The passport text read from a photo of a label.

    Attributes:
        text: the passport text (``"DPP1:..."`` or the link), not yet verified.
        codes: distinct QR codes found in the picture.
        how: how it was read, e.g. ``"ZXing, reduced scale"``.
        note: which code was used when there were several ("" for one).
        width: width of the (first, maybe reduced-scale) picture scanned, pixels.
        height: its height.
        orientation: the JPEG EXIF orientation applied (1: none).
    """

    text: str
    codes: int
    how: str
    note: str
    width: int
    height: int
    orientation: int


def scan_image(data: bytes) -> ScanResult:
    """Decodes a picture (JPEG, PNG; WebP, TIFF, BMP, GIF, HEIF/HEIC as the
    library was built) and reads the passport's QR code, WITHOUT verifying it.

    Raises:
        ImageError: ``DPP_ERR_IMAGE_FORMAT`` (not a picture that is read, or
            this build has no libdpp_scan: see :data:`HAVE_SCAN`),
            ``_TOO_LARGE``, ``_CORRUPT``, ``_NO_CODE`` (no QR code),
            ``_NOT_PASSPORT`` (the codes hold something else), ``_AMBIGUOUS``.
        TypeError: ``data`` is not bytes-like.
    """
    s = _n.dppb_scan_image(_bytes(data, "data"))
    return ScanResult(text=_n.dppb_scan_text(s), codes=int(_n.dppb_scan_number(s, 0)),
                      how=_n.dppb_scan_info(s, 0), note=_n.dppb_scan_info(s, 1),
                      width=int(_n.dppb_scan_number(s, 1)), height=int(_n.dppb_scan_number(s, 2)),
                      orientation=int(_n.dppb_scan_number(s, 3)))


def verify_image(data: bytes, trust: TrustStore, now: Optional[TimeLike] = None) -> VerifyResult:
    """:func:`scan_image` then :func:`verify`: the verified passport in a photo of its label.

    Raises:
        ImageError: the picture cannot be read or holds no passport (as :func:`scan_image`).
        VerifyError: the passport it holds is rejected (as :func:`verify`).
    """
    return verify(scan_image(data).text, trust, now)


#: True when this build reads the CBAM communication template (libdpp_cbam): :func:`cbam_import`.
HAVE_CBAM: bool = bool(_n.dppb_cbam_available())

_CBAM_NOTE_KINDS = {1: "unmapped", 2: "problem", 3: "skipped", 4: "notice", 5: "warning"}


@_dataclasses.dataclass(frozen=True)
class CbamNote:
    """One thing :func:`cbam_import` reports about the workbook, in workbook order.

    Attributes:
        kind: ``"unmapped"`` (a filled cell no passport field takes),
            ``"problem"`` (a cell whose value cannot fill its field; its line
            is skipped), ``"skipped"`` (a product line made into no passport),
            ``"notice"`` (a value changed: name cut, placeholder GTIN) or
            ``"warning"`` (about the whole workbook).
        sheet: the sheet, e.g. ``"Summary_Communication"`` ("" when none).
        cell: the cell's A1 reference, e.g. ``"Q26"`` ("" when none).
        reason: what the cell holds (unmapped) or what is wrong.
        row: the product line's worksheet row (26..125), 0 for the workbook.
        code: a problem's libdpp error code (e.g. ``DPP_ERR_CBAM_VALUE``), else 0.
        field: a problem's passport field, e.g. ``"cbam.see_direct"`` ("" when none).
        value: an unmapped cell's text (cut to 47 bytes; control characters as spaces).
        value_cut: True when ``value`` was cut.
    """

    kind: str
    sheet: str
    cell: str
    reason: str
    row: int
    code: int
    field: str
    value: str
    value_cut: bool


class CbamImport(NamedTuple):
    """What :func:`cbam_import` returns.

    Attributes:
        passports: one validated :class:`Passport` per product line, in line order.
        unmapped: the filled cells no passport field takes (:class:`CbamNote`, kind ``"unmapped"``).
        problems: the cells that could not be used (kind ``"problem"``; empty with ``strict=True``).
        notes: every note, in workbook order (unmapped, problems, skipped lines, notices, warnings).
        lines: product lines found (made into passports or skipped).
        rows: the worksheet row of each passport's line.
    """

    passports: List[Passport]
    unmapped: List[CbamNote]
    problems: List[CbamNote]
    notes: List[CbamNote]
    lines: int
    rows: List[int]


def cbam_import(data: Union[bytes, bytearray, memoryview, str, "_os.PathLike[str]"],
                gtin: Union[None, str, Iterable[str]] = None, manufacturer: Optional[str] = None,
                strict: bool = True) -> CbamImport:
    """Reads a filled CBAM communication template (the Commission's v2.1.1
    .xlsx workbook for installations) into one :class:`Passport` per product
    line of its Summary_Communication sheet (spec/cbam-template.md has the
    mapping and rounding; ``dpp cbam import`` is the same import).

    Args:
        data: the workbook's bytes, or the path of the .xlsx file.
        gtin: the passports' GTINs in line order (one str or several); lines
            without one get the placeholder ``"00000000000000"`` and a notice.
        manufacturer: the manufacturer's name (default: the installation's).
        strict: True (default): the first cell whose value cannot fill its
            passport field raises, as does a workbook without product lines;
            False: that line is skipped and listed in ``problems``.
    Returns:
        a :class:`CbamImport`: ``passports``, ``unmapped`` cells, ``problems``, ``notes``.
    Raises:
        MalformedError: not a workbook (``DPP_ERR_XLSX_NOT_ZIP``), a damaged or
            encrypted entry (``_XLSX_ZIP``), a zip bomb (``_XLSX_BOMB``), a part
            or the Summary_Communication sheet missing (``_XLSX_PART``),
            malformed XML or a DOCTYPE (``_XLSX_XML``), an unreadable cell
            (``_XLSX_CELL``), not a filled template (``DPP_ERR_CBAM_TEMPLATE``),
            with ``strict`` a cell that cannot fill its field
            (``DPP_ERR_CBAM_VALUE``; the message names sheet and cell, ``path``
            the passport field), or a limit (``DPP_ERR_TOO_LARGE``).
        SchemaError: a GTIN with a wrong check digit (``path`` ``"gtin"``).
        UsageError: this build has no libdpp_cbam (``DPP_ERR_UNSUPPORTED``,
            see :data:`HAVE_CBAM`), or a bad ``manufacturer``.
        TypeError: ``data`` is neither bytes nor a path.
    """
    if isinstance(data, (str, _os.PathLike)):
        with open(data, "rb") as f:
            data = f.read()
    if gtin is None:
        gtins: List[str] = []
    elif isinstance(gtin, str):
        gtins = [gtin]
    else:
        gtins = list(gtin)
    for g in gtins:
        if not isinstance(g, str):
            raise TypeError(f"gtin must be str, not {_type_name(g)}")
        if g == "" or "\n" in g:
            raise ValueError(f"gtin {g!r} is empty or contains a line break")
    c = _n.dppb_cbam_import(_bytes(data, "data"), "\n".join(gtins),
                            "" if manufacturer is None else _text(manufacturer, "manufacturer"), bool(strict))
    notes = [CbamNote(kind=_CBAM_NOTE_KINDS.get(_n.dppb_cbam_note_number(c, i, 0), "?"),
                      sheet=_n.dppb_cbam_note_text(c, i, 0), cell=_n.dppb_cbam_note_text(c, i, 1),
                      reason=_n.dppb_cbam_note_text(c, i, 3), row=int(_n.dppb_cbam_note_number(c, i, 2)),
                      code=int(_n.dppb_cbam_note_number(c, i, 1)), field=_n.dppb_cbam_note_text(c, i, 2),
                      value=_n.dppb_cbam_note_text(c, i, 4), value_cut=bool(_n.dppb_cbam_note_number(c, i, 3)))
             for i in range(_n.dppb_cbam_count(c, 2))]
    n = _n.dppb_cbam_count(c, 1)
    return CbamImport(passports=[Passport._wrap(_n.dppb_cbam_passport(c, i)) for i in range(n)],
                      unmapped=[x for x in notes if x.kind == "unmapped"],
                      problems=[x for x in notes if x.kind == "problem"], notes=notes,
                      lines=int(_n.dppb_cbam_count(c, 0)),
                      rows=[int(_n.dppb_cbam_passport_number(c, i, 0)) for i in range(n)])


def check(text: Union[str, bytes], trust: TrustStore, now: Optional[TimeLike] = None) -> Report:
    """Verifies like :func:`verify` but returns the :class:`Report` instead of
    raising on a rejected passport (``bool(report)`` is True if it verified)."""
    return Report._from(_verify_native(text, trust, now))


def inspect(text: Union[str, bytes]) -> Inspection:
    """Decodes passport text or a link WITHOUT checking signature, trust, time
    or the link's binding to the signed passport.

    For display and debugging only. Structure, CBOR strictness and the
    schema are still checked (raising :class:`MalformedError` or
    :class:`SchemaError`)."""
    return Inspection._wrap(_n.dppb_inspect(_text(text, "text")))


# --------------------------------------------------------------------------
# generic COSE_Sign1


def _verify_flags(require_tag: bool, allow_unprotected_alg: bool, strict: bool) -> int:
    return ((_COSE_TAGGED if require_tag else 0) | (_COSE_ALLOW_UNPROTECTED_ALG if allow_unprotected_alg else 0)
            | (_COSE_STRICT if strict else 0))


def cose_sign(payload: bytes, key: Key, *, tagged: bool = True, include_kid: bool = True,
              aad: bytes = b"") -> bytes:
    """Signs any payload as a COSE_Sign1 message (RFC 9052) with a private key.

    The protected header holds the key's alg (and its kid with ``include_kid``);
    ``tagged`` adds CBOR tag 18; ``aad`` is external additional authenticated data."""
    return _n.dppb_cose_sign(_bytes(payload, "payload"), _key_handle(key),
                             (_COSE_TAGGED if tagged else 0) | (_COSE_INCLUDE_KID if include_kid else 0),
                             _bytes(aad, "aad"))


def cose_verify(message: bytes, key: Key, *, require_tag: bool = False, allow_unprotected_alg: bool = False,
                strict: bool = False, aad: bytes = b"") -> CoseMessage:
    """Verifies a COSE_Sign1 message with ``key`` and returns it parsed.

    The algorithm comes from the key; an alg only in the unprotected header is
    rejected unless ``allow_unprotected_alg``; ``strict`` requires deterministic
    CBOR. Raises a :class:`VerifyError` subclass on failure."""
    return CoseMessage._from(_n.dppb_cose_verify(_bytes(message, "message"), _key_handle(key),
                                                 _verify_flags(require_tag, allow_unprotected_alg, strict),
                                                 _bytes(aad, "aad")))


def cose_parse(message: bytes, *, require_tag: bool = False, allow_unprotected_alg: bool = False,
               strict: bool = False) -> CoseMessage:
    """Parses a COSE_Sign1 message WITHOUT verifying it (``verified`` is False)."""
    return CoseMessage._from(_n.dppb_cose_parse(_bytes(message, "message"),
                                                _verify_flags(require_tag, allow_unprotected_alg, strict)))


# --------------------------------------------------------------------------
# Base45


def base45_encode(data: bytes) -> str:
    """Base45 (RFC 9285) encoding of ``data``."""
    return _n.dppb_base45_encode(_bytes(data, "data"))


def base45_decode(text: Union[str, bytes]) -> bytes:
    """Strict Base45 decoding (:class:`MalformedError` with the offset on bad input)."""
    return _n.dppb_base45_decode(_text(text, "text"))


# --------------------------------------------------------------------------
# QR


class QrCode:
    """A QR symbol for passport text, rendered to SVG, PNG or terminal text.

    Create with :meth:`encode`. Passport text uses the QR alphanumeric mode;
    other text falls back to byte mode.
    """

    __slots__ = ("_h", "__weakref__")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("use QrCode.encode(text) to create a QrCode")

    @classmethod
    def encode(cls, text: Union[str, bytes], ecc: str = "M") -> "QrCode":
        """Encodes ``text`` into the smallest symbol that fits at error-correction
        level ``ecc`` (``"L"``, ``"M"``, ``"Q"`` or ``"H"``); :class:`QrError` if too long."""
        q = object.__new__(cls)
        q._h = _n.dppb_qr_encode(_text(text, "text"), _choice(ecc, _ECC, "ecc"))
        return q

    @property
    def version(self) -> int:
        """QR version 1..40."""
        return _n.dppb_qr_version(self._h)

    @property
    def size(self) -> int:
        """Modules per side (4 * version + 17)."""
        return _n.dppb_qr_size(self._h)

    @property
    def ecc(self) -> str:
        """Error-correction level: ``"L"``, ``"M"``, ``"Q"`` or ``"H"``."""
        return _ECC_NAMES[_n.dppb_qr_ecc(self._h)]

    @property
    def mask(self) -> int:
        """The mask pattern used (0..7)."""
        return _n.dppb_qr_mask(self._h)

    def module(self, x: int, y: int) -> bool:
        """True for a dark module; False for light or outside the symbol."""
        return bool(_n.dppb_qr_module(self._h, _int_arg(x, "x", -(2**31), 2**31 - 1),
                                      _int_arg(y, "y", -(2**31), 2**31 - 1)))

    def modules(self) -> List[List[bool]]:
        """The symbol as rows of booleans (True = dark), top row first."""
        raw = _n.dppb_qr_modules(self._h)
        n = self.size
        return [[b == 1 for b in raw[y * n:(y + 1) * n]] for y in range(n)]

    def to_svg(self, module_px: int = 8, border: int = 4) -> str:
        """An SVG document; ``border`` modules of quiet zone (>= 4 recommended)."""
        return _n.dppb_qr_to_svg(self._h, _int_arg(module_px, "module_px", 1, 1000),
                                 _int_arg(border, "border", 0, 1000))

    def to_png(self, module_px: int = 8, border: int = 4) -> bytes:
        """An 8-bit grayscale PNG image."""
        return _n.dppb_qr_to_png(self._h, _int_arg(module_px, "module_px", 1, 1000),
                                 _int_arg(border, "border", 0, 1000))

    def to_terminal(self, border: int = 2) -> str:
        """Text using Unicode half blocks (two modules per character cell)."""
        return _n.dppb_qr_to_term(self._h, _int_arg(border, "border", 0, 1000))

    def __repr__(self) -> str:
        return f"<dpp.QrCode version={self.version} size={self.size} ecc={self.ecc}>"
