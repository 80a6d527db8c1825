#include "common.h"
#include "rules.h"
#include "buf.h"
#include "csv.h"
#include "rulecheck.h"
#include "rulefile.h"
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

static const struct {
    const char *const *words;
    size_t n;
} vocabs[] = {
#define V(w)                                                                                       \
    {                                                                                              \
        w, ARRAY_SIZE(w)                                                                           \
    }
    [VOCAB_BASE] = V(base_words),       [VOCAB_PER] = V(per_words),
    [VOCAB_AREA] = V(area_words),       [VOCAB_POINT] = V(point_words),
    [VOCAB_ONCOST] = V(oncost_words),   [VOCAB_PAID] = V(paid_words),
    [VOCAB_SCHEME] = V(scheme_words),   [VOCAB_KIND] = V(kind_words),
    [VOCAB_APPLIES] = V(applies_words), [VOCAB_PAYER] = V(payer_words),
    [VOCAB_USE] = V(use_words),         [VOCAB_IIF_KIND] = V(iif_kind_words),
    [VOCAB_UNIT] = V(unit_words),       [VOCAB_PART] = V(part_words),
    [VOCAB_ADJUST] = V(adjust_words),
#undef V
};

const char *const *rule_vocab(enum rule_vocab v, size_t *n)
{
    if ((size_t)v >= ARRAY_SIZE(vocabs))
        BUG("rule_vocab: %d", (int)v);
    *n = vocabs[v].n;
    return vocabs[v].words;
}

/* ---- the columns of each file ------------------------------------------- */

#define META "valid_from", "valid_to", "confidence", "sources", "note"

static const char *const cols_sources[] = {"tag", "address", "note", NULL};

static const struct {
    const char *file;
    const char *cols[RULEFILE_MAX_COLS];
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

void rules_diag_add(struct rules *r, struct rules_diag *d, bool error, const char *text)
{
    if (!d)
        return;
    long *n = error ? &d->nerrors : &d->nwarnings;
    const char **kept = error ? d->errors : d->warnings;
    if (*n < LIMIT_RULES_ERRORS_KEPT)
        kept[*n] = arena_strdup(r->a, text); /* text may be on the caller's stack */
    (*n)++;
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
    return rulefile_parse(r, NULL, -1, cols_sources, name, data, len, d);
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
    return rulefile_parse(r, y, (int)f, specs[f].cols, name, data, len, d);
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

long rules_check(struct rules *r, struct rules_diag *d)
{
    long errors = 0;
    for (size_t i = 0; i < r->nyears; i++)
        errors += rulecheck_year(r, &r->years[i], d);
    return errors;
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

/* The directory's entries but those starting with '.', sorted; *names
 * and each name the caller's to free. */
static int list_dir(const char *dir, char ***names, size_t *nnames, struct pcn_msg *m)
{
    size_t cap = 0;
    DIR *dh = opendir(dir);
    if (!dh) {
        return msg_set(m, errno == ENOENT ? PCN_ENOTFOUND : PCN_EIO,
                       "rules directory %s: %s (give --rules DIR or set $%s)", dir, strerror(errno),
                       RULES_ENV);
    }
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        if (*nnames == cap) {
            cap = cap ? cap * 2 : 16;
            *names = xrealloc(*names, cap * sizeof **names);
        }
        (*names)[(*nnames)++] = xstrdup(e->d_name);
    }
    closedir(dh);
    qsort(*names, *nnames, sizeof **names, cmp_str);
    return 0;
}

/* A year's files of the directory sub read into y: a missing optional
 * file is no rows, another missing file a problem (in *errors); 0 or the
 * error of a file that cannot be read. */
static int read_year(struct rules *out, struct rules_year *y, const char *sub, struct buf *b,
                     struct arena *a, struct rules_diag *d, long *errors, struct pcn_msg *m)
{
    for (int f = 0; f < RF_COUNT; f++) {
        char *fp = arena_printf(a, "%s/%s", sub, specs[f].file);
        int r = read_all(fp, b, m);
        if (r == PCN_ENOTFOUND && rules_file_optional((enum rules_file)f))
            continue;
        if (r == PCN_ENOTFOUND) {
            char text[LIMIT_MSG_BYTES];
            snprintf(text, sizeof text,
                     "%s: missing: every year has the files of rules/README.md (copy them "
                     "from another year)",
                     fp);
            rules_diag_add(out, d, true, text);
            y->nerrors++;
            (*errors)++;
            continue;
        }
        if (r)
            return r;
        *errors += rules_parse_file(out, y, (enum rules_file)f, fp, b->buf, b->len, d);
    }
    return 0;
}

int rules_load(const char *dir, struct arena *a, struct rules *out, struct rules_diag *d,
               struct pcn_msg *m)
{
    struct buf b;
    int rc = 0;
    long errors = 0;
    char **names = NULL;
    size_t nnames = 0;

    rules_init(out, a, dir);
    buf_init(&b, LIMIT_RULES_FILE_BYTES);
    if ((rc = list_dir(dir, &names, &nnames, m)))
        goto out;

    char *path = arena_printf(a, "%s/sources.csv", dir);
    if ((rc = read_all(path, &b, m))) {
        if (rc == PCN_ENOTFOUND) {
            rules_diag_add(out, d, true, m->text);
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
            rules_diag_add(out, d, true, text);
            out->source_errors++;
            errors++;
            continue;
        }
        struct rules_year *y = rules_add_year(out, fy, sub);
        if ((rc = read_year(out, y, sub, &b, a, d, &errors, m)))
            goto out;
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
