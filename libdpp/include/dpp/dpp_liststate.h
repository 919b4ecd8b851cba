/* SPDX-License-Identifier: Apache-2.0 */
#ifndef DPP_LISTSTATE_H
#define DPP_LISTSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dpp/dpp_common.h"
#include "dpp/dpp_key.h"
#include "dpp/dpp_list.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file dpp_liststate.h
 * @brief Rollback protection for signed lists: remembers, per operator key
 *        and list kind, the highest sequence (and its issue time and content)
 *        a verifier has accepted, and refuses older lists.
 *
 * A verifier keeps one state (a file, or bytes it stores itself):
 *  1. dpp_liststate_load() (a missing file is an empty state) or
 *     dpp_liststate_parse() of stored bytes;
 *  2. for each list it loads (dpp_trust_load_list() and friends give
 *     dpp_list_info), dpp_liststate_check() with the list's kind, operator
 *     kid (dpp_list_info.signer_kid), sequence, issued_at and the SHA-256 of
 *     the signed list bytes (dpp_sha256());
 *  3. after every list passed, dpp_liststate_update() for each, then
 *     dpp_liststate_save() (atomic: temporary file + rename) or
 *     dpp_liststate_serialize().
 *
 * Rules, for one (kind, operator kid):
 *  - a lower sequence than the one recorded: DPP_ERR_LIST_ROLLBACK;
 *  - the same sequence with the same issued_at and the same digest: accepted
 *    (the same list loaded again, e.g. from a mirror);
 *  - the same sequence with a different issued_at or digest: DPP_ERR_LIST_ROLLBACK
 *    (equivocation: the operator signed two different lists under one
 *    sequence number, or one of them is forged with a leaked key);
 *  - a higher sequence whose issued_at is earlier than the recorded one:
 *    accepted (the sequence is what orders lists; issued_at is informative).
 *
 * Status lists (kind DPP_LIST_KIND_STATUS, spec/trust.md 6.4) are kept per
 * part: the 8-byte key passed as operator_kid is the status list id, not a
 * kid, and the digest is dpp_trust_status_digest() of the part as held after
 * loading (whole list, or base plus deltas), so a whole list and a delta that
 * reach the same sequence agree. For them the same sequence with the same
 * digest is accepted whatever issued_at says; a lower sequence is
 * DPP_ERR_LIST_ROLLBACK ("status list 0123456789abcdef sequence 4 is older than
 * sequence 7 seen 2026-11-02T10:00:00Z"); the same sequence with another
 * digest too. Check after every status list of a run is loaded (a delta
 * needs its older base first).
 *
 * The state is plain text, one record a line:
 *
 *     dpp-liststate 1
 *     trust 0123456789abcdef 7 1793613600 <64 hex digits of SHA-256>
 *     revocation 0123456789abcdef 3 1793613600 <64 hex digits>
 *     status 4f1c2a9e0b7d6e35 12 1793613600 <64 hex digits>
 *
 * (kind, 16 lowercase hex digits of the operator kid (status: of the list id), sequence 1..2^63-1 and
 * issued_at 1..2^63-1 in decimal without leading zeros, digest; single spaces,
 * "\n" line ends, no duplicate (kind, kid), at most DPP_LISTSTATE_MAX_ENTRIES
 * records). Anything else is DPP_ERR_STATE_FILE naming the line and byte
 * offset. Records are written sorted by kind and kid.
 *
 * The state holds no global data; a dpp_liststate is owned by the caller.
 */

/** Most records a state holds (DPP_ERR_TOO_LARGE beyond). */
#define DPP_LISTSTATE_MAX_ENTRIES 4096
/** Largest state file or buffer accepted: the header and every record. */
#define DPP_LISTSTATE_MAX_LEN (16u + DPP_LISTSTATE_MAX_ENTRIES * 128u)

/** One remembered list. */
typedef struct dpp_liststate_entry {
    dpp_list_kind kind;
    uint8_t operator_kid[DPP_KID_LEN]; /**< kid of the key that signed the list; DPP_LIST_KIND_STATUS: the list id */
    uint64_t sequence;                 /**< 1..2^63-1 */
    int64_t issued_at;                 /**< seconds since the epoch, > 0 */
    uint8_t digest[32];                /**< SHA-256 of the signed list bytes (status: dpp_trust_status_digest) */
} dpp_liststate_entry;

typedef struct dpp_liststate dpp_liststate;

/** An empty state. Free with dpp_liststate_free(). */
DPP_API DPP_NODISCARD dpp_err dpp_liststate_new(dpp_liststate **out);
DPP_API void dpp_liststate_free(dpp_liststate *st);

/** Parses the text format above from len bytes (at most
 *  DPP_LISTSTATE_MAX_LEN). Empty input is an empty state. Errors:
 *  DPP_ERR_STATE_FILE ("line 3: sequence: ..." with the offset),
 *  DPP_ERR_TOO_LARGE, DPP_ERR_NO_MEMORY. *out is NULL on failure. */
DPP_API DPP_NODISCARD dpp_err dpp_liststate_parse(const uint8_t *data, size_t len, dpp_liststate **out,
                                                  dpp_diag *diag);

/** Reads and parses the file at path. A file that does not exist is an empty
 *  state (DPP_OK); one that cannot be read or is malformed is
 *  DPP_ERR_STATE_FILE, the message starting with the path. */
DPP_API DPP_NODISCARD dpp_err dpp_liststate_load(const char *path, dpp_liststate **out, dpp_diag *diag);

/** Number of records, and record i (0-based, sorted by kind then kid). */
DPP_API size_t dpp_liststate_count(const dpp_liststate *st);
DPP_API DPP_NODISCARD dpp_err dpp_liststate_get(const dpp_liststate *st, size_t index, dpp_liststate_entry *out);

/**
 * Would a list with these values be accepted? DPP_OK if the state has no
 * record for (kind, operator_kid), if sequence is higher than the record's, or
 * if it is the same list again (same sequence, issued_at and digest).
 * DPP_ERR_LIST_ROLLBACK otherwise, e.g. "trust list sequence 4 from operator
 * 0123456789abcdef is older than sequence 7 seen 2026-11-02T10:00:00Z" or
 * "trust list sequence 7 from operator 0123456789abcdef differs from the
 * sequence 7 seen 2026-11-02T10:00:00Z (issued 2026-11-03T00:00:00Z): two
 * different lists with one sequence number". Status parts: see above.
 * DPP_ERR_INVALID_ARG for a bad
 * kind, NULL pointer, sequence 0 or above 2^63-1, or issued_at <= 0.
 */
DPP_API DPP_NODISCARD dpp_err dpp_liststate_check(const dpp_liststate *st, dpp_list_kind kind,
                                                  const uint8_t operator_kid[DPP_KID_LEN], uint64_t sequence,
                                                  int64_t issued_at, const uint8_t digest[32], dpp_diag *diag);

/**
 * Records the list: runs dpp_liststate_check() (same errors; the state is
 * unchanged on failure), then stores the values as the newest for
 * (kind, operator_kid). *changed (may be NULL) says whether the state
 * differs from before, so a caller can skip saving.
 */
DPP_API DPP_NODISCARD dpp_err dpp_liststate_update(dpp_liststate *st, dpp_list_kind kind,
                                                   const uint8_t operator_kid[DPP_KID_LEN], uint64_t sequence,
                                                   int64_t issued_at, const uint8_t digest[32], bool *changed,
                                                   dpp_diag *diag);

/** Writes the text format into out (cap bytes); *len gets the size. out NULL
 *  with cap 0 asks for the size only. DPP_ERR_BUFFER_TOO_SMALL if cap is
 *  short (*len still gets the size needed). */
DPP_API DPP_NODISCARD dpp_err dpp_liststate_serialize(const dpp_liststate *st, uint8_t *out, size_t cap,
                                                      size_t *len);

/** Writes the state to path atomically: a temporary file in the same
 *  directory (mode 0600), flushed to disk, then renamed over path. The
 *  directory must exist. Errors: DPP_ERR_STATE_FILE naming the path and the
 *  system error, DPP_ERR_NO_MEMORY. */
DPP_API DPP_NODISCARD dpp_err dpp_liststate_save(const dpp_liststate *st, const char *path, dpp_diag *diag);

#ifdef __cplusplus
}
#endif

#endif /* DPP_LISTSTATE_H */
