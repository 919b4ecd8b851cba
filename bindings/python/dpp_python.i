/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SWIG interface for the Python extension module dpp._native.
 *
 * Built with: swig -python -builtin -threads -I../common dpp_python.i
 * The module is private: users import the pure-Python package `dpp`
 * (dpp/__init__.py), which turns these flat functions into classes.
 *
 *  - bytes in:  any object with the buffer protocol (bytes, bytearray,
 *               memoryview); anything else raises TypeError.
 *  - text in:   str (encoded as UTF-8) or a bytes-like object.
 *  - bytes out: bytes; text out: str (UTF-8, undecodable bytes replaced).
 *  - errors:    a hidden dpp_diag; on failure the factory registered with
 *               dppb_set_error_factory() builds the exception (dpp.DppError
 *               and subclasses), else RuntimeError.
 *  - the GIL is released around every glue call that does real work
 *    (-threads); trivial accessors keep it (%nothread below).
 */
%module(package="dpp") native

%{
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "dpp_glue.h"

/* Builds the exception for a failed call: factory(code, message, offset, path, line, column). */
static PyObject *dppb_py_error_factory = NULL;

static void dppb_py_raise(const dpp_diag *st)
{
    PyObject *msg, *path, *exc;
    long long off = st->offset == SIZE_MAX ? -1LL : (long long)st->offset;
    msg = PyUnicode_DecodeUTF8(st->msg, (Py_ssize_t)strnlen(st->msg, sizeof st->msg), "replace");
    if (msg == NULL) return;
    if (dppb_py_error_factory == NULL) {
        PyErr_Format(PyExc_RuntimeError, "%s: %U", dpp_err_name(st->err), msg);
        Py_DECREF(msg);
        return;
    }
    path = PyUnicode_DecodeUTF8(st->path, (Py_ssize_t)strnlen(st->path, sizeof st->path), "replace");
    if (path == NULL) {
        Py_DECREF(msg);
        return;
    }
    exc = PyObject_CallFunction(dppb_py_error_factory, "iOLOKK", (int)st->err, msg, off, path,
                                (unsigned long long)st->line, (unsigned long long)st->column);
    Py_DECREF(msg);
    Py_DECREF(path);
    if (exc == NULL) return; /* the factory raised: keep its exception */
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}
%}

/* ---- hidden status argument -> exception ---- */
%typemap(in, numinputs=0, noblock=1) dpp_diag *status (dpp_diag temp) {
  memset(&temp, 0, sizeof temp);
  $1 = &temp;
}
%typemap(argout, noblock=1) dpp_diag *status {
  if (temp$argnum.err != DPP_OK) {
    Py_XDECREF($result);
    $result = NULL;
    dppb_py_raise(&temp$argnum);
    SWIG_fail;
  }
}

/* ---- bytes in ---- */
%typemap(in, noblock=1) (const void *data, size_t len) (Py_buffer view, int have_view = 0),
                        (const void *aad, size_t aad_len) (Py_buffer view, int have_view = 0) {
  if (PyUnicode_Check($input)) {
    PyErr_Format(PyExc_TypeError, "expected a bytes-like object, not str (encode it first)");
    SWIG_fail;
  }
  if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) != 0) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "expected a bytes-like object, not %.100s", Py_TYPE($input)->tp_name);
    SWIG_fail;
  }
  have_view = 1;
  $1 = view.buf;
  $2 = (size_t)view.len;
}
%typemap(freearg, noblock=1) (const void *data, size_t len), (const void *aad, size_t aad_len) {
  if (have_view$argnum) PyBuffer_Release(&view$argnum);
}
%typemap(typecheck) (const void *data, size_t len), (const void *aad, size_t aad_len) {
  $1 = PyObject_CheckBuffer($input) ? 1 : 0;
}

/* ---- text in: str (UTF-8) or bytes-like ---- */
%typemap(in, noblock=1) (const char *text, size_t text_len) (Py_buffer view, int have_view = 0),
                        (const char *name, size_t name_len) (Py_buffer view, int have_view = 0),
                        (const char *resolver, size_t resolver_len) (Py_buffer view, int have_view = 0) {
  if (PyUnicode_Check($input)) {
    Py_ssize_t n = 0;
    const char *s = PyUnicode_AsUTF8AndSize($input, &n);
    if (s == NULL) SWIG_fail; /* e.g. lone surrogates: UnicodeEncodeError */
    $1 = (char *)s;
    $2 = (size_t)n;
  } else if (PyObject_CheckBuffer($input)) {
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) != 0) SWIG_fail;
    have_view = 1;
    $1 = (char *)view.buf;
    $2 = (size_t)view.len;
  } else {
    PyErr_Format(PyExc_TypeError, "expected str or bytes, not %.100s", Py_TYPE($input)->tp_name);
    SWIG_fail;
  }
}
%typemap(freearg, noblock=1) (const char *text, size_t text_len), (const char *name, size_t name_len),
                             (const char *resolver, size_t resolver_len) {
  if (have_view$argnum) PyBuffer_Release(&view$argnum);
}

/* ---- bytes / text out ---- */
%typemap(out, noblock=1) dppb_bytes_out {
  $result = PyBytes_FromStringAndSize($1.ptr != NULL ? (const char *)$1.ptr : "", (Py_ssize_t)$1.len);
  free($1.ptr);
  if ($result == NULL) SWIG_fail;
}
%typemap(out, noblock=1) dppb_text_out {
  $result = PyUnicode_DecodeUTF8($1.ptr != NULL ? (const char *)$1.ptr : "", (Py_ssize_t)$1.len, "replace");
  free($1.ptr);
  if ($result == NULL) SWIG_fail;
}

/* ---- passport members (common/dpp_core.i): char[N] text, uint8_t[N] bytes ---- */
%typemap(out, noblock=1) char [ANY] {
  $result = PyUnicode_DecodeUTF8($1, (Py_ssize_t)strnlen($1, $1_dim0), "replace");
  if ($result == NULL) SWIG_fail;
}
%typemap(out, noblock=1) uint8_t [ANY] {
  $result = PyBytes_FromStringAndSize((const char *)$1, (Py_ssize_t)$1_dim0);
  if ($result == NULL) SWIG_fail;
}

/* ---- GIL: keep it for cheap accessors and lookups ---- */
%nothread dppb_version;
%nothread dppb_role_name;
%nothread dppb_claim_name;
%nothread dppb_binding_name;
%nothread dppb_key_source_name;
%nothread dppb_revocation_reason_name;
%nothread dppb_revocation_kind_name;
%nothread dppb_claim_max;
%nothread dppb_entry_kid;
%nothread dppb_entry_set_window;
%nothread dppb_entry_set_claims;
%nothread dppb_trustlist_count;
%nothread dppb_revlist_count;
%nothread dppb_result_signer_source;
%nothread dppb_result_signer_role;
%nothread dppb_result_signer_kid;
%nothread dppb_result_signer_party;
%nothread dppb_result_n_attestations;
%nothread dppb_result_attestation_kid;
%nothread dppb_result_attestation_alg;
%nothread dppb_result_attestation_binding;
%nothread dppb_result_attestation_claims;
%nothread dppb_result_claims_present;
%nothread dppb_result_claims_attested;
%nothread dppb_result_claim_attested_by;
%nothread dppb_result_link_uri;
%nothread dppb_result_link_sha256;
%nothread dppb_result_revocation_kind;
%nothread dppb_result_revocation_reason;
%nothread dppb_result_revocation_date;
%nothread dppb_result_revocation_subject;
%nothread dppb_result_revocation_gtin;
%nothread dppb_result_revocation_batch;
%nothread dppb_result_failed_attestation;
%nothread dppb_err_name;
%nothread dppb_err_str;
%nothread dppb_check_name;
%nothread dppb_check_count;
%nothread dppb_alg_name;
%nothread dppb_alg_from_name;
%nothread dppb_max_text_len;
%nothread dppb_max_cose_len;
%nothread dppb_max_link_len;
%nothread dppb_form_of;
%nothread dppb_result_form;
%nothread dppb_result_resolver;
%nothread dppb_kid_len;
%nothread dppb_key_alg;
%nothread dppb_key_is_private;
%nothread dppb_key_kid;
%nothread dppb_key_has_validity;
%nothread dppb_key_not_before;
%nothread dppb_key_not_after;
%nothread dppb_trust_count;
%nothread dppb_result_verified;
%nothread dppb_result_err;
%nothread dppb_result_failed_check;
%nothread dppb_result_check_status;
%nothread dppb_result_message;
%nothread dppb_result_path;
%nothread dppb_result_offset;
%nothread dppb_result_iat;
%nothread dppb_result_has_exp;
%nothread dppb_result_exp;
%nothread dppb_result_iss;
%nothread dppb_result_alg;
%nothread dppb_result_kid;
%nothread dppb_result_compressed;
%nothread dppb_cose_verified;
%nothread dppb_cose_tagged;
%nothread dppb_cose_cwt_tagged;
%nothread dppb_cose_has_alg;
%nothread dppb_cose_alg_protected;
%nothread dppb_cose_alg;
%nothread dppb_cose_has_kid;
%nothread dppb_cose_kid_protected;
%nothread dppb_cose_kid;
%nothread dppb_cose_unprotected_empty;
%nothread dppb_cose_protected;
%nothread dppb_cose_detached;
%nothread dppb_cose_payload;
%nothread dppb_cose_signature;
%nothread dppb_result_statuses;
%nothread dppb_qr_version;
%nothread dppb_qr_size;
%nothread dppb_qr_ecc;
%nothread dppb_qr_mask;
%nothread dppb_qr_module;
%nothread dppb_set_error_factory;
%nothread dppb_scan_available;
%nothread dppb_scan_text;
%nothread dppb_scan_info;
%nothread dppb_scan_number;
%nothread dppb_gil_held;
%nothread dppb_untp_dropped_count;
%nothread dppb_result_signer_scheme;
%nothread dppb_result_signer_scheme_operator;
%nothread dppb_result_revoked_by;
%nothread dppb_trust_scheme_count;
%nothread dppb_untp_dropped_total;
%nothread dppb_untp_dropped_path;
%nothread dppb_untp_dropped_message;
%nothread dppb_cbam_available;
%nothread dppb_cbam_count;
%nothread dppb_cbam_passport_number;
%nothread dppb_cbam_note_number;
%nothread dppb_cbam_note_text;

/* Passport member getters (and the index views) are field reads. */
%nothread dpp_passport;
%include "dpp_core.i"

%inline %{
/* Registers factory(code: int, message: str, offset: int, path: str, line: int, column: int) -> exception. */
void dppb_set_error_factory(PyObject *factory)
{
    Py_XINCREF(factory);
    Py_XDECREF(dppb_py_error_factory);
    dppb_py_error_factory = (factory == Py_None) ? NULL : factory;
    if (factory == Py_None) Py_DECREF(factory);
}

/* Test probe: 1 if the GIL is held inside a call made with dppb_gil_probe's
 * threading setting (released, like dppb_verify), else 0. */
int dppb_gil_probe(void) { return PyGILState_Check(); }

/* Test probe with the GIL kept (like the accessors): returns 1. */
int dppb_gil_held(void) { return PyGILState_Check(); }
%}
