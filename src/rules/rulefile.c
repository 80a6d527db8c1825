#include "common.h"
#include "rulefile.h"
#include "buf.h"
#include "csv.h"
#include "rulecsv.h"

/* ---- parsing context ---------------------------------------------------- */

struct pctx {
    struct rules *r;
    struct rules_year *y; /* NULL for sources.csv */
    int kind;             /* enum rules_file, or -1 for sources.csv */
    const char *name;
    struct rules_diag *d;
    const char *const *cols; /* spec column names, NULL-terminated */
    int ncols;
    int idx[RULEFILE_MAX_COLS]; /* record field of each spec column */
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
    rules_diag_add(c->r, c->d, true, text);
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

/* One of a column of fixed words (rules.h's rule_vocab). */
static int get_vocab(struct pctx *c, const char *col, enum rule_vocab v, int *out)
{
    size_t n;
    const char *const *words = rule_vocab(v, &n);
    return get_word(c, col, words, n, out);
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
        get_vocab(c, "paid_to", VOCAB_PAID, &paid) | get_vocab(c, "kind", VOCAB_KIND, &kind) |
        get_vocab(c, "scheme", VOCAB_SCHEME, &scheme) | get_text(c, "note", false, &s.note))
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
    bad |= get_vocab(c, "base", VOCAB_BASE, &base) != 0;
    bad |= get_fixed(c, "rate_gbp", 5, 0, INT64_MAX / 4,
                     "an amount in pounds with up to 5 decimals (like 2.218)", &t.known,
                     &t.rate_mp) != 0;
    bad |= get_vocab(c, "per", VOCAB_PER, &per) != 0;
    bad |= get_vocab(c, "use", VOCAB_USE, &use) != 0;
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
             rule_base_name(t.base));
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
    bad |= get_vocab(c, "maximum_applies_to", VOCAB_APPLIES, &applies) != 0;
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
    bad |= get_vocab(c, "area", VOCAB_AREA, &area) != 0;
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
    bad |= get_vocab(c, "point", VOCAB_POINT, &point) != 0;
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
    if (get_vocab(c, "item", VOCAB_ONCOST, &item) | get_vocab(c, "unit", VOCAB_UNIT, &unit))
        return;
    o.item = (enum rule_oncost)item;
    bool money = o.item == ONCOST_NI_THRESHOLD;
    if (money != (unit == 1)) {
        ferr(c, "unit", "%s is in %s", rule_oncost_name((enum rule_oncost)item),
             money ? "gbp_per_year" : "percent");
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
    bad |= get_vocab(c, "kind", VOCAB_IIF_KIND, &kind) != 0;
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
    bad |= get_vocab(c, "part", VOCAB_PART, &part) != 0;
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
    bad |= get_vocab(c, "adjustment", VOCAB_ADJUST, &kind) != 0;
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
    bad |= get_vocab(c, "paid_by", VOCAB_PAYER, &payer) != 0;
    if (bad || get_meta(c, false, &x.m) || need_source(c, x.known, &x.m))
        return;
    x.arrears = (int)arrears;
    x.payer = (enum rule_payer)payer;
    ROOM(y->schedule, y->nschedule, RF_SCHEDULE);
    y->schedule[y->nschedule++] = x;
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
        rules_diag_add(c->r, c->d, true, m.text);
        count_error(c);
    }
    csv_release(&rd);
    return c->errors;
}

long rulefile_parse(struct rules *r, struct rules_year *y, int kind, const char *const *cols,
                    const char *name, const char *data, size_t len, struct rules_diag *d)
{
    struct pctx c = {
        .r = r, .y = y, .kind = kind, .name = arena_strdup(r->a, name), .d = d, .cols = cols};
    return parse_csv(&c, data, len);
}
