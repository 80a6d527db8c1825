/* cashflow.c: see cashflow.h. */
#include "cashflow.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

static const char *const state_words[] = {
    [CF_NOT_CLAIMED] = "not yet claimed", [CF_DRAFT] = "drafted", [CF_SUBMITTED] = "submitted",
    [CF_APPROVED] = "approved",           [CF_PAID] = "paid",
};

const char *cashflow_state_name(enum cashflow_state s)
{
    return (size_t)s < ARRAY_SIZE(state_words) ? state_words[s] : "?";
}

int cashflow_month_of(fy_t fy, date_t on)
{
    int y, mo, d;
    date_to_ymd(on, &y, &mo, &d);
    return (y * 12 + mo) - (fy * 12 + 4);
}

/* *acc += v, or PCN_ELIMIT. */
static int add(pence_t *acc, pence_t v, struct pcn_msg *m)
{
    if (money_add(*acc, v, acc))
        return msg_set(m, PCN_ELIMIT, "cash flow: an amount is too large to add up");
    return 0;
}

/* The other payments, moved on by their schedule. */
static int place_streams(const struct cashflow_in *in, struct cashflow *out, struct pcn_msg *m)
{
    int rc;
    for (size_t s = 0; s < in->nstreams; s++) {
        const struct cashflow_stream *st = &in->streams[s];
        bool placed_none = false;
        for (int i = 0; i < CASHFLOW_MONTHS; i++) {
            pence_t v = st->earned[i];
            if (!v)
                continue;
            if (!st->schedule || !st->schedule->known) {
                placed_none = true;
                if ((rc = add(&out->unplaced, v, m)))
                    return rc;
                continue;
            }
            int at = i + st->schedule->arrears;
            pence_t *to = at < CASHFLOW_MONTHS ? &out->m[at].streams_in : &out->after_streams;
            if ((rc = add(to, v, m)))
                return rc;
        }
        if (placed_none)
            out->nunplaced++;
    }
    return 0;
}

/* The posts: costs out in the month, reimbursement in when it arrives
 * (now: today's month index). */
static int place_posts(const struct cashflow_in *in, int now, struct cashflow *out,
                       struct pcn_msg *m)
{
    int rc;
    for (size_t k = 0; k < in->nitems; k++) {
        const struct cashflow_item *it = &in->items[k];
        if (it->month < 0 || it->month >= CASHFLOW_MONTHS)
            return msg_set(m, PCN_EINVAL, "cash flow: month %d of a post is not 0 to 11",
                           it->month);
        if (it->cost_known) {
            if ((rc = add(&out->m[it->month].costs_out, it->cost, m)))
                return rc;
        } else {
            out->costs_unknown++;
        }
        int at;
        pence_t v, *to;
        if (it->state == CF_PAID) {
            at = cashflow_month_of(in->fy, it->paid_on);
            v = it->amount >= 0 ? it->amount : it->claim;
            if (at < 0)
                at = 0; /* paid before the year began: an early payment, shown in April */
            to = at < CASHFLOW_MONTHS ? &out->m[at].arrs_paid : &out->after_arrs;
        } else {
            at = it->month + in->lag;
            if (at < now)
                at = now;
            if (at < 0)
                at = 0;
            bool claimed = it->state == CF_SUBMITTED || it->state == CF_APPROVED;
            if (claimed && it->amount >= 0) {
                v = it->amount;
            } else if (it->claim_known) {
                v = it->claim;
            } else {
                out->claims_unknown++;
                continue;
            }
            to = at >= CASHFLOW_MONTHS ? &out->after_arrs
                 : claimed             ? &out->m[at].arrs_expected
                                       : &out->m[at].arrs_projected;
        }
        if ((rc = add(to, v, m)))
            return rc;
    }
    return 0;
}

/* Running balances, and the month each is lowest. */
static int balances(struct cashflow *out, struct pcn_msg *m)
{
    int rc;
    pence_t arrs = 0, all = 0;
    for (int i = 0; i < CASHFLOW_MONTHS; i++) {
        struct cashflow_month *c = &out->m[i];
        if ((rc = add(&c->arrs_in, c->arrs_paid, m)) ||
            (rc = add(&c->arrs_in, c->arrs_expected, m)) ||
            (rc = add(&c->arrs_in, c->arrs_projected, m)))
            return rc;
        c->arrs_net = c->arrs_in - c->costs_out;
        if ((rc = add(&arrs, c->arrs_net, m)) || (rc = add(&all, c->arrs_net, m)) ||
            (rc = add(&all, c->streams_in, m)) || (rc = add(&out->streams_in, c->streams_in, m)) ||
            (rc = add(&out->arrs_in, c->arrs_in, m)) ||
            (rc = add(&out->costs_out, c->costs_out, m)))
            return rc;
        c->arrs_balance = arrs;
        c->balance = all;
        if (arrs < 0 && -arrs > out->gap) {
            out->gap = -arrs;
            out->widest = i;
        }
        if (all < 0 && -all > out->gap_all) {
            out->gap_all = -all;
            out->widest_all = i;
        }
    }
    return 0;
}

int cashflow_compute(const struct cashflow_in *in, struct cashflow *out, struct pcn_msg *m)
{
    memset(out, 0, sizeof *out);
    out->fy = in->fy;
    out->lag = in->lag;
    out->widest = out->widest_all = -1;
    if (in->lag < 0 || in->lag > 12)
        return msg_set(m, PCN_EINVAL, "cash flow: a lag of %d months is not from 0 to 12", in->lag);
    int now = cashflow_month_of(in->fy, in->today); /* today's month index */
    for (int i = 0; i < CASHFLOW_MONTHS; i++) {
        int mo = 4 + i;
        out->m[i].year = in->fy + (mo > 12);
        out->m[i].month = mo > 12 ? mo - 12 : mo;
        out->m[i].past = i < now;
    }
    int rc;
    if ((rc = place_streams(in, out, m)) || (rc = place_posts(in, now, out, m)))
        return rc;
    return balances(out, m);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

size_t cashflow_observed_lag(const struct cashflow_paid *paid, size_t n, int *scratch, int *lag)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (paid[i].paid_on == DATE_NONE)
            continue;
        int y, mo, d;
        date_to_ymd(paid[i].paid_on, &y, &mo, &d);
        int months = (y * 12 + mo) - (paid[i].year * 12 + paid[i].month);
        scratch[k++] = months < 0 ? 0 : months > 12 ? 12 : months;
    }
    if (!k)
        return 0;
    qsort(scratch, k, sizeof *scratch, cmp_int);
    *lag = scratch[k / 2];
    return k;
}
