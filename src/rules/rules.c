#include "common.h"
#include "rules.h"
#include "buf.h"
#include "csv.h"
#include "rulecsv.h"
#include "clock.h"

#include <dirent.h>
#include <sys/stat.h>

/* ---- words of the files ------------------------------------------------- */

static const char *const base_words[] = {
    [BASE_REGISTERED] = "registered_list",
    [BASE_ADJUSTED] = "adjusted_population",
    [BASE_WEIGHTED] = "weighted_population",
    [BASE_BEDS] = "care_home_beds",
    [BASE_NONE] = "none",
};
static const char *const per_words[] = {[PER_YEAR] = "year", [PER_PERIOD] = "period"};
static const char *const area_words[] = {
    [AREA_NATIONAL] = "national",
    [AREA_OUTER_LONDON] = "outer_london",
    [AREA_INNER_LONDON] = "inner_london",
};
static const char *const point_words[] = {
    [POINT_SINGLE] = "single",
    [POINT_ENTRY] = "entry",
    [POINT_INTERMEDIATE] = "intermediate",
    [POINT_TOP] = "top",
};
static const char *const oncost_words[] = {
    [ONCOST_PENSION_RATE] = "employer_pension_rate",
    [ONCOST_NI_RATE] = "employer_ni_rate",
    [ONCOST_NI_THRESHOLD] = "employer_ni_threshold",
    [ONCOST_APPRENTICESHIP_LEVY] = "apprenticeship_levy",
};
static const char *const paid_words[] = {[PAID_PCN] = "pcn", [PAID_PRACTICE] = "practice"};
static const char *const scheme_words[] = {[SCHEME_DES] = "des", [SCHEME_SFE] = "sfe"};
static const char *const kind_words[] = {
    [STREAM_PAYMENT] = "payment",
    [STREAM_MAXIMUM] = "maximum",
    [STREAM_ACHIEVEMENT] = "achievement",
};
static const char *const applies_words[] = {
    [APPLIES_UNKNOWN] = "",
    [APPLIES_WHOLE_COST] = "whole_cost",
    [APPLIES_PCN_SHARE] = "pcn_share",
};
static const char *const payer_words[] = {
    [PAYER_UNKNOWN] = "", [PAYER_PCSE] = "pcse", [PAYER_ICB] = "icb"};
static const char *const use_words[] = {"primary", "alternative"};
static const char *const iif_kind_words[] = {"payment", "management_information"};
static const char *const unit_words[] = {"percent", "gbp_per_year"};
static const char *const part_words[] = {
    [IIF_NUMERATOR] = "numerator",
    [IIF_DENOMINATOR] = "denominator",
    [IIF_BASELINE_NUMERATOR] = "baseline_numerator",
    [IIF_BASELINE_DENOMINATOR] = "baseline_denominator",
};
static const char *const adjust_words[] = {
    [ADJUST_PREVALENCE] = "prevalence",
    [ADJUST_DEEMED] = "deemed",
};

#define WORD(arr, i) ((size_t)(i) < ARRAY_SIZE(arr) ? (arr)[i] : "?")

const char *rule_base_name(enum rule_base b)
{
    return WORD(base_words, b);
}
const char *rule_per_name(enum rule_per p)
{
    return WORD(per_words, p);
}
const char *rule_area_name(enum rule_area a)
{
    return WORD(area_words, a);
}
const char *rule_pay_point_name(enum rule_pay_point p)
{
    return WORD(point_words, p);
}
const char *rule_oncost_name(enum rule_oncost o)
{
    return WORD(oncost_words, o);
}
const char *rule_paid_to_name(enum rule_paid_to p)
{
    return WORD(paid_words, p);
}
const char *rule_scheme_name(enum rule_scheme s)
{
    return WORD(scheme_words, s);
}
const char *rule_stream_kind_name(enum rule_stream_kind k)
{
    return WORD(kind_words, k);
}
const char *rule_applies_name(enum rule_applies a)
{
    return WORD(applies_words, a);
}
const char *rule_iif_part_name(enum rule_iif_part p)
{
    return WORD(part_words, p);
}
const char *rule_iif_adjust_name(enum rule_iif_adjust k)
{
    return WORD(adjust_words, k);
}
const char *rule_payer_name(enum rule_payer p)
{
    return WORD(payer_words, p);
}

/* ---- the columns of each file ------------------------------------------- */

#define META "valid_from", "valid_to", "confidence", "sources", "note"
#define MAX_COLS 16

static const char *const cols_sources[] = {"tag", "address", "note", NULL};

static const struct {
    const char *file;
    const char *cols[MAX_COLS];
} specs[RF_COUNT] = {
    [RF_STREAMS] = {"streams.csv", {"stream", "name", "paid_to", "kind", "scheme", "note"}},
    [RF_RATES] = {"stream_rates.csv",
                  {"stream", "part", "base", "rate_gbp", "per", "valid_from", "valid_to", "use",
                   "confidence", "sources", "note"}},
    [RF_ROLES] = {"arrs_roles.csv",
                  {"role", "name", "band", "reimbursed_pct", "maximum_applies_to", "cap",
                   "cap_large_pcn", "large_pcn_from", "confidence", "sources", "note"}},
    [RF_MAXIMA] = {"arrs_maxima.csv", {"role", "area", "max_gbp", META}},
    [RF_PAY] = {"afc_pay.csv", {"band", "point", "annual_gbp", META}},
    [RF_ONCOSTS] = {"oncosts.csv", {"item", "value", "unit", META}},
    [RF_IIF] = {"iif_indicators.csv",
                {"code", "nhs_id", "kind", "description", "lower_pct", "upper_pct", "points",
                 META}},
    [RF_IIF_VALUE] = {"iif_point_value.csv",
                      {"point_value_gbp", "max_points", "national_gbp", META}},
    [RF_IIF_MEASURES] = {"iif_measures.csv", {"measure", "code", "part", META}},
    [RF_IIF_ADJUST] = {"iif_adjustments.csv", {"code", "adjustment", "value", "register", META}},
    [RF_CAIP] = {"caip_criteria.csv", {"criterion", "name", "weight", META}},
    [RF_SCHEDULE] = {"payment_schedule.csv", {"stream", "arrears_months", "paid_by", META}},
};

_Static_assert(RF_COUNT <= ARRAY_SIZE(((struct rules_year *)0)->cap_),
               "struct rules_year needs a capacity per file");

bool rules_file_optional(enum rules_file f)
{
    return f >= RF_IIF_MEASURES && f < RF_COUNT;
}

const char *rules_file_name(enum rules_file f)
{
    return (size_t)f < RF_COUNT ? specs[f].file : "?";
}

const char *rules_dir_default(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv(RULES_ENV);
    if (env && *env)
        return env;
    return RULES_DIR_DEFAULT;
}

/* ---- diagnostics -------------------------------------------------------- */

static void diag_add(struct rules *r, struct rules_diag *d, bool error, const char *text)
{
    if (!d)
        return;
    long *n = error ? &d->nerrors : &d->nwarnings;
    const char **kept = error ? d->errors : d->warnings;
    if (*n < LIMIT_RULES_ERRORS_KEPT)
        kept[*n] = arena_strdup(r->a, text); /* text may be on the caller's stack */
    (*n)++;
}

/* ---- parsing context ---------------------------------------------------- */

struct pctx {
    struct rules *r;
    struct rules_year *y; /* NULL for sources.csv */
    int kind;             /* enum rules_file, or -1 for sources.csv */
    const char *name;
    struct rules_diag *d;
    const char *const *cols; /* spec column names, NULL-terminated */
    int ncols;
    int idx[MAX_COLS]; /* record field of each spec column */
    bool header_ok;
    const struct csv_record *rec;
    size_t width; /* fields in the header */
    long errors;
};

static void count_error(struct pctx *c)
{
    c->errors++;
    if (c->y)
        c->y->nerrors++;
    else
        c->r->source_errors++;
}

static int ferr(struct pctx *c, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "FILE:LINE: field COL: words"; returns PCN_EINVAL. */
static int ferr(struct pctx *c, const char *col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *text = rulecsv_vproblem(c->r->a, c->name, c->rec ? c->rec->line : 1L, col, fmt, ap);
    va_end(ap);
    diag_add(c->r, c->d, true, text);
    count_error(c);
    return PCN_EINVAL;
}

static int col_index(const struct pctx *c, const char *col)
{
    for (int i = 0; i < c->ncols; i++)
        if (strcmp(c->cols[i], col) == 0)
            return i;
    BUG("rules: no column %s in %s", col, c->name);
}

static const struct csv_field *fld(const struct pctx *c, const char *col)
{
    return &c->rec->f[c->idx[col_index(c, col)]];
}

#define SHOW(f) (int)((f)->len > 60 ? 60 : (f)->len), (f)->p

static bool is_empty(const struct csv_field *f)
{
    return f->len == 0;
}

static int get_text(struct pctx *c, const char *col, bool required, const char **out)
{
    const struct csv_field *f = fld(c, col);
    if (required && is_empty(f))
        return ferr(c, col, "is empty");
    if (!utf8_valid(f->p, f->len))
        return ferr(c, col, "is not valid UTF-8 text");
    *out = arena_strndup(c->r->a, f->p, f->len);
    return 0;
}

/* An identifier: lower-case letters, digits and '_', starting with a letter. */
static int get_id(struct pctx *c, const char *col, const char **out)
{
    const struct csv_field *f = fld(c, col);
    bool ok = f->len > 0 && f->len <= 64 && f->p[0] >= 'a' && f->p[0] <= 'z';
    for (size_t i = 0; ok && i < f->len; i++) {
        char ch = f->p[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    }
    if (!ok)
        return ferr(c, col,
                    "'%.*s' is not an identifier (lower-case letters, digits and _, like "
                    "enhanced_access)",
                    SHOW(f));
    *out = arena_strndup(c->r->a, f->p, f->len);
    return 0;
}

static int get_word(struct pctx *c, const char *col, const char *const *words, size_t n, int *out)
{
    const struct csv_field *f = fld(c, col);
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (strlen(words[i]) == f->len && memcmp(words[i], f->p, f->len) == 0) {
            *out = (int)i;
            return 0;
        }
        if (!words[i][0])
            continue;
        int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", words[i]);
        if (w > 0 && (size_t)w < sizeof list - used)
            used += (size_t)w;
    }
    return ferr(c, col, "'%.*s' is not one of: %s", SHOW(f), list);
}

/* A decimal with up to `decimals` places in [min, max] (scaled), or empty
 * when allowed (*known = false). */
static int get_fixed(struct pctx *c, const char *col, int decimals, int64_t min, int64_t max,
                     const char *what, bool *known, int64_t *out)
{
    const struct csv_field *f = fld(c, col);
    struct csv_field v = *f;
    *out = 0;
    /* Amounts in pounds may carry a pound sign: "£2.218". */
    if (strstr(what, "pounds") && v.len >= 2 && (unsigned char)v.p[0] == 0xC2 &&
        (unsigned char)v.p[1] == 0xA3) {
        v.p += 2;
        v.len -= 2;
    }
    if (is_empty(f)) {
        if (!known)
            return ferr(c, col, "is empty");
        *known = false;
        return 0;
    }
    if (v.len == 0 || fixed_parse(v.p, v.len, decimals, min, max, out))
        return ferr(c, col, "'%.*s' is not %s", SHOW(f), what);
    if (known)
        *known = true;
    return 0;
}

static int get_date(struct pctx *c, const char *col, bool allow_empty, date_t *out)
{
    const struct csv_field *f = fld(c, col);
    if (is_empty(f)) {
        if (!allow_empty)
            return ferr(c, col, "is empty");
        *out = DATE_NONE;
        return 0;
    }
    if (date_parse_iso(f->p, f->len, out))
        return ferr(c, col, "'%.*s' is not a date (YYYY-MM-DD)", SHOW(f));
    return 0;
}

/* "[P1][P2]": each tag a capital letter then digits, and in sources.csv. */
static int get_sources(struct pctx *c, const char *col, const char **out)
{
    const struct csv_field *f = fld(c, col);
    size_t i = 0;
    while (i < f->len) {
        if (f->p[i] != '[')
            goto bad;
        i++;
        size_t tag = i;
        while (i < f->len && f->p[i] != ']')
            i++;
        if (i >= f->len || i == tag)
            goto bad;
        bool ok = f->p[tag] >= 'A' && f->p[tag] <= 'Z';
        for (size_t k = tag + 1; ok && k < i; k++)
            ok = (f->p[k] >= '0' && f->p[k] <= '9') || (f->p[k] >= 'A' && f->p[k] <= 'Z');
        if (!ok)
            goto bad;
        char name[32];
        if (i - tag >= sizeof name)
            goto bad;
        memcpy(name, f->p + tag, i - tag);
        name[i - tag] = 0;
        if (!rules_source(c->r, name))
            return ferr(c, col, "[%s] is not a tag of %s/sources.csv", name,
                        c->r->dir ? c->r->dir : "the rules");
        i++;
    }
    *out = arena_strndup(c->r->a, f->p, f->len);
    return 0;
bad:
    return ferr(c, col, "'%.*s' is not a list of source tags like [P1][L22]", SHOW(f));
}

static int get_conf(struct pctx *c, enum confidence *out)
{
    const struct csv_field *f = fld(c, "confidence");
    if (conf_parse(f->p, f->len, out))
        return ferr(c, "confidence",
                    "'%.*s' is not one of: official, single-source, unconfirmed, carried", SHOW(f));
    return 0;
}

/* valid_from, valid_to, confidence, sources, note.  Dates inside the year;
 * from may be empty only when allow_no_from (alternatives). */
static int get_meta(struct pctx *c, bool allow_no_from, struct rule_meta *m)
{
    int rc = 0;
    m->at.file = c->name;
    m->at.line = c->rec->line;
    if (get_date(c, "valid_from", allow_no_from, &m->from))
        rc = PCN_EINVAL;
    if (get_date(c, "valid_to", false, &m->to))
        rc = PCN_EINVAL;
    if (get_conf(c, &m->conf) | get_sources(c, "sources", &m->sources) |
        get_text(c, "note", false, &m->note))
        rc = PCN_EINVAL;
    if (rc)
        return rc;
    date_t lo = fy_start(c->y->fy), hi = fy_end(c->y->fy);
    char fy[8], a[11], b[11];
    fy_format(c->y->fy, fy);
    if (m->from != DATE_NONE && (m->from < lo || m->from > hi)) {
        date_format_iso(m->from, a);
        return ferr(c, "valid_from", "%s is outside %s (1 April to 31 March)", a, fy);
    }
    if (m->to < lo || m->to > hi) {
        date_format_iso(m->to, a);
        return ferr(c, "valid_to", "%s is outside %s (1 April to 31 March)", a, fy);
    }
    if (m->from != DATE_NONE && m->to < m->from) {
        date_format_iso(m->from, a);
        date_format_iso(m->to, b);
        return ferr(c, "valid_to", "%s is before valid_from %s", b, a);
    }
    return 0;
}

/* A known value from an official or single source must name its source. */
static int need_source(struct pctx *c, bool known, const struct rule_meta *m)
{
    if (known && !conf_doubtful(m->conf) && !m->sources[0])
        return ferr(c, "sources", "is empty: a value marked %s needs its source tags",
                    conf_name(m->conf));
    return 0;
}

/* Makes room for one more row in a year's array. */
#define ROOM(arr, n, capi)                                                                         \
    do {                                                                                           \
        if ((n) == y->cap_[capi])                                                                  \
            (arr) = arena_grow(c->r->a, (arr), (n), &y->cap_[capi], sizeof *(arr));                \
    } while (0)

/* ---- rows of each file -------------------------------------------------- */

static void row_streams(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_stream s = {0};
    int paid, kind, scheme;
    if (get_id(c, "stream", &s.id) | get_text(c, "name", true, &s.name) |
        get_word(c, "paid_to", paid_words, ARRAY_SIZE(paid_words), &paid) |
        get_word(c, "kind", kind_words, ARRAY_SIZE(kind_words), &kind) |
        get_word(c, "scheme", scheme_words, ARRAY_SIZE(scheme_words), &scheme) |
        get_text(c, "note", false, &s.note))
        return;
    for (size_t i = 0; i < y->nstreams; i++) {
        if (strcmp(y->streams[i].id, s.id) == 0) {
            ferr(c, "stream", "%s is declared twice (first on line %ld)", s.id,
                 y->streams[i].at.line);
            return;
        }
    }
    s.paid_to = (enum rule_paid_to)paid;
    s.kind = (enum rule_stream_kind)kind;
    s.scheme = (enum rule_scheme)scheme;
    if (s.scheme == SCHEME_SFE && s.paid_to != PAID_PRACTICE) {
        ferr(c, "scheme", "sfe: a scheme outside the DES is paid to practices (paid_to practice)");
        return;
    }
    s.at.file = c->name;
    s.at.line = c->rec->line;
    ROOM(y->streams, y->nstreams, RF_STREAMS);
    y->streams[y->nstreams++] = s;
}

static void row_rates(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_rate t = {0};
    int base, per, use;
    bool bad = false;
    bad |= get_id(c, "stream", &t.stream) != 0;
    bad |= get_id(c, "part", &t.part) != 0;
    bad |= get_word(c, "base", base_words, ARRAY_SIZE(base_words), &base) != 0;
    bad |= get_fixed(c, "rate_gbp", 5, 0, INT64_MAX / 4,
                     "an amount in pounds with up to 5 decimals (like 2.218)", &t.known,
                     &t.rate_mp) != 0;
    bad |= get_word(c, "per", per_words, ARRAY_SIZE(per_words), &per) != 0;
    bad |= get_word(c, "use", use_words, ARRAY_SIZE(use_words), &use) != 0;
    if (bad)
        return;
    t.base = (enum rule_base)base;
    t.per = (enum rule_per)per;
    t.alternative = use == 1;
    if (get_meta(c, t.alternative, &t.m) || need_source(c, t.known, &t.m))
        return;
    /* Streams are paid by month: their dates are whole months. */
    int yy, mm, dd;
    if (t.m.from != DATE_NONE) {
        date_to_ymd(t.m.from, &yy, &mm, &dd);
        if (dd != 1) {
            ferr(c, "valid_from", "a stream rate starts on the first day of a month");
            return;
        }
    }
    date_to_ymd(t.m.to, &yy, &mm, &dd);
    if (dd != date_days_in_month(yy, mm)) {
        ferr(c, "valid_to", "a stream rate ends on the last day of a month");
        return;
    }
    if (t.per == PER_PERIOD && t.m.from == DATE_NONE) {
        ferr(c, "valid_from", "a rate per period needs its start date");
        return;
    }
    if ((t.base == BASE_NONE || t.base == BASE_BEDS) && t.per == PER_PERIOD) {
        ferr(c, "per", "a rate per period is for a population base; %s is a rate per year",
             base_words[t.base]);
        return;
    }
    ROOM(y->rates, y->nrates, RF_RATES);
    y->rates[y->nrates++] = t;
}

static void row_roles(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_role o = {0};
    int applies;
    bool known = false;
    bool bad = false;
    bad |= get_id(c, "role", &o.id) != 0;
    bad |= get_text(c, "name", true, &o.name) != 0;
    bad |= get_text(c, "band", false, &o.band) != 0;
    bad |= get_fixed(c, "reimbursed_pct", 2, 1, 10000, "a percentage from 0.01 to 100", NULL,
                     &o.share_bp) != 0;
    bad |= get_word(c, "maximum_applies_to", applies_words, ARRAY_SIZE(applies_words), &applies) !=
           0;
    bad |= get_fixed(c, "cap", 4, 0, 1000000000, "a number of staff (up to 4 decimals)", &o.has_cap,
                     &o.cap) != 0;
    bad |= get_fixed(c, "cap_large_pcn", 4, 0, 1000000000, "a number of staff (up to 4 decimals)",
                     &o.has_cap_large, &o.cap_large) != 0;
    bad |= get_fixed(c, "large_pcn_from", 0, 1, 100000000, "a number of patients", &known,
                     &o.large_from) != 0;
    bad |= get_conf(c, &o.conf) != 0;
    bad |= get_sources(c, "sources", &o.sources) != 0;
    bad |= get_text(c, "note", false, &o.note) != 0;
    if (bad)
        return;
    o.applies = (enum rule_applies)applies;
    o.at.file = c->name;
    o.at.line = c->rec->line;
    /* A band: tokens 1-9 or 8a-8d, joined by '-' (a range) or '/' (either),
     * optionally ending '+'; or salaried_gp; or empty (not known). */
    const char *b = o.band;
    bool ok = true;
    if (*b && strcmp(b, "salaried_gp") != 0) {
        while (ok && *b) {
            if (*b >= '1' && *b <= '9') {
                b++;
                if (b[-1] == '8' && *b >= 'a' && *b <= 'd')
                    b++;
            } else {
                ok = false;
            }
            if (*b == '-' || *b == '/')
                ok = ok && b[1];
            if (*b == '-' || *b == '/')
                b++;
            else if (*b == '+' && !b[1])
                b++;
            else if (*b)
                ok = false;
        }
    }
    if (!ok) {
        ferr(c, "band", "'%s' is not an AfC band (like 5, 8a, 7-8a, 5+, 4/5 or salaried_gp)",
             o.band);
        return;
    }
    if (o.has_cap_large && !known) {
        ferr(c, "large_pcn_from", "is empty, but cap_large_pcn is given");
        return;
    }
    if (known && !o.has_cap_large) {
        ferr(c, "cap_large_pcn", "is empty, but large_pcn_from is given");
        return;
    }
    for (size_t i = 0; i < y->nroles; i++) {
        if (strcmp(y->roles[i].id, o.id) == 0) {
            ferr(c, "role", "%s is listed twice (first on line %ld)", o.id, y->roles[i].at.line);
            return;
        }
    }
    ROOM(y->roles, y->nroles, RF_ROLES);
    y->roles[y->nroles++] = o;
}

static void row_maxima(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_max x = {0};
    int area;
    bool bad = false;
    bad |= get_id(c, "role", &x.role) != 0;
    bad |= get_word(c, "area", area_words, ARRAY_SIZE(area_words), &area) != 0;
    bad |= get_fixed(c, "max_gbp", 2, 0, INT64_MAX / 4,
                     "an amount in pounds with up to 2 decimals (like 66972)", &x.known,
                     &x.max) != 0;
    if (bad || get_meta(c, false, &x.m) || need_source(c, x.known, &x.m))
        return;
    x.area = (enum rule_area)area;
    ROOM(y->maxima, y->nmaxima, RF_MAXIMA);
    y->maxima[y->nmaxima++] = x;
}

static void row_pay(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_pay p = {0};
    int point;
    bool bad = false;
    static const char *const bands[] = {"1", "2",  "3",  "4",  "5",  "6",
                                        "7", "8a", "8b", "8c", "8d", "9"};
    int band;
    bad |= get_word(c, "band", bands, ARRAY_SIZE(bands), &band) != 0;
    bad |= get_word(c, "point", point_words, ARRAY_SIZE(point_words), &point) != 0;
    bad |= get_fixed(c, "annual_gbp", 2, 1, INT64_MAX / 4,
                     "an amount in pounds with up to 2 decimals (like 31049)", NULL,
                     &p.annual) != 0;
    if (bad || get_meta(c, false, &p.m) || need_source(c, true, &p.m))
        return;
    p.band = bands[band];
    p.point = (enum rule_pay_point)point;
    ROOM(y->pay, y->npay, RF_PAY);
    y->pay[y->npay++] = p;
}

static void row_oncosts(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_oncost_row o = {0};
    int item, unit;
    if (get_word(c, "item", oncost_words, ARRAY_SIZE(oncost_words), &item) |
        get_word(c, "unit", unit_words, ARRAY_SIZE(unit_words), &unit))
        return;
    o.item = (enum rule_oncost)item;
    bool money = o.item == ONCOST_NI_THRESHOLD;
    if (money != (unit == 1)) {
        ferr(c, "unit", "%s is in %s", oncost_words[item], money ? "gbp_per_year" : "percent");
        return;
    }
    if (money ? get_fixed(c, "value", 2, 0, INT64_MAX / 4,
                          "an amount in pounds with up to 2 decimals", &o.known, &o.value)
              : get_fixed(c, "value", 2, 0, 10000, "a percentage from 0 to 100 (up to 2 decimals)",
                          &o.known, &o.value))
        return;
    if (get_meta(c, false, &o.m) || need_source(c, o.known, &o.m))
        return;
    ROOM(y->oncosts, y->noncosts, RF_ONCOSTS);
    y->oncosts[y->noncosts++] = o;
}

/* An indicator code as NHS England writes it (ACC-08, CAN04, ACC-10b): a
 * capital letter, then letters, digits and '-'. */
static int get_code(struct pctx *c, const char *col, const char **out)
{
    const struct csv_field *f = fld(c, col);
    bool ok = f->len > 0 && f->len <= 16 && f->p[0] >= 'A' && f->p[0] <= 'Z';
    for (size_t i = 1; ok && i < f->len; i++) {
        char ch = f->p[i];
        ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
             ch == '-';
    }
    if (!ok)
        return ferr(c, col, "'%.*s' is not an indicator code (like CAN04 or ACC-08)", SHOW(f));
    *out = arena_strndup(c->r->a, f->p, f->len);
    return 0;
}

static void row_iif(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_iif x = {0};
    int kind;
    bool bad = false;
    bad |= get_code(c, "code", &x.code) != 0;
    bad |= get_text(c, "nhs_id", false, &x.nhs_id) != 0;
    bad |= get_word(c, "kind", iif_kind_words, ARRAY_SIZE(iif_kind_words), &kind) != 0;
    bad |= get_text(c, "description", true, &x.description) != 0;
    bad |= get_fixed(c, "lower_pct", 2, 0, 10000, "a percentage from 0 to 100", &x.has_lower,
                     &x.lower_bp) != 0;
    bad |= get_fixed(c, "upper_pct", 2, 0, 10000, "a percentage from 0 to 100", &x.has_upper,
                     &x.upper_bp) != 0;
    bad |= get_fixed(c, "points", 3, 0, 100000000, "a number of points (up to 3 decimals)",
                     &x.has_points, &x.points) != 0;
    if (bad || get_meta(c, false, &x.m) ||
        need_source(c, x.has_lower || x.has_upper || x.has_points, &x.m))
        return;
    x.payment = kind == 0;
    if (x.has_lower != x.has_upper) {
        ferr(c, x.has_lower ? "upper_pct" : "lower_pct",
             "is empty: give both thresholds or neither");
        return;
    }
    if (x.has_lower && x.lower_bp >= x.upper_bp) {
        ferr(c, "upper_pct", "must be above lower_pct");
        return;
    }
    ROOM(y->iif, y->niif, RF_IIF);
    y->iif[y->niif++] = x;
}

static void row_iif_value(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_iif_value v = {0};
    bool bad = false;
    bad |= get_fixed(c, "point_value_gbp", 2, 0, INT64_MAX / 4,
                     "an amount in pounds with up to 2 decimals (like 198)", &v.has_value,
                     &v.value) != 0;
    bad |= get_fixed(c, "max_points", 3, 0, 100000000, "a number of points (up to 3 decimals)",
                     &v.has_max, &v.max_points) != 0;
    bad |= get_fixed(c, "national_gbp", 2, 0, INT64_MAX / 4,
                     "an amount in pounds with up to 2 decimals", &v.has_national,
                     &v.national) != 0;
    if (bad || get_meta(c, false, &v.m) ||
        need_source(c, v.has_value || v.has_max || v.has_national, &v.m))
        return;
    ROOM(y->iif_values, y->niif_values, RF_IIF_VALUE);
    y->iif_values[y->niif_values++] = v;
}

static void row_iif_measure(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_iif_measure x = {0};
    int part;
    bool bad = false;
    bad |= get_text(c, "measure", true, &x.measure) != 0;
    bad |= get_code(c, "code", &x.code) != 0;
    bad |= get_word(c, "part", part_words, ARRAY_SIZE(part_words), &part) != 0;
    if (bad || get_meta(c, false, &x.m) || need_source(c, true, &x.m))
        return;
    x.part = (enum rule_iif_part)part;
    ROOM(y->iif_measures, y->niif_measures, RF_IIF_MEASURES);
    y->iif_measures[y->niif_measures++] = x;
}

static void row_iif_adjust(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_iif_adjustment x = {0};
    int kind;
    bool bad = false;
    bad |= get_code(c, "code", &x.code) != 0;
    bad |= get_word(c, "adjustment", adjust_words, ARRAY_SIZE(adjust_words), &kind) != 0;
    bad |= get_text(c, "register", false, &x.register_code) != 0;
    if (bad)
        return;
    x.kind = (enum rule_iif_adjust)kind;
    if (x.kind == ADJUST_PREVALENCE) {
        static const char *const yn[] = {"", "yes", "no"};
        int w;
        if (get_word(c, "value", yn, ARRAY_SIZE(yn), &w))
            return;
        x.known = w != 0;
        x.yes = w == 1;
        bool ok = strlen(x.register_code) <= 8;
        for (const char *p = x.register_code; ok && *p; p++)
            ok = (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
        if (!ok) {
            ferr(c, "register", "'%s' is not a QOF register code (like LD or DM)", x.register_code);
            return;
        }
        if (x.register_code[0] && !x.yes) {
            ferr(c, "register", "is given, but value is not yes");
            return;
        }
    } else {
        if (get_fixed(c, "value", 2, 0, 10000, "a percentage from 0 to 100 (of the points)",
                      &x.known, &x.deemed_bp))
            return;
        if (x.register_code[0]) {
            ferr(c, "register", "is only for a prevalence adjustment");
            return;
        }
    }
    if (get_meta(c, false, &x.m) || need_source(c, x.known, &x.m))
        return;
    ROOM(y->iif_adjust, y->niif_adjust, RF_IIF_ADJUST);
    y->iif_adjust[y->niif_adjust++] = x;
}

static void row_caip(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_caip x = {0};
    bool bad = false;
    bad |= get_id(c, "criterion", &x.id) != 0;
    bad |= get_text(c, "name", true, &x.name) != 0;
    bad |= get_fixed(c, "weight", 2, 1, 1000000, "a weight above 0 (up to 2 decimals, like 2)",
                     &x.has_weight, &x.weight) != 0;
    if (bad || get_meta(c, false, &x.m) || need_source(c, x.has_weight, &x.m))
        return;
    for (size_t i = 0; i < y->ncaip; i++) {
        if (strcmp(y->caip[i].id, x.id) == 0) {
            ferr(c, "criterion", "%s is listed twice (first on line %ld)", x.id,
                 y->caip[i].m.at.line);
            return;
        }
    }
    ROOM(y->caip, y->ncaip, RF_CAIP);
    y->caip[y->ncaip++] = x;
}

static void row_schedule(struct pctx *c)
{
    struct rules_year *y = c->y;
    struct rule_schedule x = {0};
    int payer = 0;
    int64_t arrears = 0;
    bool bad = false;
    bad |= get_id(c, "stream", &x.stream) != 0;
    bad |= get_fixed(c, "arrears_months", 0, 0, 12,
                     "a whole number of months from 0 to 12 (1: paid the month after it is earned)",
                     &x.known, &arrears) != 0;
    bad |= get_word(c, "paid_by", payer_words, ARRAY_SIZE(payer_words), &payer) != 0;
    if (bad || get_meta(c, false, &x.m) || need_source(c, x.known, &x.m))
        return;
    x.arrears = (int)arrears;
    x.payer = (enum rule_payer)payer;
    ROOM(y->schedule, y->nschedule, RF_SCHEDULE);
    y->schedule[y->nschedule++] = x;
}

const struct rule_schedule *rules_schedule(const struct rules_year *y, const char *stream,
                                           date_t on)
{
    for (size_t i = 0; y && i < y->nschedule; i++) {
        const struct rule_schedule *t = &y->schedule[i];
        if (strcmp(t->stream, stream) == 0 && t->m.from <= on && on <= t->m.to)
            return t;
    }
    return NULL;
}

static void row_source(struct pctx *c)
{
    struct rules *r = c->r;
    struct rule_source s = {0};
    const struct csv_field *tag = fld(c, "tag");
    bool ok = tag->len > 1 && tag->len < 16 && tag->p[0] >= 'A' && tag->p[0] <= 'Z';
    for (size_t i = 1; ok && i < tag->len; i++)
        ok = (tag->p[i] >= '0' && tag->p[i] <= '9') || (tag->p[i] >= 'A' && tag->p[i] <= 'Z');
    if (!ok) {
        ferr(c, "tag", "'%.*s' is not a source tag (like P3, without brackets)", SHOW(tag));
        return;
    }
    s.tag = arena_strndup(r->a, tag->p, tag->len);
    if (get_text(c, "address", false, &s.address) || get_text(c, "note", false, &s.note))
        return;
    if (s.address[0] && strncmp(s.address, "https://", 8) != 0 &&
        strncmp(s.address, "http://", 7) != 0) {
        ferr(c, "address", "'%s' is not a web address (https://...)", s.address);
        return;
    }
    if (!s.address[0] && !s.note[0]) {
        ferr(c, "address", "is empty, and so is the note: say where the source is");
        return;
    }
    const struct rule_source *dup = rules_source(r, s.tag);
    if (dup) {
        ferr(c, "tag", "%s is listed twice", s.tag);
        return;
    }
    if (r->nsources == r->cap_[0])
        r->sources = arena_grow(r->a, r->sources, r->nsources, &r->cap_[0], sizeof *r->sources);
    r->sources[r->nsources++] = s;
}

/* ---- the CSV callback --------------------------------------------------- */

static void header_problem(void *ctx, const char *words)
{
    ferr(ctx, NULL, "%s", words);
}

static int on_header(struct pctx *c, const struct csv_record *rec)
{
    c->header_ok = rulecsv_header(rec, c->cols, c->ncols, c->idx, true, header_problem, c);
    return 0;
}

static int on_record(void *ctx, const struct csv_record *rec, struct pcn_msg *m)
{
    struct pctx *c = ctx;
    (void)m;
    c->rec = rec;
    if (rec->index == 0) {
        c->width = rec->nfields;
        return on_header(c, rec);
    }
    if (!c->header_ok)
        return 0;
    /* Empty lines (a spreadsheet often leaves some at the end) are skipped. */
    if (rec->nfields == 1 && rec->f[0].len == 0)
        return 0;
    if (rec->nfields != c->width) {
        ferr(c, NULL, "%zu fields where the header has %zu (a comma in a value needs quotes)",
             rec->nfields, c->width);
        return 0;
    }
    switch (c->kind) {
    case -1:
        row_source(c);
        break;
    case RF_STREAMS:
        row_streams(c);
        break;
    case RF_RATES:
        row_rates(c);
        break;
    case RF_ROLES:
        row_roles(c);
        break;
    case RF_MAXIMA:
        row_maxima(c);
        break;
    case RF_PAY:
        row_pay(c);
        break;
    case RF_ONCOSTS:
        row_oncosts(c);
        break;
    case RF_IIF:
        row_iif(c);
        break;
    case RF_IIF_VALUE:
        row_iif_value(c);
        break;
    case RF_IIF_MEASURES:
        row_iif_measure(c);
        break;
    case RF_IIF_ADJUST:
        row_iif_adjust(c);
        break;
    case RF_CAIP:
        row_caip(c);
        break;
    case RF_SCHEDULE:
        row_schedule(c);
        break;
    default:
        BUG("rules file kind %d", c->kind);
    }
    return 0;
}

static long parse_csv(struct pctx *c, const char *data, size_t len)
{
    struct csv_reader rd;
    struct pcn_msg m = {0};
    for (c->ncols = 0; c->cols[c->ncols]; c->ncols++)
        ;
    csv_init(&rd, c->name, on_record, c);
    rd.same_width = false; /* on_record checks, and goes on to the next row */
    int rc = csv_feed(&rd, data, len, &m);
    if (!rc)
        rc = csv_finish(&rd, &m);
    if (!rc && csv_records(&rd) == 0) {
        c->rec = NULL;
        ferr(c, NULL, "the file is empty: it needs at least its header line");
    }
    if (rc) {
        /* A syntax error: the reader has stopped.  Its message already
         * names the file, line and column. */
        diag_add(c->r, c->d, true, m.text);
        count_error(c);
    }
    csv_release(&rd);
    return c->errors;
}

/* ---- public parsing ----------------------------------------------------- */

void rules_init(struct rules *r, struct arena *a, const char *dir)
{
    memset(r, 0, sizeof *r);
    r->a = a;
    r->dir = dir ? arena_strdup(a, dir) : NULL;
}

long rules_parse_sources(struct rules *r, const char *name, const char *data, size_t len,
                         struct rules_diag *d)
{
    struct pctx c = {
        .r = r, .kind = -1, .name = arena_strdup(r->a, name), .d = d, .cols = cols_sources};
    return parse_csv(&c, data, len);
}

struct rules_year *rules_add_year(struct rules *r, fy_t fy, const char *dir)
{
    if (r->nyears == r->cap_[1])
        r->years = arena_grow(r->a, r->years, r->nyears, &r->cap_[1], sizeof *r->years);
    /* Keep the years in order. */
    size_t at = r->nyears;
    while (at > 0 && r->years[at - 1].fy > fy)
        at--;
    memmove(&r->years[at + 1], &r->years[at], (r->nyears - at) * sizeof *r->years);
    struct rules_year *y = &r->years[at];
    memset(y, 0, sizeof *y);
    y->fy = fy;
    y->dir = arena_strdup(r->a, dir ? dir : "");
    r->nyears++;
    return y;
}

long rules_parse_file(struct rules *r, struct rules_year *y, enum rules_file f, const char *name,
                      const char *data, size_t len, struct rules_diag *d)
{
    if ((size_t)f >= RF_COUNT)
        BUG("rules_parse_file: file %d", (int)f);
    struct pctx c = {.r = r,
                     .y = y,
                     .kind = (int)f,
                     .name = arena_strdup(r->a, name),
                     .d = d,
                     .cols = specs[f].cols};
    return parse_csv(&c, data, len);
}

const struct rules_year *rules_year(const struct rules *r, fy_t fy)
{
    for (size_t i = 0; i < r->nyears; i++)
        if (r->years[i].fy == fy)
            return &r->years[i];
    return NULL;
}

int rules_year_need(const struct rules *r, fy_t fy, int code, const struct rules_year **out,
                    struct pcn_msg *m)
{
    char fyl[8];
    if ((*out = rules_year(r, fy)))
        return 0;
    fy_format(fy, fyl);
    return msg_set(m, code, "the rules have no year %s", fyl);
}

const struct rule_source *rules_source(const struct rules *r, const char *tag)
{
    for (size_t i = 0; i < r->nsources; i++)
        if (strcmp(r->sources[i].tag, tag) == 0)
            return &r->sources[i];
    return NULL;
}

const char *rule_cite(struct arena *a, const struct rule_meta *m)
{
    if (m->origin && m->sources && m->sources[0])
        return arena_printf(a, "%s %s", m->origin, m->sources);
    if (m->origin)
        return m->origin;
    if (m->sources && m->sources[0])
        return arena_printf(a, "%s:%ld %s", m->at.file, m->at.line, m->sources);
    return arena_printf(a, "%s:%ld", m->at.file, m->at.line);
}

/* ---- cross-row checks --------------------------------------------------- */

struct xctx {
    struct rules *r;
    struct rules_year *y;
    struct rules_diag *d;
    long errors;
};

static void xerr(struct xctx *x, const struct rule_ref *at, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void xerr(struct xctx *x, const struct rule_ref *at, const char *col, const char *fmt, ...)
{
    char what[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    diag_add(x->r, x->d, true,
             arena_printf(x->r->a, "%s:%ld: field %s: %s", at->file, at->line, col, what));
    x->errors++;
    if (x->y)
        x->y->nerrors++;
}

static void xwarn(struct xctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void xwarn(struct xctx *x, const char *fmt, ...)
{
    char text[LIMIT_MSG_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    diag_add(x->r, x->d, false, text);
}

static bool overlap(const struct rule_meta *a, const struct rule_meta *b)
{
    return a->from <= b->to && b->from <= a->to;
}

static void overlap_error(struct xctx *x, const struct rule_meta *later,
                          const struct rule_meta *earlier, const char *what)
{
    char a[11], b[11], c[11], d[11];
    date_format_iso(later->from, a);
    date_format_iso(later->to, b);
    date_format_iso(earlier->from, c);
    date_format_iso(earlier->to, d);
    xerr(x, &later->at, "valid_from",
         "%s: this row (%s to %s) overlaps line %ld (%s to %s); a rate holds for one period "
         "at a time",
         what, a, b, earlier->at.line, c, d);
}

static const struct rule_stream *find_stream(const struct rules_year *y, const char *id)
{
    for (size_t i = 0; i < y->nstreams; i++)
        if (strcmp(y->streams[i].id, id) == 0)
            return &y->streams[i];
    return NULL;
}

static const struct rule_iif *find_iif(const struct rules_year *y, const char *code)
{
    for (size_t i = 0; i < y->niif; i++)
        if (strcmp(y->iif[i].code, code) == 0)
            return &y->iif[i];
    return NULL;
}

static void check_year(struct xctx *x)
{
    struct rules_year *y = x->y;
    char fy[8];
    fy_format(y->fy, fy);

    for (size_t i = 0; i < y->nrates; i++) {
        const struct rule_rate *t = &y->rates[i];
        if (!find_stream(y, t->stream)) {
            xerr(x, &t->m.at, "stream", "%s is not declared in %s/streams.csv", t->stream, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_rate *u = &y->rates[j];
            if (strcmp(t->stream, u->stream) || strcmp(t->part, u->part))
                continue;
            if (t->base != u->base) {
                xerr(x, &t->m.at, "base", "%s %s is on %s on line %ld; a part keeps one base",
                     t->stream, t->part, base_words[u->base], u->m.at.line);
                break;
            }
            if (!t->alternative && !u->alternative && overlap(&t->m, &u->m)) {
                char what[160];
                snprintf(what, sizeof what, "%s %s", t->stream, t->part);
                overlap_error(x, &t->m, &u->m, what);
                break;
            }
        }
    }
    for (size_t i = 0; i < y->nstreams; i++) {
        bool any = false;
        for (size_t j = 0; j < y->nrates && !any; j++)
            any = strcmp(y->rates[j].stream, y->streams[i].id) == 0 && !y->rates[j].alternative;
        if (!any)
            xwarn(x, "%s:%ld: stream %s has no rate in %s/stream_rates.csv", y->streams[i].at.file,
                  y->streams[i].at.line, y->streams[i].id, y->dir);
    }
    for (size_t i = 0; i < y->nschedule; i++) {
        const struct rule_schedule *t = &y->schedule[i];
        if (!find_stream(y, t->stream)) {
            xerr(x, &t->m.at, "stream", "%s is not declared in %s/streams.csv", t->stream, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_schedule *u = &y->schedule[j];
            if (!strcmp(t->stream, u->stream) && overlap(&t->m, &u->m)) {
                overlap_error(x, &t->m, &u->m, t->stream);
                break;
            }
        }
    }
    for (size_t i = 0; i < y->nmaxima; i++) {
        const struct rule_max *t = &y->maxima[i];
        bool role = false;
        for (size_t j = 0; j < y->nroles && !role; j++)
            role = strcmp(y->roles[j].id, t->role) == 0;
        if (!role) {
            xerr(x, &t->m.at, "role", "%s is not in %s/arrs_roles.csv", t->role, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_max *u = &y->maxima[j];
            if (!strcmp(t->role, u->role) && t->area == u->area && overlap(&t->m, &u->m)) {
                char what[160];
                snprintf(what, sizeof what, "%s %s", t->role, area_words[t->area]);
                overlap_error(x, &t->m, &u->m, what);
                break;
            }
        }
    }
    for (size_t i = 0; i < y->npay; i++) {
        const struct rule_pay *t = &y->pay[i];
        for (size_t j = 0; j < i; j++) {
            const struct rule_pay *u = &y->pay[j];
            if (!strcmp(t->band, u->band) && t->point == u->point && overlap(&t->m, &u->m)) {
                char what[64];
                snprintf(what, sizeof what, "band %s %s", t->band, point_words[t->point]);
                overlap_error(x, &t->m, &u->m, what);
                break;
            }
            if (!strcmp(t->band, u->band) &&
                (t->point == POINT_SINGLE) != (u->point == POINT_SINGLE)) {
                xerr(x, &t->m.at, "point",
                     "band %s has a single point on one line and several on another (line %ld)",
                     t->band, u->m.at.line);
                break;
            }
        }
    }
    if (y->npay == 0)
        xwarn(x, "%s/afc_pay.csv: no Agenda for Change pay points for %s", y->dir, fy);
    for (size_t i = 0; i < y->noncosts; i++)
        for (size_t j = 0; j < i; j++)
            if (y->oncosts[i].item == y->oncosts[j].item &&
                overlap(&y->oncosts[i].m, &y->oncosts[j].m)) {
                overlap_error(x, &y->oncosts[i].m, &y->oncosts[j].m,
                              oncost_words[y->oncosts[i].item]);
                break;
            }
    for (size_t i = 0; i < y->niif; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(y->iif[i].code, y->iif[j].code) && overlap(&y->iif[i].m, &y->iif[j].m)) {
                overlap_error(x, &y->iif[i].m, &y->iif[j].m, y->iif[i].code);
                break;
            }
    for (size_t i = 0; i < y->niif_values; i++)
        for (size_t j = 0; j < i; j++)
            if (overlap(&y->iif_values[i].m, &y->iif_values[j].m)) {
                overlap_error(x, &y->iif_values[i].m, &y->iif_values[j].m, "the point value");
                break;
            }
    for (size_t i = 0; i < y->niif_measures; i++) {
        const struct rule_iif_measure *t = &y->iif_measures[i];
        if (!find_iif(y, t->code)) {
            xerr(x, &t->m.at, "code", "%s is not in %s/iif_indicators.csv", t->code, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_iif_measure *u = &y->iif_measures[j];
            if (!overlap(&t->m, &u->m))
                continue;
            if (!strcmp(t->measure, u->measure)) {
                xerr(x, &t->m.at, "measure", "'%s' is mapped twice (first on line %ld)", t->measure,
                     u->m.at.line);
                break;
            }
            if (!strcmp(t->code, u->code) && t->part == u->part) {
                xerr(x, &t->m.at, "part", "%s %s is already named by line %ld", t->code,
                     part_words[t->part], u->m.at.line);
                break;
            }
        }
    }
    for (size_t i = 0; i < y->niif_adjust; i++) {
        const struct rule_iif_adjustment *t = &y->iif_adjust[i];
        if (!find_iif(y, t->code)) {
            xerr(x, &t->m.at, "code", "%s is not in %s/iif_indicators.csv", t->code, y->dir);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct rule_iif_adjustment *u = &y->iif_adjust[j];
            if (!strcmp(t->code, u->code) && t->kind == u->kind && overlap(&t->m, &u->m)) {
                char what[64];
                snprintf(what, sizeof what, "%s %s", t->code, adjust_words[t->kind]);
                overlap_error(x, &t->m, &u->m, what);
                break;
            }
        }
    }
}

long rules_check(struct rules *r, struct rules_diag *d)
{
    struct xctx x = {.r = r, .d = d};
    for (size_t i = 0; i < r->nyears; i++) {
        x.y = &r->years[i];
        check_year(&x);
    }
    return x.errors;
}

/* ---- reading a directory ------------------------------------------------ */

static int read_all(const char *path, struct buf *b, struct pcn_msg *m)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return msg_set(m, errno == ENOENT ? PCN_ENOTFOUND : PCN_EIO, "%s: cannot open: %s", path,
                       strerror(errno));
    char chunk[16384];
    size_t n;
    int rc = 0;
    buf_reset(b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf_add(b, chunk, n)) {
            rc = msg_set(m, PCN_ELIMIT, "%s: larger than %ld bytes", path,
                         (long)LIMIT_RULES_FILE_BYTES);
            break;
        }
    }
    if (!rc && ferror(f))
        rc = msg_set(m, PCN_EIO, "%s: cannot read: %s", path, strerror(errno));
    fclose(f);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int rules_load(const char *dir, struct arena *a, struct rules *out, struct rules_diag *d,
               struct pcn_msg *m)
{
    struct buf b;
    int rc = 0;
    long errors = 0;
    char **names = NULL;
    size_t nnames = 0, cap = 0;

    rules_init(out, a, dir);
    buf_init(&b, LIMIT_RULES_FILE_BYTES);
    DIR *dh = opendir(dir);
    if (!dh) {
        rc = msg_set(m, errno == ENOENT ? PCN_ENOTFOUND : PCN_EIO,
                     "rules directory %s: %s (give --rules DIR or set $%s)", dir, strerror(errno),
                     RULES_ENV);
        goto out;
    }
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        if (nnames == cap) {
            cap = cap ? cap * 2 : 16;
            names = xrealloc(names, cap * sizeof *names);
        }
        names[nnames++] = xstrdup(e->d_name);
    }
    closedir(dh);
    qsort(names, nnames, sizeof *names, cmp_str);

    char *path = arena_printf(a, "%s/sources.csv", dir);
    if ((rc = read_all(path, &b, m))) {
        if (rc == PCN_ENOTFOUND) {
            diag_add(out, d, true, m->text);
            out->source_errors++;
            errors++;
            rc = 0;
        } else {
            goto out;
        }
    } else {
        errors += rules_parse_sources(out, path, b.buf, b.len, d);
    }

    for (size_t i = 0; i < nnames; i++) {
        char *sub = arena_printf(a, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(sub, &st) || !S_ISDIR(st.st_mode))
            continue;
        fy_t fy;
        if (fy_parse(names[i], &fy)) {
            char text[LIMIT_MSG_BYTES];
            snprintf(text, sizeof text,
                     "%s: not a financial year: a year's directory is named like 2025-26", sub);
            diag_add(out, d, true, text);
            out->source_errors++;
            errors++;
            continue;
        }
        struct rules_year *y = rules_add_year(out, fy, sub);
        for (int f = 0; f < RF_COUNT; f++) {
            char *fp = arena_printf(a, "%s/%s", sub, specs[f].file);
            int r = read_all(fp, &b, m);
            if (r == PCN_ENOTFOUND && rules_file_optional((enum rules_file)f))
                continue;
            if (r == PCN_ENOTFOUND) {
                char text[LIMIT_MSG_BYTES];
                snprintf(text, sizeof text,
                         "%s: missing: every year has the files of rules/README.md (copy them "
                         "from another year)",
                         fp);
                diag_add(out, d, true, text);
                y->nerrors++;
                errors++;
                continue;
            }
            if (r) {
                rc = r;
                goto out;
            }
            errors += rules_parse_file(out, y, (enum rules_file)f, fp, b.buf, b.len, d);
        }
    }
    errors += rules_check(out, d);
    date_t today;
    if (out->nyears && clock_today(&today) == 0)
        rules_fill_gaps(out, fy_of(today) + 1);
    if (out->nyears == 0 && !errors) {
        rc = msg_set(m, PCN_ENOTFOUND, "rules directory %s has no years (directories like 2025-26)",
                     dir);
        goto out;
    }
    if (errors) {
        rc = msg_set(m, PCN_EINVAL, "%s (%ld problem%s in the rules in %s)",
                     d && d->nerrors ? d->errors[0] : "the rules have errors", errors,
                     errors == 1 ? "" : "s", dir);
    }
out:
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    buf_release(&b);
    return rc;
}

/* ---- years with no folder ----------------------------------------------- */

/* The meta of a "not known" row of a missing year: the whole year. */
static struct rule_meta gap_meta(struct rules *r, const struct rules_year *y, const char *what)
{
    char fy[8];
    fy_format(y->fy, fy);
    struct rule_meta m = {0};
    m.from = fy_start(y->fy);
    m.to = fy_end(y->fy);
    m.conf = CONF_UNCONFIRMED;
    m.sources = "";
    m.layer = LAYER_GAP;
    m.at.file = y->dir;
    m.origin = arena_printf(r->a, "not known: the rules have no year %s yet (%s)", fy, y->dir);
    m.note = arena_printf(r->a,
                          "%s for %s is not known: the rules have no folder %s. An "
                          "administrator adds the year's figures on the Rules page (or "
                          "copies the latest year's folder and edits it); a PCN can enter "
                          "its own figure from its claim statement.",
                          what, fy, y->dir);
    return m;
}

/* One gap row a key: true when the rows made so far hold it. */
static bool seen_rate(const struct rules_year *y, const struct rule_rate *s)
{
    for (size_t j = 0; j < y->nrates; j++)
        if (strcmp(y->rates[j].stream, s->stream) == 0 && strcmp(y->rates[j].part, s->part) == 0)
            return true;
    return false;
}

static bool seen_max(const struct rules_year *y, const struct rule_max *s)
{
    for (size_t j = 0; j < y->nmaxima; j++)
        if (strcmp(y->maxima[j].role, s->role) == 0 && y->maxima[j].area == s->area)
            return true;
    return false;
}

static bool seen_oncost(const struct rules_year *y, const struct rule_oncost_row *s)
{
    for (size_t j = 0; j < y->noncosts; j++)
        if (y->oncosts[j].item == s->item)
            return true;
    return false;
}

static void fill_year(struct rules *r, struct rules_year *y, const struct rules_year *from)
{
    struct arena *a = r->a;
    y->missing = true;
    y->streams = arena_zalloc(a, (from->nstreams + 1) * sizeof *y->streams);
    for (size_t i = 0; i < from->nstreams; i++)
        y->streams[y->nstreams++] = from->streams[i];
    y->rates = arena_zalloc(a, (from->nrates + 1) * sizeof *y->rates);
    for (size_t i = 0; i < from->nrates; i++) {
        const struct rule_rate *s = &from->rates[i];
        if (s->alternative || seen_rate(y, s))
            continue;
        struct rule_rate t = *s;
        t.known = false;
        t.rate_mp = 0;
        t.per = PER_YEAR;
        t.m = gap_meta(r, y, arena_printf(a, "The rate of %s (%s)", s->stream, s->part));
        y->rates[y->nrates++] = t;
    }
    y->roles = arena_zalloc(a, (from->nroles + 1) * sizeof *y->roles);
    for (size_t i = 0; i < from->nroles; i++) {
        struct rule_role t = from->roles[i];
        t.conf = CONF_UNCONFIRMED;
        t.sources = "";
        t.note = arena_printf(a, "Carried from %s as a role of a year the rules do not hold yet.",
                              from->dir);
        y->roles[y->nroles++] = t;
    }
    y->maxima = arena_zalloc(a, (from->nmaxima + 1) * sizeof *y->maxima);
    for (size_t i = 0; i < from->nmaxima; i++) {
        const struct rule_max *s = &from->maxima[i];
        if (seen_max(y, s))
            continue;
        struct rule_max t = *s;
        t.known = false;
        t.max = 0;
        t.m = gap_meta(r, y, arena_printf(a, "The maximum reimbursable amount of %s", s->role));
        y->maxima[y->nmaxima++] = t;
    }
    y->oncosts = arena_zalloc(a, (from->noncosts + 1) * sizeof *y->oncosts);
    for (size_t i = 0; i < from->noncosts; i++) {
        const struct rule_oncost_row *s = &from->oncosts[i];
        if (seen_oncost(y, s))
            continue;
        struct rule_oncost_row t = *s;
        t.known = false;
        t.value = 0;
        t.m = gap_meta(r, y, arena_printf(a, "The %s", rule_oncost_name(s->item)));
        y->oncosts[y->noncosts++] = t;
    }
    y->iif = arena_zalloc(a, (from->niif + 1) * sizeof *y->iif);
    for (size_t i = 0; i < from->niif; i++) {
        struct rule_iif t = from->iif[i];
        t.has_lower = t.has_upper = t.has_points = false;
        t.lower_bp = t.upper_bp = t.points = 0;
        t.m = gap_meta(r, y, arena_printf(a, "The thresholds and points of %s", t.code));
        y->iif[y->niif++] = t;
    }
    y->iif_values = arena_zalloc(a, sizeof *y->iif_values);
    y->iif_values[0].m = gap_meta(r, y, "The IIF point value");
    y->niif_values = 1;
    /* No pay points, measures, adjustments or CAIP criteria: a pay point
     * has no "not known" form, so a post's cost is asked for instead. */
}

void rules_fill_gaps(struct rules *r, fy_t upto)
{
    if (r->nyears == 0)
        return;
    fy_t first = r->years[0].fy;
    if (r->years[r->nyears - 1].fy > upto)
        upto = r->years[r->nyears - 1].fy;
    for (fy_t fy = first + 1; fy <= upto && fy - first < 100; fy++) {
        if (rules_year(r, fy))
            continue;
        /* The nearest earlier year with a folder. */
        const struct rules_year *from = NULL;
        for (size_t i = 0; i < r->nyears; i++)
            if (r->years[i].fy < fy && !r->years[i].missing)
                from = &r->years[i];
        if (!from)
            continue;
        char name[8];
        fy_format_dir(fy, name);
        fy_t from_fy = from->fy;
        struct rules_year *y = rules_add_year(r, fy, arena_printf(r->a, "%s/%s", r->dir, name));
        /* rules_add_year may move the years: find the source again. */
        from = rules_year(r, from_fy);
        fill_year(r, y, from);
    }
}
