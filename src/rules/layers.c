#include "common.h"
#include "layers.h"
#include "buf.h"
#include "money.h"

/* ---- words ---------------------------------------------------------------- */

static const struct {
    const char *name;
    enum rules_file file;
} files[] = {
    {"stream_rates", RF_RATES},
    {"arrs_maxima", RF_MAXIMA},
    {"arrs_roles", RF_ROLES},
};

int layers_file_parse(const char *s, enum rules_file *out)
{
    for (size_t i = 0; s && i < ARRAY_SIZE(files); i++)
        if (strcmp(s, files[i].name) == 0) {
            *out = files[i].file;
            return 0;
        }
    return PCN_EINVAL;
}

const char *layers_file_name(enum rules_file f)
{
    for (size_t i = 0; i < ARRAY_SIZE(files); i++)
        if (files[i].file == f)
            return files[i].name;
    return "?";
}

const char *layers_scope_label(enum layer_scope s)
{
    return s == SCOPE_PCN ? "the PCN's own figure" : "the ICB's local variation";
}

const char *layers_scope_name(enum layer_scope s)
{
    return s == SCOPE_PCN ? "pcn" : "icb";
}

int layers_scope_parse(const char *s, enum layer_scope *out)
{
    if (s && strcmp(s, "pcn") == 0)
        *out = SCOPE_PCN;
    else if (s && strcmp(s, "icb") == 0)
        *out = SCOPE_ICB;
    else
        return PCN_EINVAL;
    return 0;
}

static void err(struct layers_errors *e, const char *field, const char *text)
{
    if (e->n < LAYERS_MAX_ERRORS) {
        e->e[e->n].field = field;
        e->e[e->n].text = text;
        e->n++;
    }
}

/* ---- finding national rows ------------------------------------------------ */

/* "a/b" split at the first '/'; false when there is none or either is empty. */
static bool split_key(struct arena *a, const char *key, const char **x, const char **y)
{
    const char *slash = strchr(key, '/');
    if (!slash || slash == key || !slash[1] || strchr(slash + 1, '/'))
        return false;
    *x = arena_strndup(a, key, (size_t)(slash - key));
    *y = slash + 1;
    return true;
}

static int area_parse(const char *s, enum rule_area *out)
{
    for (int i = AREA_NATIONAL; i <= AREA_INNER_LONDON; i++)
        if (strcmp(s, rule_area_name((enum rule_area)i)) == 0) {
            *out = (enum rule_area)i;
            return 0;
        }
    return PCN_EINVAL;
}

static const struct rule_rate *rate_row(const struct rules_year *y, const char *stream,
                                        const char *part, date_t on)
{
    const struct rule_rate *any = NULL;
    for (size_t i = 0; y && i < y->nrates; i++) {
        const struct rule_rate *t = &y->rates[i];
        if (t->alternative || strcmp(t->stream, stream) || strcmp(t->part, part))
            continue;
        if (on == DATE_NONE || (t->m.from <= on && on <= t->m.to))
            return t;
        any = t;
    }
    return on == DATE_NONE ? any : NULL;
}

static const struct rule_max *max_row(const struct rules_year *y, const char *role,
                                      enum rule_area area, date_t on)
{
    for (size_t i = 0; y && i < y->nmaxima; i++) {
        const struct rule_max *x = &y->maxima[i];
        if (x->area == area && strcmp(x->role, role) == 0 &&
            (on == DATE_NONE || (x->m.from <= on && on <= x->m.to)))
            return x;
    }
    return NULL;
}

static const struct rule_role *role_row(const struct rules_year *y, const char *role)
{
    for (size_t i = 0; y && i < y->nroles; i++)
        if (strcmp(y->roles[i].id, role) == 0)
            return &y->roles[i];
    return NULL;
}

/* ---- checking ------------------------------------------------------------- */

static bool is_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

int layers_parse_value(enum rules_file f, const char *value, int64_t *amount)
{
    const char *v = value ? value : "";
    int64_t x;
    switch (f) {
    case RF_RATES:
        if (rate_parse(v, strlen(v), &x) || x < 0)
            return PCN_EINVAL;
        break;
    case RF_MAXIMA:
        if (money_parse(v, strlen(v), &x) || x <= 0 || x > 100000000)
            return PCN_EINVAL;
        break;
    case RF_ROLES:
        if (fixed_parse(v, strlen(v), 2, 1, 10000, &x))
            return PCN_EINVAL;
        break;
    default:
        return PCN_EINVAL;
    }
    *amount = x;
    return 0;
}

bool layers_check(const struct rules *nat, struct rule_override *o, struct arena *a,
                  struct layers_errors *e)
{
    size_t before = e->n;
    const struct rules_year *y = o->from != DATE_NONE ? rules_year(nat, fy_of(o->from)) : NULL;
    if (o->from == DATE_NONE)
        err(e, "from", "Enter the first day the figure holds, as day, month and year");
    else if (!y)
        err(e, "from", "The rules hold no year for that date: choose a date from April 2023");
    if (o->to != DATE_NONE && o->from != DATE_NONE && o->to < o->from)
        err(e, "to", "The last day must be on or after the first day");
    if (!o->source || !*o->source)
        err(e, "source",
            o->scope == SCOPE_PCN ? "Enter where the figure comes from, such as the claim statement"
                                  : "Enter where the figure comes from, such as the agreement");
    else if (strlen(o->source) > 300)
        err(e, "source", "Where the figure comes from must be 300 characters or fewer");
    if (o->conf == CONF_CARRIED || o->conf == CONF_NONE)
        err(e, "confidence", "Choose official, single source or unconfirmed");
    const char *v = o->value ? o->value : "";
    const char *x = NULL, *k2 = NULL;
    bool keyed = o->key && *o->key;
    if (!keyed)
        err(e, "row", "Enter the row the figure is for");
    switch (o->file) {
    case RF_RATES:
        if (keyed && !split_key(a, o->key, &x, &k2)) {
            err(e, "row", "Write the row as stream/part, like enhanced_access/adjusted_population");
        } else if (keyed && y) {
            const struct rule_rate *t = rate_row(y, x, k2, DATE_NONE);
            if (!t)
                err(e, "row", arena_printf(a, "The rules of %s have no rate %s", y->dir, o->key));
            else if (t->per == PER_PERIOD)
                err(e, "row", "That rate is a total for a period, which cannot be cut by dates");
            else if (t->base == BASE_NONE)
                err(e, "row", "That rate is a summary figure, not used in any calculation");
        }
        if (layers_parse_value(RF_RATES, v, &o->amount))
            err(e, "value", "Enter the rate in pounds per unit, like 9.00 (up to 5 decimals)");
        if (o->from != DATE_NONE && date_month_start(o->from) != o->from)
            err(e, "from", "A stream's rate starts on the first day of a month");
        if (o->to != DATE_NONE && o->to + 1 != date_month_start(o->to + 1))
            err(e, "to", "A stream's rate ends on the last day of a month");
        break;
    case RF_MAXIMA: {
        enum rule_area area;
        if (keyed && (!split_key(a, o->key, &x, &k2) || area_parse(k2, &area)))
            err(e, "row",
                "Write the row as role/area, like care_coordinator/national "
                "(areas: national, outer_london, inner_london)");
        else if (keyed && y && !role_row(y, x))
            err(e, "row",
                arena_printf(a,
                             "%s is not an ARRS role of %s (an ICB adds an extra "
                             "role as an arrs_roles row first)",
                             x, y->dir));
        if (layers_parse_value(RF_MAXIMA, v, &o->amount))
            err(e, "value",
                "Enter the maximum in pounds per WTE a year, like 36000 (more than 0, "
                "up to £1,000,000)");
        break;
    }
    case RF_ROLES: {
        if (keyed && !is_id(o->key))
            err(e, "row", "Write the role as its id, like mental_health_practitioner");
        else if (keyed && y && !role_row(y, o->key)) {
            if (o->scope == SCOPE_PCN)
                err(e, "row",
                    arena_printf(a,
                                 "%s is not an ARRS role of %s: only an ICB adds "
                                 "a role",
                                 o->key, y->dir));
            else if (!o->name || !*o->name)
                err(e, "name", "Enter the extra role's name");
        }
        if (layers_parse_value(RF_ROLES, v, &o->amount))
            err(e, "value", "Enter the per cent reimbursed, from 0.01 to 100");
        break;
    }
    default:
        err(e, "file", "Choose stream_rates, arrs_maxima or arrs_roles");
    }
    return e->n == before;
}

bool layers_national(const struct rules *nat, const struct rule_override *o, int64_t *amount)
{
    const struct rules_year *y = rules_year(nat, fy_of(o->from));
    struct arena a;
    const char *x, *k2;
    bool found = false;
    arena_init(&a, 256);
    if (o->file == RF_RATES && split_key(&a, o->key, &x, &k2)) {
        const struct rule_rate *t = rate_row(y, x, k2, o->from);
        if (t && t->known) {
            *amount = t->rate_mp;
            found = true;
        }
    } else if (o->file == RF_MAXIMA && split_key(&a, o->key, &x, &k2)) {
        enum rule_area area;
        const struct rule_max *m = area_parse(k2, &area) ? NULL : max_row(y, x, area, o->from);
        if (m && m->known) {
            *amount = m->max;
            found = true;
        }
    } else if (o->file == RF_ROLES) {
        const struct rule_role *r = role_row(y, o->key);
        if (r) {
            *amount = r->share_bp;
            found = true;
        }
    }
    arena_release(&a);
    return found;
}

/* ---- words for the working ------------------------------------------------ */

const char *layers_origin(struct arena *a, const struct rule_override *o)
{
    struct buf b;
    buf_init(&b, 256);
    buf_adds(&b, o->scope == SCOPE_PCN ? "the PCN's own figure (" : "the ICB's local variation (");
    buf_adds(&b, o->org);
    buf_adds(&b, o->agreement && *o->agreement ? ", " : "");
    buf_adds(&b, o->agreement && *o->agreement ? o->agreement : "");
    buf_adds(&b, "): ");
    buf_adds(&b, o->source);
    if (o->source_date != DATE_NONE) {
        buf_adds(&b, ", of ");
        date_add_uk(&b, o->source_date);
    }
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

const char *layers_value_text(struct arena *a, const struct rule_override *o)
{
    struct buf b;
    buf_init(&b, 64);
    switch (o->file) {
    case RF_RATES:
        rate_add_display(&b, o->amount);
        buf_adds(&b, " per unit a year");
        break;
    case RF_MAXIMA:
        money_add_display2(&b, o->amount);
        buf_adds(&b, " per WTE a year");
        break;
    default:
        fixed_add(&b, o->amount, 2, 0, false);
        buf_adds(&b, "% reimbursed");
        break;
    }
    const char *s = arena_strdup(a, b.buf);
    buf_release(&b);
    return s;
}

/* ---- splicing ------------------------------------------------------------- */

static struct rule_meta meta_of(struct arena *a, const struct rule_override *o, date_t lo,
                                date_t hi)
{
    struct rule_meta m = {0};
    m.from = lo;
    m.to = hi;
    m.conf = o->conf;
    m.sources = "";
    m.note = o->source;
    m.at.file = o->scope == SCOPE_PCN ? "the PCN's own figures" : "the ICB's local variation";
    m.layer = o->scope == SCOPE_PCN ? LAYER_PCN : LAYER_ICB;
    m.origin = layers_origin(a, o);
    return m;
}

/* The override's dates clipped to the year; false when it misses the year. */
static bool clip(const struct rule_override *o, fy_t fy, date_t *lo, date_t *hi)
{
    date_t s = fy_start(fy), e = fy_end(fy);
    date_t to = o->to == DATE_NONE ? e : o->to;
    if (o->from > e || to < s)
        return false;
    *lo = o->from > s ? o->from : s;
    *hi = to < e ? to : e;
    return true;
}

/* The pieces of a row's dates [f, t] outside [lo, hi]: 0, 1 or 2. */
static int outside(date_t f, date_t t, date_t lo, date_t hi, date_t pf[2], date_t pt[2])
{
    if (t < lo || f > hi) {
        pf[0] = f;
        pt[0] = t;
        return 1;
    }
    int n = 0;
    if (f < lo) {
        pf[n] = f;
        pt[n++] = lo - 1;
    }
    if (t > hi) {
        pf[n] = hi + 1;
        pt[n++] = t;
    }
    return n;
}

static void splice_rate(struct arena *a, struct rules_year *y, const struct rule_override *o,
                        date_t lo, date_t hi)
{
    const char *stream, *part;
    if (!split_key(a, o->key, &stream, &part))
        return;
    const struct rule_rate *tpl = rate_row(y, stream, part, DATE_NONE);
    if (!tpl)
        return;
    struct rule_rate t = *tpl;
    struct rule_rate *v = arena_alloc(a, (2 * y->nrates + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < y->nrates; i++) {
        const struct rule_rate *r = &y->rates[i];
        if (r->alternative || strcmp(r->stream, stream) || strcmp(r->part, part)) {
            v[n++] = *r;
            continue;
        }
        date_t pf[2], pt[2];
        int k = outside(r->m.from, r->m.to, lo, hi, pf, pt);
        for (int j = 0; j < k; j++) {
            v[n] = *r;
            v[n].m.from = pf[j];
            v[n++].m.to = pt[j];
        }
    }
    t.known = true;
    t.rate_mp = o->amount;
    t.per = PER_YEAR;
    t.alternative = false;
    t.m = meta_of(a, o, lo, hi);
    v[n++] = t;
    y->rates = v;
    y->nrates = n;
}

static void splice_max(struct arena *a, struct rules_year *y, const struct rule_override *o,
                       date_t lo, date_t hi)
{
    const char *role, *area_s;
    enum rule_area area;
    if (!split_key(a, o->key, &role, &area_s) || area_parse(area_s, &area))
        return;
    struct rule_max *v = arena_alloc(a, (2 * y->nmaxima + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < y->nmaxima; i++) {
        const struct rule_max *x = &y->maxima[i];
        if (x->area != area || strcmp(x->role, role)) {
            v[n++] = *x;
            continue;
        }
        date_t pf[2], pt[2];
        int k = outside(x->m.from, x->m.to, lo, hi, pf, pt);
        for (int j = 0; j < k; j++) {
            v[n] = *x;
            v[n].m.from = pf[j];
            v[n++].m.to = pt[j];
        }
    }
    v[n++] = (struct rule_max){
        .role = role, .area = area, .known = true, .max = o->amount, .m = meta_of(a, o, lo, hi)};
    y->maxima = v;
    y->nmaxima = n;
}

static void splice_role(struct arena *a, struct rules_year *y, const struct rule_override *o)
{
    struct rule_role *v = arena_alloc(a, (y->nroles + 1) * sizeof *v);
    if (y->nroles)
        memcpy(v, y->roles, y->nroles * sizeof *v);
    struct rule_role *r = NULL;
    for (size_t i = 0; i < y->nroles; i++)
        if (strcmp(v[i].id, o->key) == 0)
            r = &v[i];
    if (!r) {
        r = &v[y->nroles++];
        *r = (struct rule_role){.id = o->key,
                                .name = o->name ? o->name : o->key,
                                .band = "",
                                .applies = APPLIES_WHOLE_COST,
                                .sources = ""};
        r->at.file = "the ICB's local variation";
    }
    r->share_bp = o->amount;
    r->conf = o->conf;
    r->note = o->source;
    r->origin = layers_origin(a, o);
    y->roles = v;
}

static void apply_one(struct arena *a, struct rules_year *y, const struct rule_override *o)
{
    date_t lo, hi;
    if (!clip(o, y->fy, &lo, &hi))
        return;
    switch (o->file) {
    case RF_RATES:
        splice_rate(a, y, o, lo, hi);
        break;
    case RF_MAXIMA:
        splice_max(a, y, o, lo, hi);
        break;
    case RF_ROLES:
        splice_role(a, y, o);
        break;
    default:
        break;
    }
}

void layers_apply(const struct rules *nat, const struct rule_override *ov, size_t n,
                  struct arena *a, struct rules *out)
{
    *out = *nat;
    if (n == 0 || nat->nyears == 0)
        return;
    out->years = arena_alloc(a, nat->nyears * sizeof *out->years);
    memcpy(out->years, nat->years, nat->nyears * sizeof *out->years);
    /* ICB variations first, then the PCN's own figures: a later splice
     * cuts an earlier one, so the PCN's figure wins where both hold. */
    for (int pass = 0; pass < 2; pass++) {
        enum layer_scope want = pass == 0 ? SCOPE_ICB : SCOPE_PCN;
        for (size_t i = 0; i < n; i++) {
            if (ov[i].scope != want)
                continue;
            for (size_t k = 0; k < out->nyears; k++)
                apply_one(a, &out->years[k], &ov[i]);
        }
    }
}

/* ---- words for a person ---------------------------------------------------- */

static const char *area_words(enum rule_area a)
{
    return a == AREA_NATIONAL       ? "national"
           : a == AREA_OUTER_LONDON ? "outer London"
                                    : "inner London";
}

static const char *role_words(const struct rules_year *y, const char *id)
{
    const struct rule_role *r = role_row(y, id);
    return r ? r->name : id;
}

static const char *stream_words(const struct rules_year *y, const char *id)
{
    for (size_t i = 0; y && i < y->nstreams; i++)
        if (strcmp(y->streams[i].id, id) == 0)
            return y->streams[i].name;
    return id;
}

const char *layers_what(struct arena *a, const struct rules *nat, const struct rule_override *o)
{
    const struct rules_year *y = o->from != DATE_NONE ? rules_year(nat, fy_of(o->from)) : NULL;
    const char *x, *k2;
    enum rule_area area;
    switch (o->file) {
    case RF_MAXIMA:
        if (split_key(a, o->key, &x, &k2) && area_parse(k2, &area) == 0)
            return arena_printf(a, "%s: maximum reimbursable amount, %s", role_words(y, x),
                                area_words(area));
        break;
    case RF_RATES:
        if (split_key(a, o->key, &x, &k2))
            return arena_printf(a, "%s: rate per %s", stream_words(y, x), k2);
        break;
    case RF_ROLES:
        return arena_printf(a, "%s: share of the cost reimbursed",
                            o->name && *o->name ? o->name : role_words(y, o->key));
    default:
        break;
    }
    return arena_printf(a, "%s: %s", layers_file_name(o->file), o->key);
}

void layers_choices(struct arena *a, const struct rules_year *y, const char ***values,
                    const char ***labels, size_t *n)
{
    size_t cap = 4 * (y ? y->nroles + y->nrates : 0) + 1;
    const char **v = arena_alloc(a, cap * sizeof *v), **l = arena_alloc(a, cap * sizeof *l);
    size_t k = 0;
    for (size_t i = 0; y && i < y->nroles; i++)
        for (int ar = AREA_NATIONAL; ar <= AREA_INNER_LONDON; ar++) {
            v[k] = arena_printf(a, "arrs_maxima|%s/%s", y->roles[i].id,
                                rule_area_name((enum rule_area)ar));
            l[k++] = arena_printf(a, "%s: maximum reimbursable amount, %s", y->roles[i].name,
                                  area_words((enum rule_area)ar));
        }
    for (size_t i = 0; y && i < y->nrates; i++) {
        const struct rule_rate *t = &y->rates[i];
        if (t->alternative || t->per == PER_PERIOD || t->base == BASE_NONE)
            continue;
        const char *val = arena_printf(a, "stream_rates|%s/%s", t->stream, t->part);
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++)
            dup = strcmp(v[j], val) == 0;
        if (dup)
            continue;
        v[k] = val;
        l[k++] = arena_printf(a, "%s: rate per %s", stream_words(y, t->stream), t->part);
    }
    for (size_t i = 0; y && i < y->nroles; i++) {
        v[k] = arena_printf(a, "arrs_roles|%s", y->roles[i].id);
        l[k++] = arena_printf(a, "%s: share of the cost reimbursed", y->roles[i].name);
    }
    *values = v;
    *labels = l;
    *n = k;
}
