#include "common.h"
#include "deskfund.h"
#include "buf.h"
#include "deskinput.h"
#include "money.h"

/* The weekly rate on d as a fraction num/den of mmin; false when not known. */
struct rate {
    bool known;
    int64_t num, den;
    const void *key; /* the override or rule it came from */
    enum confidence conf;
};

static const struct desk_override *override_on(const struct desk_funding *f, date_t d)
{
    const struct desk_override *ov = NULL;
    for (size_t i = 0; i < f->noverrides; i++)
        if (f->overrides[i].from <= d)
            ov = &f->overrides[i];
    return ov;
}

static const struct desk_cd_rule *rule_on(const struct desk_funding *f, date_t d, bool *carried)
{
    const struct desk_cd_rule *before = NULL;
    *carried = false;
    for (size_t i = 0; i < f->nrules; i++) {
        if (f->rules[i].from <= d && d <= f->rules[i].to)
            return &f->rules[i];
        if (f->rules[i].to < d && (!before || f->rules[i].to > before->to))
            before = &f->rules[i];
    }
    if (before) {
        *carried = true;
        return before;
    }
    if (f->nrules) {
        *carried = true;
        return &f->rules[0];
    }
    return NULL;
}

static int rate_on(const struct desk_funding *f, date_t d, struct rate *r, struct desk_funded *fd,
                   struct pcn_msg *m)
{
    struct desk_funded tmp;
    if (!fd)
        fd = &tmp;
    memset(fd, 0, sizeof *fd);
    memset(r, 0, sizeof *r);
    fd->conf = CONF_NONE;
    const struct desk_override *ov = override_on(f, d);
    if (ov && ov->minutes_per_week >= 0) {
        fd->known = true;
        fd->is_override = true;
        fd->ov = ov;
        fd->mmin_per_week = ov->minutes_per_week * 1000;
        *r = (struct rate){true, ov->minutes_per_week * 1000, 1, ov, CONF_NONE};
        return 0;
    }
    bool carried;
    const struct desk_cd_rule *rule = rule_on(f, d, &carried);
    fd->rule = rule;
    fd->carried = carried;
    if (!rule) {
        fd->why = "there is no rules row for clinical director time";
        return 0;
    }
    fd->conf = rule->conf;
    if (f->patients < 0) {
        fd->why = "the PCN's registered patients are not known (no list sizes loaded)";
        return 0;
    }
    int64_t num, den;
    if (money_mul(rule->wte, f->patients, &num) || money_mul(num, rule->minutes_per_wte, &num) ||
        money_mul(num, 1000, &num) || money_mul(WTE_WHOLE, rule->per_patients, &den) || den <= 0)
        return msg_set(m, PCN_ELIMIT, "funded time: the figures are too large");
    fd->known = true;
    fd->mmin_per_week = money_div_round(num, den, ROUND_HALF_UP);
    *r = (struct rate){true, num, den, rule, rule->conf};
    return 0;
}

int desk_funded_on(const struct desk_funding *f, date_t d, struct desk_funded *out,
                   struct pcn_msg *m)
{
    struct rate r;
    return rate_on(f, d, &r, out, m);
}

int desk_funded_between(const struct desk_funding *f, date_t from, date_t to, int64_t *mmin,
                        bool *known, enum confidence *conf, struct pcn_msg *m)
{
    int64_t sum = 0;
    bool all = true;
    enum confidence weakest = CONF_NONE;
    date_t d = from;
    while (d <= to) {
        struct rate r;
        int rc = rate_on(f, d, &r, NULL, m);
        if (rc)
            return rc;
        /* The stretch of days with the same rate. */
        date_t e = d;
        while (e + 1 <= to) {
            struct rate r2;
            if ((rc = rate_on(f, e + 1, &r2, NULL, m)))
                return rc;
            if (r2.known != r.known || r2.key != r.key || r2.num != r.num || r2.den != r.den)
                break;
            e++;
        }
        if (!r.known) {
            all = false;
        } else {
            int64_t num, den, part;
            if (money_mul(r.num, (int64_t)(e - d + 1), &num) || money_mul(r.den, 7, &den))
                return msg_set(m, PCN_ELIMIT, "funded time: the figures are too large");
            part = money_div_round(num, den, ROUND_HALF_UP);
            if (money_add(sum, part, &sum))
                return msg_set(m, PCN_ELIMIT, "funded time: the figures are too large");
            weakest = conf_weakest(weakest, r.conf);
        }
        d = e + 1;
    }
    *mmin = sum;
    *known = all;
    if (conf)
        *conf = weakest;
    return 0;
}

const struct desk_cd_rule *desk_cd_rule_on(const struct desk_funding *f, date_t d)
{
    bool carried;
    return rule_on(f, d, &carried);
}

const char *desk_cd_rule_words(struct arena *a, const struct desk_cd_rule *r)
{
    if (!r)
        return "no figure in the rules";
    struct buf b;
    buf_init(&b, 256);
    fixed_add(&b, r->wte, 4, 2, false);
    BUF_LIT(&b, " WTE per ");
    fixed_add(&b, r->per_patients, 0, 0, true);
    BUF_LIT(&b, " registered patients, at ");
    int64_t min = r->minutes_per_wte;
    if ((min * 100) % 60 == 0) {
        fixed_add(&b, min * 100 / 60, 2, 0, false);
        BUF_LIT(&b, " hours");
    } else {
        buf_printf(&b, "%" PRId64 " hours %" PRId64 " minutes", min / 60, min % 60);
    }
    BUF_LIT(&b, " a week for one WTE");
    const char *out = arena_strdup(a, b.buf ? b.buf : "");
    buf_release(&b);
    return out;
}

void desk_funded_trail(const struct desk_funding *f, const struct desk_funded *fd, struct trail *t)
{
    struct buf b;
    buf_init(&b, 1024);
    if (fd->is_override) {
        BUF_LIT(&b, "Set for this PCN from ");
        date_add_uk(&b, fd->ov->from);
        BUF_LIT(&b, ": ");
        desk_add_hours(&b, fd->mmin_per_week);
        BUF_LIT(&b, " hours a week");
        if (fd->ov->note && *fd->ov->note)
            buf_printf(&b, " (%s)", fd->ov->note);
        trail_add(t, "cd_time.override", TRAIL_COUNT, fd->mmin_per_week / 1000, NULL, CONF_NONE,
                  b.buf);
        buf_release(&b);
        return;
    }
    if (f->patients >= 0) {
        BUF_LIT(&b, "Registered patients: ");
        buf_add_i64(&b, f->patients, true);
        if (f->patients_date != DATE_NONE) {
            BUF_LIT(&b, " on ");
            date_add_uk(&b, f->patients_date);
        }
        trail_add(t, "cd_time.patients", TRAIL_COUNT, f->patients, NULL, CONF_NONE, b.buf);
    } else {
        trail_add(t, "cd_time.patients", TRAIL_NONE, 0, NULL, CONF_NONE,
                  "Registered patients: not known (no list sizes loaded)");
    }
    const struct desk_cd_rule *r = fd->rule;
    if (!r) {
        trail_add(t, "cd_time.rule", TRAIL_NONE, 0, NULL, CONF_NONE,
                  "No rules row for clinical director time (rules/YEAR/cd_time.csv)");
        buf_release(&b);
        return;
    }
    buf_reset(&b);
    fixed_add(&b, r->wte, 4, 2, false);
    BUF_LIT(&b, " WTE per ");
    buf_add_i64(&b, r->per_patients, true);
    BUF_LIT(&b, " registered patients, at ");
    fixed_add(&b, r->minutes_per_wte * 100 / 60, 2, 1, false);
    BUF_LIT(&b, " hours a week per WTE");
    if (fd->carried) {
        char fy[8];
        fy_format(r->fy, fy);
        buf_printf(&b, " (the %s figure, carried to this date: no later year has one)", fy);
    }
    trail_add(t, "cd_time.rule", TRAIL_NONE, 0, r->cite, r->conf, b.buf);
    if (fd->known) {
        buf_reset(&b);
        fixed_add(&b, r->wte, 4, 2, false);
        BUF_LIT(&b, " \xC3\x97 ");
        buf_add_i64(&b, f->patients, true);
        BUF_LIT(&b, " \xC3\xB7 ");
        buf_add_i64(&b, r->per_patients, true);
        BUF_LIT(&b, " \xC3\x97 ");
        fixed_add(&b, r->minutes_per_wte * 100 / 60, 2, 1, false);
        BUF_LIT(&b, " hours = ");
        desk_add_hours(&b, fd->mmin_per_week);
        BUF_LIT(&b, " hours a week");
        trail_add(t, "cd_time.funded", TRAIL_COUNT, fd->mmin_per_week / 1000, NULL, CONF_NONE,
                  b.buf);
    }
    buf_release(&b);
}
