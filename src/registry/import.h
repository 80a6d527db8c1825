/* import.h: loading NHS England's files into the store.
 *
 * Every import is the same two steps: parse and check the whole file in
 * memory, then write it in one transaction.  A file with any error writes
 * nothing, and the error names the file, the line and the field:
 *     gp-reg-pat-prac-map.csv:14: field PRACTICE_CODE: 'K8207' is not a
 *     practice code (a letter and 5 digits, like K82070)
 * Importing the same file twice changes nothing the second time.
 *
 * The formats, with their quirks, are described in docs/data-sources.md.
 * Plain and gzip-compressed files are both accepted (infile.h). */
#ifndef PCN_IMPORT_H
#define PCN_IMPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "csv.h"
#include "date.h"
#include "err.h"

struct db;
struct audit_entry;
struct strmap;
struct arena;

enum import_kind {
    IMPORT_REGISTRY,     /* gp-reg-pat-prac-map (regmap.h)               */
    IMPORT_LIST_SIZES,   /* gp-reg-pat-prac-quin-age / -all (listsize.h) */
    IMPORT_EPRACCUR,     /* ODS epraccur (epraccur.h)                    */
    IMPORT_POPULATIONS,  /* weighted and adjusted populations (population.h) */
    IMPORT_IIF,          /* NHS England's IIF publication (iifpub.h)     */
    IMPORT_QOF,          /* QOF practice disease registers (qof.h)       */
    IMPORT_NHS_PAYMENTS, /* NHS Payments to General Practice (nhspay.h)  */
    IMPORT_EPCN,         /* ODS ePCN report: memberships with dates (epcn.h) */
    IMPORT_CQC,          /* CQC's latest ratings (cqc.h)                 */
};

/* "registry", "list-sizes", "epraccur", "populations", "iif", "qof",
 * "nhs-payments", "epcn", "cqc" and back (-1 when unknown). */
const char *import_kind_name(enum import_kind k);
int import_kind_parse(const char *s);

/* Where the bytes come from: a file path, or memory (an upload). */
struct import_src {
    const char *name; /* shown in messages: the file's name      */
    const char *path; /* NULL when mem is used                   */
    const void *mem;
    size_t len;
    /* For importers that read the NHS rules (iif: the year's measures;
     * nhs-payments: rules/nhs_payments.csv):
     * the rules directory, NULL for rules_dir_default (rules.h). */
    const char *rules_dir;
    /* For files that do not carry their year (qof, nhs-payments): "2024/25", or NULL to
     * take it from the file's name. */
    const char *year;
    /* Who imports it, and the entry's action and target (audit.h's notes):
     * the importer writes the entry, with the rows read and written, the
     * summary and the warnings, inside the import's own transaction
     * (import_audit), so the rows and their entry are both in or neither.
     * NULL: no entry (tests of the importers alone). */
    const struct audit_entry *audit;
    /* For an import made for one PCN (a PCN's own imports on the web), or
     * NULL: every row must be that PCN's, else the file is refused with
     * FILE:LINE: field: the staff CSV's pcn_code; a population's practice,
     * a member of the PCN on the row's date (or in its first membership
     * after it, when the registry starts later); the workforce census
     * keeps only the PCN's rows (staff_import_workforce). */
    const char *only_pcn;
    /* Called every 100,000 rows while reading, if set. */
    void (*progress)(void *ctx, const char *name, long rows);
    void *progress_ctx;
};

/* Streams the source through a CSV reader (csv_init'ed by the caller).
 * Calls csv_finish at the end.  0 or an error with its message. */
int import_src_read_csv(const struct import_src *src, struct csv_reader *r, struct pcn_msg *m);
/* After import_src_read_csv returned 0: "FILE: the file is empty" when
 * the reader saw no record at all, else "FILE: no rows after the header"
 * when rows (the data rows the importer kept) is 0.  0 when neither. */
int import_need_rows(const struct import_src *src, const struct csv_reader *r, long rows,
                     struct pcn_msg *m);

/* The outcome of one import, for the person who ran it. */
struct import_result {
    enum import_kind kind;
    date_t date;                   /* extract date; DATE_NONE if none */
    long rows;                     /* data rows read                  */
    long written;                  /* store rows inserted, changed or deleted */
    long checks;                   /* totals compared with our own roll-up */
    long check_failures;           /* of which did not match (warnings)    */
    char summary[LIMIT_MSG_BYTES]; /* what happened, in one or two lines */
    long nwarnings;                /* all warnings, kept or not       */
    char *warnings[LIMIT_WARNINGS_KEPT];
};

void import_result_init(struct import_result *r, enum import_kind kind);
void import_result_release(struct import_result *r);
void import_warn(struct import_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* importer_run (importer.h) imports one file by its kind. */

/* For each importer, inside its transaction once res holds the rows and
 * the summary, just before its commit: src->audit's entry, with res's
 * figures added to its detail.  0 or the store's error. */
int import_audit(struct db *db, const struct import_src *src, const struct import_result *res,
                 struct pcn_msg *m);
/* How every importer ends its transaction, with rc the outcome so far:
 * when 0, import_audit then audit_commit (audit.h); otherwise, or when the
 * entry cannot be written, the transaction is rolled back and nothing is
 * written.  Returns rc, or the entry's or the commit's error. */
int import_end(struct db *db, const struct import_src *src, const struct import_result *res, int rc,
               struct pcn_msg *m);

/* An importer's rows written in many-row INSERTs (dbbatch.h), inside its
 * transaction: head and tail as dbbatch_init takes them, ncols values a
 * row, and row(ctx, b, i) adding row i's values for i from 0 to n - 1;
 * res->written gets the rows the store changed.  0 or the store's error. */
struct dbbatch;
typedef void import_row_fn(void *ctx, struct dbbatch *b, size_t i);
int import_batch(struct db *db, const char *head, const char *tail, int ncols, size_t n,
                 import_row_fn *row, void *ctx, struct import_result *res, struct pcn_msg *m);

/* The rows of a table that the file no longer holds, deleted: select_sql
 * reads the key's ncols columns of every row, and a row whose key (the
 * columns joined by '|') is not in keys is deleted by delete_sql, bound to
 * the same columns; *removed counts them.  Inside the import's
 * transaction.  0 or the store's error. */
int import_delete_gone(struct db *db, const char *select_sql, const char *delete_sql, int ncols,
                       const struct strmap *keys, struct arena *a, long *removed,
                       struct pcn_msg *m);

/* Of codes (a strmap's keys: the organisations a file names), those the
 * store holds no organisation of kind ("practice", "pcn") for: how many in
 * *n, and the first in byte order in *first (NULL when none), for the
 * import's warning.  Inside the import's transaction.  0 or the store's
 * error. */
int import_unknown_orgs(struct db *db, const struct strmap *codes, const char *kind, long *n,
                        const char **first, struct pcn_msg *m);

/* Guesses the kind of a file from its first line (header), for uploads.
 * -1 when it is not a format PCN Ops reads. */
int import_detect(const char *data, size_t len);

/* Helpers for the importers' field checks: each sets the message
 * "FILE:LINE: field NAME: ..." and returns PCN_EINVAL. */
int import_field_error(struct pcn_msg *m, const char *file, long line, const char *field,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same with the arguments in a va_list, for an importer's own helper. */
int import_field_verror(struct pcn_msg *m, const char *file, long line, const char *field,
                        const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
/* A file holds one publication: the first row's date d goes to *date (and
 * its line to *date_line); a later row's other date is the field error
 * "... D differs from D0 on line N; a file holds one publication". */
int import_one_date(struct pcn_msg *m, const char *file, long line, const char *field, date_t d,
                    date_t *date, long *date_line);

#endif
