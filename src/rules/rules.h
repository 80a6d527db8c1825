/* rules.h: the NHS rules as data, read from a directory at run time.
 *
 * No rate of PCN Ops is a C constant.  Every rate, maximum, pay point,
 * on-cost and IIF parameter is a row of a plain CSV file that a user can
 * read and correct; a new year is a new directory; nothing is rebuilt.
 * rules/README.md describes each file's columns and units.  Layout:
 *
 *   DIR/sources.csv                 source tags ([P3]) and their addresses
 *   DIR/2025-26/streams.csv         the PCN DES payment streams of the year
 *   DIR/2025-26/stream_rates.csv    one row per rate of a stream's part
 *   DIR/2025-26/arrs_roles.csv      ARRS roles: band, share reimbursed, caps
 *   DIR/2025-26/arrs_maxima.csv     maximum reimbursable per WTE, by area
 *   DIR/2025-26/afc_pay.csv         Agenda for Change pay points
 *   DIR/2025-26/oncosts.csv         employer NI and pension
 *   DIR/2025-26/iif_indicators.csv  IIF indicators, thresholds, points
 *   DIR/2025-26/iif_point_value.csv IIF point value
 * and, optional (a year without them has no rows of them):
 *   DIR/2025-26/iif_measures.csv    the MEASURE texts of NHS England's IIF
 *                                   publication: numerator or denominator
 *   DIR/2025-26/iif_adjustments.csv which indicators have a prevalence
 *                                   adjustment; points deemed earned
 *   DIR/2025-26/caip_criteria.csv   the CAIP self-assessment criteria
 *   DIR/2025-26/payment_schedule.csv when each stream's money arrives: months
 *                                   in arrears and who pays (PCSE, the ICB)
 *
 * The directory is --rules DIR, else $PCNOPS_RULES, else ./rules
 * (rules_dir_default).
 *
 * Every row has effective dates valid_from..valid_to, both inclusive and
 * inside the directory's financial year, a confidence (official,
 * single-source or unconfirmed: the ✅ ⚠️ ❓ of the rules reference),
 * source tags ("[P1][P2]", each in sources.csv) and a free-text note.  An
 * empty value means "not known": the row is kept so that the gap shows.
 *
 * Units (money.h): rates in millipence, money in pence, percentages in
 * basis points, WTE and caps in ten-thousandths, IIF points in thousandths.
 *
 * Errors: parsing never stops at the first bad row.  Every problem is
 * collected in a struct rules_diag as "FILE:LINE: field NAME: words", and
 * the year holding it is marked (nerrors), so `pcnops rules check` can list
 * them all and the engine can refuse a broken year.
 *
 * Memory: everything a struct rules points to lives in the arena passed to
 * rules_load / rules_init. */
#ifndef PCN_RULES_H
#define PCN_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "date.h"
#include "err.h"
#include "money.h"
#include "trail.h"

#define RULES_DIR_DEFAULT "rules"
#define RULES_ENV "PCNOPS_RULES"

/* Where a row came from: "rules/2025-26/stream_rates.csv", line 3. */
struct rule_ref {
    const char *file;
    long line;
};

/* The layer a row comes from (rules layers, lowest first).  A figure is
 * taken from the first layer that has it for the date: the PCN's own
 * figure, else its ICB's local variation, else the national rules
 * (layers.h builds the layered rules of one PCN). */
enum rule_layer {
    LAYER_NATIONAL, /* a row of rules/YYYY-YY/FILE.csv          */
    LAYER_GAP,      /* the year has no folder: a "not known"
                                  row made by rules_load                  */
    LAYER_ICB,      /* an ICB's local variation                 */
    LAYER_PCN,      /* the PCN's own figure (its claim statement) */
};

/* The common tail of every row. */
struct rule_meta {
    date_t from, to; /* inclusive; from is DATE_NONE only for an
                                  alternative rate whose start is unknown */
    enum confidence conf;
    const char *sources; /* "[P1][P2]" or ""                        */
    const char *note;    /* "" when empty                           */
    struct rule_ref at;  /* the file and line (national rows)       */
    enum rule_layer layer;
    const char *origin; /* not national: where the figure comes from,
                                  for the working ("from the PCN's claim
                                  statement of 5 October 2026"); else NULL */
};

/* streams.csv */
enum rule_paid_to { PAID_PCN, PAID_PRACTICE };
enum rule_stream_kind {
    STREAM_PAYMENT,     /* paid in full                                  */
    STREAM_MAXIMUM,     /* a ceiling to claim against (ARRS)             */
    STREAM_ACHIEVEMENT, /* a maximum of which the achieved share is paid */
};

/* Under which contract a stream is paid: the Network Contract DES, or the
 * Statement of Financial Entitlements to practices (the 2026/27 GP
 * reimbursement scheme): shown with the member practices' figures, never
 * counted in the PCN's own total. */
enum rule_scheme { SCHEME_DES, SCHEME_SFE };

struct rule_stream {
    const char *id, *name, *note;
    enum rule_paid_to paid_to;
    enum rule_stream_kind kind;
    enum rule_scheme scheme;
    struct rule_ref at;
};

/* Which of a PCN's totals a stream's money counts in: payments (the DES
 * streams paid, and the achieved share of an achievement), "up to" (a
 * maximum to claim against, never added to payments) or outside the DES
 * (paid to practices under the SFE).  The one rule the engine, the pages
 * and the command line all sort streams by. */
enum rule_total { TOTAL_PAYMENT, TOTAL_UP_TO, TOTAL_OUTSIDE };
static inline enum rule_total rule_stream_total(const struct rule_stream *s)
{
    return s->scheme == SCHEME_SFE     ? TOTAL_OUTSIDE
           : s->kind == STREAM_MAXIMUM ? TOTAL_UP_TO
                                       : TOTAL_PAYMENT;
}

/* stream_rates.csv */
enum rule_base {
    BASE_REGISTERED, /* registered_list: PCN list at 1 January        */
    BASE_ADJUSTED,   /* adjusted_population                           */
    BASE_WEIGHTED,   /* weighted_population                           */
    BASE_BEDS,       /* care_home_beds, entered per month             */
    BASE_NONE,       /* none: a summary figure, not calculated        */
};
enum rule_per {
    PER_YEAR,   /* an annual rate: each month in the row's dates
                              earns a twelfth                               */
    PER_PERIOD, /* a total for the row's dates, spread evenly
                              over its months                               */
};

struct rule_rate {
    const char *stream, *part;
    enum rule_base base;
    bool known;      /* false: rate_gbp empty ("not known")     */
    int64_t rate_mp; /* millipence per unit                     */
    enum rule_per per;
    bool alternative; /* use = alternative: a conflicting value,
                                  shown and flagged, never calculated     */
    struct rule_meta m;
};

/* arrs_roles.csv */
enum rule_applies { APPLIES_UNKNOWN, APPLIES_WHOLE_COST, APPLIES_PCN_SHARE };

struct rule_role {
    const char *id, *name;
    const char *band;          /* "7-8a", "5", "5+", "4/5", "salaried_gp", "" */
    int64_t share_bp;          /* share of cost reimbursed: 10000 or 5000 */
    enum rule_applies applies; /* what the maximum is compared with       */
    bool has_cap, has_cap_large;
    int64_t cap, cap_large; /* ten-thousandths (WTE or posts)          */
    int64_t large_from;     /* patients; 0 when no large-PCN cap       */
    enum confidence conf;
    const char *sources, *note;
    struct rule_ref at;
    const char *origin; /* not national: the layer it comes from
                                  (layers.h), for the working; else NULL  */
};

/* arrs_maxima.csv */
enum rule_area { AREA_NATIONAL, AREA_OUTER_LONDON, AREA_INNER_LONDON };

struct rule_max {
    const char *role;
    enum rule_area area;
    bool known;
    pence_t max; /* per WTE per year, salary plus on-costs  */
    struct rule_meta m;
};

/* afc_pay.csv */
enum rule_pay_point { POINT_SINGLE, POINT_ENTRY, POINT_INTERMEDIATE, POINT_TOP };

struct rule_pay {
    const char *band; /* "2" ... "9", "8a" ... "8d"              */
    enum rule_pay_point point;
    pence_t annual;
    struct rule_meta m;
};

/* oncosts.csv */
enum rule_oncost {
    ONCOST_PENSION_RATE,        /* employer_pension_rate (percent)         */
    ONCOST_NI_RATE,             /* employer_ni_rate (percent)              */
    ONCOST_NI_THRESHOLD,        /* employer_ni_threshold (gbp_per_year)    */
    ONCOST_APPRENTICESHIP_LEVY, /* apprenticeship_levy (percent)           */
};

struct rule_oncost_row {
    enum rule_oncost item;
    bool known;
    int64_t value; /* basis points, or pence a year           */
    struct rule_meta m;
};

/* iif_indicators.csv */
struct rule_iif {
    const char *code, *nhs_id, *description;
    bool payment; /* kind payment, else management_information */
    bool has_lower, has_upper, has_points;
    int64_t lower_bp, upper_bp;
    int64_t points; /* thousandths of a point                  */
    struct rule_meta m;
};

/* iif_point_value.csv */
struct rule_iif_value {
    bool has_value, has_max, has_national;
    pence_t value;      /* per point                               */
    int64_t max_points; /* thousandths                             */
    pence_t national;
    struct rule_meta m;
};

/* iif_measures.csv: the figure of an indicator a MEASURE text names. */
enum rule_iif_part {
    IIF_NUMERATOR,
    IIF_DENOMINATOR,
    IIF_BASELINE_NUMERATOR,
    IIF_BASELINE_DENOMINATOR,
};

struct rule_iif_measure {
    const char *measure; /* as NHS England writes it: "ACC-08 Numerator" */
    const char *code;    /* an indicator of iif_indicators.csv       */
    enum rule_iif_part part;
    struct rule_meta m;
};

/* iif_adjustments.csv: one fact about an indicator's payment. */
enum rule_iif_adjust {
    ADJUST_PREVALENCE, /* value yes or no: PCN prevalence ÷ national */
    ADJUST_DEEMED,     /* value: per cent of the points deemed earned */
};

struct rule_iif_adjustment {
    const char *code;
    enum rule_iif_adjust kind;
    bool known;                /* false: value empty ("not known")        */
    bool yes;                  /* prevalence: the indicator has one       */
    int64_t deemed_bp;         /* deemed: share of the points, basis points */
    const char *register_code; /* prevalence: a QOF register (LD) whose
                                  prevalence is used; "" for the indicator's
                                  denominator ÷ the PCN's list            */
    struct rule_meta m;
};

/* caip_criteria.csv: a criterion of the CAIP self-assessment. */
struct rule_caip {
    const char *id, *name;
    bool has_weight;
    int64_t weight; /* relative weight, hundredths; the share of
                                  a criterion is its weight ÷ the year's total */
    struct rule_meta m;
};

/* payment_schedule.csv: when a stream's money reaches the PCN. */
enum rule_payer {
    PAYER_UNKNOWN, /* paid_by empty: the sources do not say    */
    PAYER_PCSE,    /* Primary Care Support England             */
    PAYER_ICB,     /* the commissioner (the ICB)               */
};
struct rule_schedule {
    const char *stream; /* a stream of streams.csv                 */
    bool known;         /* false: arrears_months empty (not published) */
    int arrears;        /* months after the month earned that it is
                                  paid: 1 = "monthly in arrears", paid in
                                  the next month; 0 = in the month        */
    enum rule_payer payer;
    struct rule_meta m; /* from..to: the months earned it holds for */
};

struct rule_source {
    const char *tag;     /* "P3" (written [P3] in rows)             */
    const char *address; /* "https://..." or ""                     */
    const char *note;
};

struct rules_year {
    fy_t fy;
    const char *dir; /* "rules/2025-26"                         */
    long nerrors;    /* problems found in this year's files     */
    bool missing;    /* no folder: rules_load made the year from
                                  the nearest earlier one with every value
                                  not known (LAYER_GAP rows)              */
    struct rule_stream *streams;
    size_t nstreams;
    struct rule_rate *rates;
    size_t nrates;
    struct rule_role *roles;
    size_t nroles;
    struct rule_max *maxima;
    size_t nmaxima;
    struct rule_pay *pay;
    size_t npay;
    struct rule_oncost_row *oncosts;
    size_t noncosts;
    struct rule_iif *iif;
    size_t niif;
    struct rule_iif_value *iif_values;
    size_t niif_values;
    struct rule_iif_measure *iif_measures;
    size_t niif_measures;
    struct rule_iif_adjustment *iif_adjust;
    size_t niif_adjust;
    struct rule_caip *caip;
    size_t ncaip;
    struct rule_schedule *schedule;
    size_t nschedule;
    /* capacities (private), one per file (enum rules_file) */
    size_t cap_[12];
};

struct rules {
    struct arena *a;
    const char *dir;
    long source_errors; /* problems in sources.csv                 */
    struct rule_source *sources;
    size_t nsources;
    struct rules_year *years;
    size_t nyears; /* by year, oldest first */
    size_t cap_[2];
};

/* Problems found, for a person: the first LIMIT_RULES_ERRORS_KEPT of each
 * are kept (arena strings), all are counted. */
struct rules_diag {
    long nerrors, nwarnings;
    const char *errors[LIMIT_RULES_ERRORS_KEPT];
    const char *warnings[LIMIT_RULES_ERRORS_KEPT];
};

/* Adds a problem to d (NULL: none kept): an error or a warning, its text
 * copied into the rules' arena; the first LIMIT_RULES_ERRORS_KEPT of each
 * are kept, all counted.  For the readers of the files (rulefile.h,
 * rulecheck.h). */
void rules_diag_add(struct rules *r, struct rules_diag *d, bool error, const char *text);

/* The columns of fixed words (rules/README.md): each one's words, indexed
 * by its enum (rule_base_name... give one), for the file reader. */
enum rule_vocab {
    VOCAB_BASE,
    VOCAB_PER,
    VOCAB_AREA,
    VOCAB_POINT,
    VOCAB_ONCOST,
    VOCAB_PAID,
    VOCAB_SCHEME,
    VOCAB_KIND,
    VOCAB_APPLIES,
    VOCAB_PAYER,
    VOCAB_USE,      /* stream_rates.csv's use: primary, alternative */
    VOCAB_IIF_KIND, /* iif_indicators.csv's kind */
    VOCAB_UNIT,     /* oncosts.csv's unit */
    VOCAB_PART,
    VOCAB_ADJUST,
};
/* The words (*n of them; "" for a value no file may name). */
const char *const *rule_vocab(enum rule_vocab v, size_t *n);

/* The files of a year, in the order they are read. */
enum rules_file {
    RF_STREAMS,
    RF_RATES,
    RF_ROLES,
    RF_MAXIMA,
    RF_PAY,
    RF_ONCOSTS,
    RF_IIF,
    RF_IIF_VALUE,
    RF_IIF_MEASURES, /* optional from here on */
    RF_IIF_ADJUST,
    RF_CAIP,
    RF_SCHEDULE, /* payment_schedule.csv */
    RF_COUNT,
};
/* True for the files a year may leave out (no rows). */
bool rules_file_optional(enum rules_file f);
/* "streams.csv" ... */
const char *rules_file_name(enum rules_file f);

/* The rules directory: opt if not NULL, else $PCNOPS_RULES if set and not
 * empty, else "rules". */
const char *rules_dir_default(const char *opt);

/* Reads DIR/sources.csv and every year directory under DIR (named like
 * 2025-26), then checks the rows against each other (rules_check).
 * Returns 0 when everything is valid; PCN_EINVAL when any file has a
 * problem (all of them in d, the first and the count in m; out is still
 * filled with what could be read, each year marked with its nerrors);
 * PCN_ENOTFOUND / PCN_EIO when DIR or a file cannot be read. */
int rules_load(const char *dir, struct arena *a, struct rules *out, struct rules_diag *d,
               struct pcn_msg *m);

/* The pure parts, for uploads and tests.  rules_init sets up an empty set;
 * rules_parse_sources and rules_parse_file parse bytes (name is used in
 * messages); rules_add_year adds an empty year; rules_check runs the
 * cross-row checks (overlapping dates, unknown streams and roles, unknown
 * source tags) once everything is parsed.  Each returns the number of new
 * errors (0 when clean). */
void rules_init(struct rules *r, struct arena *a, const char *dir);
long rules_parse_sources(struct rules *r, const char *name, const char *data, size_t len,
                         struct rules_diag *d);
struct rules_year *rules_add_year(struct rules *r, fy_t fy, const char *dir);
long rules_parse_file(struct rules *r, struct rules_year *y, enum rules_file f, const char *name,
                      const char *data, size_t len, struct rules_diag *d);
long rules_check(struct rules *r, struct rules_diag *d);

/* The year, or NULL when the directory has none for it.  After rules_load
 * every year from the first folder's to the year after today's (or after
 * the last folder's, if later) is there: a year without a folder is
 * `missing`, with the streams, roles, pay bands, on-cost items and IIF
 * indicators of the nearest earlier year and every value not known, so a
 * figure of that year is shown as not known rather than refused. */
const struct rules_year *rules_year(const struct rules *r, fy_t fy);
/* The same for a caller that cannot go on without the year: 0 with *out
 * set, else code (PCN_ENOTFOUND, PCN_EINVAL...) with m "the rules have no
 * year 2025/26". */
int rules_year_need(const struct rules *r, fy_t fy, int code, const struct rules_year **out,
                    struct pcn_msg *m);

/* Adds the missing years up to and including `upto` (rules_load calls it
 * with the year after today's).  Pure: the clock is the caller's. */
void rules_fill_gaps(struct rules *r, fy_t upto);
/* The address of a source tag ("P3"), or NULL. */
const struct rule_source *rules_source(const struct rules *r, const char *tag);

/* Words of the files, for views: base, per, area, pay point, on-cost item,
 * paid_to, stream kind, applies. */
const char *rule_base_name(enum rule_base b);
const char *rule_per_name(enum rule_per p);
const char *rule_area_name(enum rule_area a);
const char *rule_pay_point_name(enum rule_pay_point p);
const char *rule_oncost_name(enum rule_oncost o);
const char *rule_paid_to_name(enum rule_paid_to p);
/* "des", "sfe" */
const char *rule_scheme_name(enum rule_scheme s);
const char *rule_stream_kind_name(enum rule_stream_kind k);
const char *rule_applies_name(enum rule_applies a);
/* "numerator", "denominator", "baseline_numerator", "baseline_denominator" */
const char *rule_iif_part_name(enum rule_iif_part p);
/* "prevalence", "deemed" */
const char *rule_iif_adjust_name(enum rule_iif_adjust k);
/* "", "pcse", "icb" (the words of payment_schedule.csv) */
const char *rule_payer_name(enum rule_payer p);

/* The schedule row of a stream for the month holding `on`, or NULL when
 * the year's payment_schedule.csv has none. */
const struct rule_schedule *rules_schedule(const struct rules_year *y, const char *stream,
                                           date_t on);

/* "rules/2025-26/stream_rates.csv:3 [P3]": where a row is and its tags. */
const char *rule_cite(struct arena *a, const struct rule_meta *m);

#endif
