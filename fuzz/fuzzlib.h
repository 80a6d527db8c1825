/* fuzzlib.h: what the libFuzzer harnesses (fuzz/fuzz_*.c) share.
 *
 * Everything here is made once per fuzzing process, on first use, and kept
 * until exit (still reachable, so not a leak): a temporary folder, a store
 * with the test registry and one signed-in account per role, and the
 * bundled rules.  A harness frees what it allocates for one input (or
 * allocates it in an arena it releases), so that libFuzzer's leak check
 * (-detect_leaks=1) finds only the code's own leaks.
 *
 * The harnesses run from the repository root (fuzz/run cds there), so the
 * fixture paths (tests/data/..., rules) are relative to it.  See
 * fuzz/README.md for the convention. */
#ifndef PCN_FUZZLIB_H
#define PCN_FUZZLIB_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"
#include "http.h"
#include "import.h"
#include "rules.h"
#include "web.h"

struct buf;
struct db;

/* A folder of our own under $TMPDIR (or /dev/shm when it exists), removed at exit. */
const char *fz_tmpdir(void);

/* The store, made once: SQLite in fz_tmpdir, migrated, with the registry,
 * list sizes and NHS payments of tests/data/registry (ICBs QAA and QBB;
 * PCNs U10001, U10002 in QAA, U20001 in QBB), written without fsync.
 * Aborts when it cannot be made (the harness is useless without it). */
struct db *fz_store(void);

/* The bundled rules (rules/), loaded once; aborts on an error. */
const struct rules *fz_rules(void);

/* The fixture's roles, as tests/webfix.h has them. */
enum fz_who { FZ_ADMIN, FZ_ICB, FZ_MANAGER, FZ_CD, FZ_PRACTICE, FZ_NOBODY, FZ_WHO_N };
/* "admin", "icb", "manager", "cd", "practice", "nobody" and back (-1). */
const char *fz_who_name(int who);
int fz_who_parse(const char *s, size_t len);

/* The web application on fz_store(), made once: one account per role
 * (the emails of tests/webfix.h) each signed in, with its session cookie
 * ("pcnops=..."), CSRF token and an API token.  The clock is fixed at
 * 2026-11-23 08:00 UTC. */
struct fz_web {
    struct web w;
    struct db *db;
    time_t now;
    const char *cookie[FZ_WHO_N]; /* NULL for FZ_NOBODY */
    const char *csrf[FZ_WHO_N];
    const char *bearer[FZ_WHO_N]; /* "Bearer ..." */
};
struct fz_web *fz_web(void);

/* A request in its own arena for who (a session cookie, not for nobody):
 * method and target ("/path?query", the path decoded with
 * http_decode_path and the query as the server decodes it).  NULL when the
 * server would have refused the target with 400 itself.  Free with
 * fz_req_free. */
struct http_req *fz_req(struct fz_web *f, int who, const char *method, const char *target,
                        size_t target_len);
void fz_req_free(struct http_req *q);
void fz_header(struct http_req *q, const char *name, const char *value);

/* Runs q through router_handle and checks the answer: a 5xx, a response
 * without the security headers, or a body that failed to build is a
 * finding (abort, with the request and the answer on stderr).  Returns the
 * status. */
int fz_route(struct fz_web *f, struct http_req *q);

/* The same with body (len bytes) as q's body, copied into an allocation of
 * its own size, as the server's buffer holds it (so that a read past its
 * end is a sanitizer report); then frees the copy and q (fz_req_free).
 * Returns the status. */
int fz_route_body(struct fz_web *f, struct http_req *q, const void *body, size_t len);

/* Appends p[0..n) to b with each "@CSRF@" in it made csrf: how a harness
 * lets its input name the session's CSRF token. */
void fz_add_csrf(struct buf *b, const char *p, size_t n, const char *csrf);

/* A copy of the bundled rules folder with only the year 2023-24 (and the
 * files outside the years), made once in fz_tmpdir: for importers that
 * read the whole rules folder on every import (iif), which is most of their
 * time, so that the fuzzer runs four times as many inputs. */
const char *fz_rules_dir_one_year(void);

/* Runs one import of data (as an upload named name) of kind on fz_store():
 * any result is fine (an error must leave the store as it was, which the
 * importers' own tests check); a crash, leak or sanitizer report is the
 * finding.  year as struct import_src has it; rules_dir is "rules", or
 * fz_rules_dir_one_year() for the IIF. */
int fz_import(enum import_kind kind, const char *name, const uint8_t *data, size_t size,
              const char *year);

#endif
