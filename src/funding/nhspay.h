/* nhspay.h: what NHS England actually paid.  The importer of NHS Payments
 * to General Practice (`pcnops import nhs-payments FILE`), each PCN's paid
 * amount per stream and year from the store, and the comparison with what
 * PCN Ops works out (entitle.h), with the known reasons a cash figure
 * differs.
 *
 * Layouts, told apart by the header (docs/data-sources.md):
 *   practice-level, 2022/23 copy: 'Practice Code' and the mislabelled
 *       'Code' (the PCN code) and 'CCG NAME' (the PCN name), no 'PCN Code';
 *   practice-level, labelled:     'Practice Code' and 'PCN Code' (2024/25);
 *   PCN-level, from 2023/24:      'PCN Code' and no 'Practice Code'
 *       (nhspaymentsgp-23-24-pcn-csv.csv); no such file was at hand when
 *       this was written, so it is read by column name only: 'PCN Code'
 *       and the payment columns below; each row is paid to the PCN.
 * Any other header is refused: "FILE:1: ... the header begins 'A', 'B',
 * 'C'...", naming what was looked for.
 *
 * The payment columns are data: rules/nhs_payments.csv (column, stream,
 * else, paid_to, name, note) maps each PCN column of the file ('PCN Workforce') to a
 * stream id of the rules ('arrs'); `else` is the stream it is compared
 * with when the year's rules lack `stream` (PCN Leadership is core PCN
 * funding from 2024/25).  Every mapped column the header has is read; a
 * file with none of them is refused.  Money is pounds with up to two
 * decimals ("1785.53", "-1600"), read exactly into pence (money.h), at most
 * £100,000,000 either way.
 *
 * The year: src->year ("2022/23"), else the file's name ("...-2022-23...",
 * "...-22-23-..."), else an error.
 *
 * Strict as every importer (import.h): the whole file is checked first;
 * any bad record is "FILE:LINE: field NAME: ..." and nothing is written;
 * a practice (or, in the PCN-level file, a PCN) twice is an error; one
 * transaction; importing again changes nothing (rows are upserted and only
 * a changed amount is written).  A column of the year already loaded from
 * the other layout is refused (the same money would count twice).  Rows
 * whose PCN is 'Unknown or no PCN' (or
 * empty) cannot be put to a PCN: they are counted in a warning with the
 * PCN money they carry (82 practices and £5,995,367.95 in 2022/23), not
 * stored.  PCNs the registry does not know are kept and counted in a
 * warning.
 *
 * A PCN's paid amount per stream is the sum over every line of the year
 * with its PCN code: in the practice-level file, PCN Participation of each
 * member practice and the other PCN lines of its nominated payee. */
#ifndef PCN_NHSPAY_H
#define PCN_NHSPAY_H

#include <jansson.h>
#include <stdbool.h>

#include "arena.h"
#include "date.h"
#include "entitle.h"
#include "import.h"
#include "money.h"

#define NHSPAY_MAP_ROWS 32              /* rows of rules/nhs_payments.csv               */
#define NHSPAY_AMOUNT_MAX 10000000000LL /* £100,000,000 in pence, either way     */
#define NHSPAY_REASONS 8

/* rules/nhs_payments.csv */
struct nhspay_column {
    const char *column;   /* as the file's header writes it */
    const char *stream;   /* a stream id of the rules ('arrs') */
    const char *fallback; /* '' or the id compared with when the year lacks stream */
    bool to_practice;     /* paid_to 'practice' (each member practice on its own
                               list), else 'payee' (the PCN's nominated payee) */
    const char *name, *note;
};
struct nhspay_map {
    struct nhspay_column cols[NHSPAY_MAP_ROWS];
    size_t n;
};

/* Reads DIR/nhs_payments.csv.  0, or PCN_EINVAL "FILE:LINE: field NAME: ..."
 * (header, an empty field, a column or stream twice, too many rows). */
int nhspay_map_load(const char *rules_dir, struct arena *a, struct nhspay_map *out,
                    struct pcn_msg *m);

int nhspay_import(struct db *db, const struct import_src *src, struct import_result *res,
                  struct pcn_msg *m);

/* "2022-23", "2022_23", "22-23" in a file's name (digits not touching other
 * digits).  0 and *fy, or PCN_EINVAL. */
int nhspay_year_from_name(const char *name, fy_t *fy);

/* One line of the file as stored. */
struct nhspay_line {
    const char *payee, *payee_type, *column, *source;
    pence_t amount;
    long line;
};

/* One mapped stream of a PCN's year: its lines (every practice's, zero
 * included) and their sum. */
struct nhspay_stream {
    const struct nhspay_column *map;
    pence_t paid;
    struct nhspay_line *lines;
    size_t nlines;
    size_t npayees; /* lines with an amount other than 0 */
};

struct nhspay_paid {
    const char *pcn;
    fy_t fy;
    const char *layout;            /* 'practice' or 'pcn' */
    const char *source;            /* the file's name ("A and B" for a year from two) */
    struct nhspay_stream *streams; /* the mapping's order, those with lines */
    size_t nstreams;
    pence_t total;
};

/* The years the store holds payments for the PCN, oldest first. */
int nhspay_years(struct db *db, const char *pcn, struct arena *a, fy_t **out, size_t *n,
                 struct pcn_msg *m);
/* The PCN's paid lines of a year.  0; PCN_ENOTFOUND when the store has
 * none (no message). */
int nhspay_pcn(struct db *db, const struct nhspay_map *map, const char *pcn, fy_t fy,
               struct arena *a, struct nhspay_paid *out, struct pcn_msg *m);
/* Whether the PCN's figures of the year use a layer (its own figure or its
 * ICB's local variation, override.h) on any day of the year. */
bool nhspay_layered(struct db *db, const char *pcn, fy_t fy, struct arena *a);

/* ---- the comparison (pure) ----------------------------------------------- */

/* A row: a stream of the rules or of the file. */
struct nhspay_row {
    const char *stream; /* the rules' id compared with, or the mapping's */
    const char *name;
    const char *columns; /* the file's columns summed ("PCN Support"), or NULL */
    bool has_paid;       /* the file has a column for it */
    pence_t paid;
    bool has_worked; /* PCN Ops worked it out for the year */
    pence_t worked;
    bool maximum;       /* the worked figure is a maximum (ARRS) */
    pence_t difference; /* paid - worked, when both */
    const char *reasons[NHSPAY_REASONS];
    size_t nreasons;
};

struct nhspay_cmp {
    fy_t fy;
    bool rules; /* the rules hold the year (res given) */
    struct nhspay_row *rows;
    size_t nrows;
    pence_t paid_total;                /* every paid line */
    pence_t worked_total;              /* payments worked out, beside a paid figure (no maximum) */
    pence_t paid_beside;               /* the paid figures beside them */
    const char *notes[NHSPAY_REASONS]; /* what holds for the whole year */
    size_t nnotes;
};

/* Sets paid beside worked: paid's streams grouped by the rules' stream they
 * compare with (res NULL: the year the rules do not hold, paid alone), then
 * the streams of res the file has no column for.  layered: a local
 * variation or the PCN's own figure applies (nhspay_layered). */
void nhspay_compare(const struct nhspay_paid *paid, const struct ent_result *res, bool layered,
                    struct arena *a, struct nhspay_cmp *out);

/* Everything a page, the API and the CLI show for a PCN's year, the one
 * way they all do it: the mapping from rules_dir (NULL: the default), the
 * paid lines, and paid beside what PCN Ops works out.  res: the year's
 * entitlements when the caller has them, else NULL and they are worked out
 * here (funding_compute) if the rules hold the year (a year with no folder,
 * or a PCN with no member practices on its population date, is compared
 * with nothing: the paid figures stand alone, and a note says why).
 * 0; PCN_ENOTFOUND when the store has no payments of the PCN's year (no
 * message); another error with m set. */
struct nhspay_view {
    struct nhspay_map map;
    struct nhspay_paid paid;
    struct nhspay_cmp cmp;
};
struct rules;
int nhspay_gather(struct db *db, const struct rules *r, const char *rules_dir, const char *pcn,
                  fy_t fy, const struct ent_result *res, struct arena *a, struct nhspay_view *out,
                  struct pcn_msg *m);

/* The comparison as JSON (integer pence; null where not known), shared by
 * the CLI's --json and the API. */
json_t *nhspay_json(const struct nhspay_paid *paid, const struct nhspay_cmp *cmp);

#endif
