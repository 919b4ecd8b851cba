/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SWIG interface for the JNI library libdpp_jni.so and its package-private
 * Java classes (DppNative, DppNativeJNI, Native*) in package org.libdpp.
 *
 * Built with: swig -java -package org.libdpp -I../common dpp_java.i
 * Users never see these classes: the public API is the hand-written classes
 * in src/org/libdpp (Key, TrustStore, Passport, Verifier, ...).
 *
 *  - bytes in and text in: byte[] (Java encodes text as UTF-8 itself, so the
 *    JNI layer never handles modified UTF-8); null throws NullPointerException.
 *  - bytes and text out: byte[] (text is decoded as UTF-8 in Java).
 *  - errors: a hidden dpp_diag; on failure the JNI code throws the checked
 *    org.libdpp.DppException subclass built by DppException.fromNative().
 *  - proxies have no finalize(); the public classes free them in close()
 *    and through java.lang.ref.Cleaner.
 */
%module(jniclassname="DppNativeJNI") DppNative

%pragma(java) jniclassclassmodifiers="final class"
%pragma(java) moduleclassmodifiers="final class"
%pragma(java) jniclasscode=%{
  static {
    NativeLoader.load();
  }
%}
%pragma(java) moduleimports=%{
/** Package-private SWIG module class; use the public org.libdpp classes. */
%}
%typemap(javaclassmodifiers) SWIGTYPE "final class"
%typemap(javafinalize) SWIGTYPE ""

%rename(NativeKey) dpp_key;
%rename(NativeTrust) dpp_trust;
%rename(NativePassport) dpp_passport;
%rename(NativeQr) dpp_qr;
%rename(NativeResult) dppb_result;
%rename(NativeCose) dppb_cose;
%rename(NativeEntry) dppb_entry;
%rename(NativeTrustList) dpp_trustlist;
%rename(NativeRevList) dpp_revlist;
%rename(NativeSizes) dppb_sizes;
%rename(NativeListInfo) dppb_list_info;
%rename(NativeScan) dppb_scan;
%rename(NativeUntp) dppb_untp;
%rename(NativeCbamImport) dppb_cbam;
%rename(NativeDecimal) dpp_decimal;
%rename(NativeIdentifier) dpp_identifier;
%rename(NativeParty) dpp_party;
%rename(NativeFacility) dpp_facility;
%rename(NativeMaterial) dpp_material;
%rename(NativeStage) dpp_stage;
%rename(NativeFootprint) dpp_footprint;
%rename(NativeCertification) dpp_certification;
%rename(NativeCbam) dpp_cbam;
%rename(NativeCbamInstallation) dpp_cbam_installation;
%rename(NativeCbamPrecursor) dpp_cbam_precursor;
%rename(NativeCbamVerifier) dpp_cbam_verifier;
/* The passport's enum members are plain ints (0 = absent is a legal value). */
%include "enumsimple.swg"

%{
#include <string.h>
#include "dpp_glue.h"

/* (This file is compiled as C, so JNI is called through (*jenv)->.) */

static jbyteArray dppb_java_bytes(JNIEnv *jenv, const void *p, size_t len)
{
    jbyteArray a;
    if (len > 0x7fffffff) {
        jclass oom = (*jenv)->FindClass(jenv, "java/lang/OutOfMemoryError");
        if (oom != NULL) (*jenv)->ThrowNew(jenv, oom, "libdpp result larger than a Java array");
        return NULL;
    }
    a = (*jenv)->NewByteArray(jenv, (jsize)len);
    if (a != NULL && len != 0) (*jenv)->SetByteArrayRegion(jenv, a, 0, (jsize)len, (const jbyte *)p);
    return a;
}

/* Throws DppException.fromNative(code, utf8 message, offset, utf8 field path, line, column). */
static void dppb_java_throw(JNIEnv *jenv, const dpp_diag *st)
{
    jclass cls;
    jmethodID mid;
    jbyteArray msg, path;
    jobject exc;
    jlong off = st->offset == SIZE_MAX ? (jlong)-1 : (jlong)st->offset;
    if ((*jenv)->ExceptionCheck(jenv)) return;
    cls = (*jenv)->FindClass(jenv, "org/libdpp/DppException");
    if (cls == NULL) return; /* NoClassDefFoundError is pending */
    mid = (*jenv)->GetStaticMethodID(jenv, cls, "fromNative", "(I[BJ[BJJ)Lorg/libdpp/DppException;");
    if (mid == NULL) return;
    msg = dppb_java_bytes(jenv, st->msg, strnlen(st->msg, sizeof st->msg));
    if (msg == NULL) return;
    path = dppb_java_bytes(jenv, st->path, strnlen(st->path, sizeof st->path));
    if (path == NULL) return;
    exc = (*jenv)->CallStaticObjectMethod(jenv, cls, mid, (jint)st->err, msg, off, path, (jlong)st->line,
                                          (jlong)st->column);
    if ((*jenv)->ExceptionCheck(jenv)) return;
    if (exc != NULL) (*jenv)->Throw(jenv, (jthrowable)exc);
}
%}

/* ---- hidden status argument -> checked exception ---- */
%typemap(in, numinputs=0, noblock=1) dpp_diag *status (dpp_diag temp) {
  memset(&temp, 0, sizeof temp);
  $1 = &temp;
}
/* No early return: the freearg typemaps below must still release the input
 * arrays; Java ignores the return value while an exception is pending. */
%typemap(argout, noblock=1, throws="org.libdpp.DppException") dpp_diag *status {
  if (temp$argnum.err != DPP_OK) dppb_java_throw(jenv, &temp$argnum);
}

/* ---- bytes in (also text, which Java passes as UTF-8 bytes) ---- */
%define DPPB_JAVA_BYTES_IN(PTR, LEN)
%typemap(jni) (PTR, LEN) "jbyteArray"
%typemap(jtype) (PTR, LEN) "byte[]"
%typemap(jstype) (PTR, LEN) "byte[]"
%typemap(javain) (PTR, LEN) "$javainput"
%typemap(in, noblock=1) (PTR, LEN) (jbyte *bytes = NULL, jbyteArray arr = NULL) {
  if ($input == NULL) {
    /* The public classes never pass null; this guards the package itself. */
    SWIG_JavaThrowException(jenv, SWIG_JavaNullPointerException, "byte array is null");
    return $null;
  }
  arr = $input;
  bytes = JCALL2(GetByteArrayElements, jenv, $input, NULL);
  if (bytes == NULL) return $null; /* OutOfMemoryError pending */
  $1 = ($1_ltype)bytes;
  $2 = (size_t)JCALL1(GetArrayLength, jenv, $input);
}
%typemap(freearg, noblock=1) (PTR, LEN) {
  if (bytes$argnum != NULL) JCALL3(ReleaseByteArrayElements, jenv, arr$argnum, bytes$argnum, JNI_ABORT);
}
%enddef

DPPB_JAVA_BYTES_IN(const void *data, size_t len)
DPPB_JAVA_BYTES_IN(const void *aad, size_t aad_len)
DPPB_JAVA_BYTES_IN(const char *text, size_t text_len)
DPPB_JAVA_BYTES_IN(const char *name, size_t name_len)
DPPB_JAVA_BYTES_IN(const char *resolver, size_t resolver_len)

/* ---- bytes / text out ---- */
%typemap(jni) dppb_bytes_out, dppb_text_out "jbyteArray"
%typemap(jtype) dppb_bytes_out, dppb_text_out "byte[]"
%typemap(jstype) dppb_bytes_out, dppb_text_out "byte[]"
%typemap(javaout) dppb_bytes_out, dppb_text_out { return $jnicall; }
%typemap(out, noblock=1) dppb_bytes_out, dppb_text_out {
  $result = dppb_java_bytes(jenv, $1.ptr, $1.len);
  free($1.ptr);
}

/* ---- passport members (common/dpp_core.i): char[N] text and uint8_t[N] as byte[] ---- */
%typemap(jni) char [ANY], uint8_t [ANY] "jbyteArray"
%typemap(jtype) char [ANY], uint8_t [ANY] "byte[]"
%typemap(jstype) char [ANY], uint8_t [ANY] "byte[]"
%typemap(javaout) char [ANY], uint8_t [ANY] { return $jnicall; }
%typemap(out, noblock=1) char [ANY] { $result = dppb_java_bytes(jenv, $1, strnlen($1, $1_dim0)); }
%typemap(out, noblock=1) uint8_t [ANY] { $result = dppb_java_bytes(jenv, $1, $1_dim0); }

%include "dpp_core.i"
