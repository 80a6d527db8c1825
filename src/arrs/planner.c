#include "common.h"
#include "planner.h"

#define MAX_VALUE 2000000
#define NONE_COST INT64_MAX

/* One option of an item: a value, its cost, and what it means. */
struct option {
    int64_t value;
    pence_t cost;
    int32_t ref; /* for a post: wte steps * 16 + start; for a group: value in the group table */
};

struct item {
    struct option *opts;
    size_t nopts;
    size_t *posts; /* the posts it stands for */
    size_t nposts;
    bool group;
    /* a group's own table, to decode its options */
    int64_t gmax;   /* values 0..gmax */
    int64_t gcap;   /* WTE steps allowed */
    pence_t *gcost; /* [(gmax+1) * (gcap+1)] */
    int32_t *gpick; /* option of the last post at each cell */
};

pence_t plan_cost(pence_t claim_per_wte_month, int64_t wte_e4, int months)
{
    return money_div_round(claim_per_wte_month * wte_e4 * months, WTE_WHOLE, ROUND_HALF_UP);
}

/* The options of one post: left out, or each WTE step and start month. */
static void post_options(struct arena *a, const struct plan_post *p, struct option **out, size_t *n)
{
    int64_t lo = p->min_wte_e4 / PLAN_STEP_E4, hi = p->max_wte_e4 / PLAN_STEP_E4;
    size_t cap = 1 + (size_t)(hi - lo + 1) * (size_t)(12 - p->earliest);
    struct option *o = arena_alloc(a, cap * sizeof *o);
    size_t k = 0;
    o[k++] = (struct option){0, 0, 0};
    for (int64_t s = lo; s <= hi; s++)
        for (int start = p->earliest; start < 12; start++) {
            int months = 12 - start;
            o[k++] = (struct option){p->weight * s * months,
                                     plan_cost(p->claim_per_wte_month, s * PLAN_STEP_E4, months),
                                     (int32_t)(s * 16 + start)};
        }
    *out = o;
    *n = k;
}

static int64_t post_max_value(const struct plan_post *p)
{
    return (int64_t)p->weight * (p->max_wte_e4 / PLAN_STEP_E4) * (12 - p->earliest);
}

/* Solves a capped role's posts together: for each (value, WTE steps) the
 * cheapest way, then the item's options are, for each value, the cheapest
 * within the cap. */
static void group_item(struct arena *a, const struct plan_post *posts, const size_t *idx, size_t n,
                       int64_t cap_steps, struct item *it)
{
    int64_t vmax = 0;
    for (size_t i = 0; i < n; i++)
        vmax += post_max_value(&posts[idx[i]]);
    size_t W = (size_t)cap_steps + 1, V = (size_t)vmax + 1;
    pence_t *cur = arena_alloc(a, V * W * sizeof *cur);
    int32_t *pick = arena_alloc(a, n * V * W * sizeof *pick);
    for (size_t c = 0; c < V * W; c++)
        cur[c] = NONE_COST;
    cur[0] = 0;
    pence_t *next = arena_alloc(a, V * W * sizeof *next);
    for (size_t i = 0; i < n; i++) {
        struct option *o;
        size_t no;
        post_options(a, &posts[idx[i]], &o, &no);
        for (size_t c = 0; c < V * W; c++)
            next[c] = NONE_COST;
        for (size_t v = 0; v < V; v++)
            for (size_t w = 0; w < W; w++) {
                pence_t base = cur[v * W + w];
                if (base == NONE_COST)
                    continue;
                for (size_t k = 0; k < no; k++) {
                    size_t steps = (size_t)(o[k].ref / 16);
                    size_t nv = v + (size_t)o[k].value, nw = w + steps;
                    if (nw >= W || nv >= V)
                        continue;
                    pence_t cst = base + o[k].cost;
                    if (cst < next[nv * W + nw]) {
                        next[nv * W + nw] = cst;
                        pick[(i * V + nv) * W + nw] = (int32_t)k;
                    }
                }
            }
        pence_t *t = cur;
        cur = next;
        next = t;
    }
    it->group = true;
    it->gmax = vmax;
    it->gcap = cap_steps;
    it->gcost = cur;
    it->gpick = pick;
    it->opts = arena_alloc(a, V * sizeof *it->opts);
    it->nopts = 0;
    for (size_t v = 0; v < V; v++) {
        pence_t best = NONE_COST;
        int32_t bw = 0;
        for (size_t w = 0; w < W; w++)
            if (cur[v * W + w] < best) {
                best = cur[v * W + w];
                bw = (int32_t)w;
            }
        if (best != NONE_COST)
            it->opts[it->nopts++] = (struct option){(int64_t)v, best,
                                                    (int32_t)(v * W + (size_t)bw)};
    }
}

/* Decodes a post's option into its choice. */
static void decode_post(const struct plan_post *p, const struct option *o, struct plan_choice *c)
{
    memset(c, 0, sizeof *c);
    if (o->ref == 0 && o->value == 0 && o->cost == 0) {
        c->start = p->earliest;
        return;
    }
    c->wte_e4 = (int64_t)(o->ref / 16) * PLAN_STEP_E4;
    c->start = o->ref % 16;
    c->months = 12 - c->start;
    c->cost = o->cost;
    c->value = o->value;
}

static void decode_group(struct arena *a, const struct plan_post *posts, const struct item *it,
                         int32_t cell, struct plan_choice *choices)
{
    size_t W = (size_t)it->gcap + 1, V = (size_t)it->gmax + 1;
    size_t v = (size_t)cell / W, w = (size_t)cell % W;
    for (size_t i = it->nposts; i-- > 0;) {
        const struct plan_post *p = &posts[it->posts[i]];
        struct option *o;
        size_t no;
        post_options(a, p, &o, &no);
        const struct option *pk = &o[it->gpick[(i * V + v) * W + w]];
        decode_post(p, pk, &choices[it->posts[i]]);
        v -= (size_t)pk->value;
        w -= (size_t)(pk->ref / 16);
    }
}

static int check_posts(const struct plan_post *posts, size_t n, struct pcn_msg *m)
{
    if (n > PLAN_MAX_POSTS)
        return msg_set(m, PCN_ELIMIT, "more than %d posts to plan", PLAN_MAX_POSTS);
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const struct plan_post *p = &posts[i];
        if (p->min_wte_e4 < PLAN_STEP_E4 || p->max_wte_e4 > WTE_WHOLE ||
            p->min_wte_e4 > p->max_wte_e4 || p->min_wte_e4 % PLAN_STEP_E4 ||
            p->max_wte_e4 % PLAN_STEP_E4)
            return msg_set(m, PCN_EINVAL,
                           "post %zu (%s): WTE from 0.1 to 1.0 in steps of 0.1, minimum not above "
                           "maximum",
                           i + 1, p->name);
        if (p->weight < 1 || p->weight > 100)
            return msg_set(m, PCN_EINVAL, "post %zu (%s): a priority weight from 1 to 100", i + 1,
                           p->name);
        if (p->earliest < 0 || p->earliest > 11)
            return msg_set(m, PCN_EINVAL, "post %zu (%s): the earliest start must be in the year",
                           i + 1, p->name);
        if (p->claim_per_wte_month <= 0)
            return msg_set(m, PCN_EINVAL, "post %zu (%s): no claim per WTE to plan with", i + 1,
                           p->name);
        total += post_max_value(p);
    }
    if (total > MAX_VALUE)
        return msg_set(m, PCN_ELIMIT, "too many posts, hours and weights to plan at once");
    return 0;
}

int plan_solve(const struct plan_post *posts, size_t n, const struct plan_cap *caps, size_t ncaps,
               pence_t budget, struct arena *a, struct plan *best, struct plan *alts,
               size_t max_alts, size_t *nalts, struct pcn_msg *m)
{
    int rc = check_posts(posts, n, m);
    if (rc)
        return rc;
    *nalts = 0;

    /* Items: each uncapped post alone; each capped role's posts together. */
    struct item *items = arena_zalloc(a, (n + 1) * sizeof *items);
    size_t nitems = 0;
    bool *done = arena_zalloc(a, (n + 1) * sizeof *done);
    for (size_t c = 0; c < ncaps; c++) {
        size_t *idx = arena_alloc(a, (n + 1) * sizeof *idx), k = 0;
        for (size_t i = 0; i < n; i++)
            if (!done[i] && strcmp(posts[i].role, caps[c].role) == 0) {
                idx[k++] = i;
                done[i] = true;
            }
        if (!k)
            continue;
        int64_t left = caps[c].max_wte_e4 - caps[c].used_wte_e4;
        struct item *it = &items[nitems++];
        it->posts = idx;
        it->nposts = k;
        group_item(a, posts, idx, k, left > 0 ? left / PLAN_STEP_E4 : 0, it);
    }
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        struct item *it = &items[nitems++];
        it->posts = arena_alloc(a, sizeof *it->posts);
        it->posts[0] = i;
        it->nposts = 1;
        post_options(a, &posts[i], &it->opts, &it->nopts);
    }

    /* Main table over value: the cheapest cost of each value. */
    int64_t vmax = 0;
    for (size_t i = 0; i < n; i++)
        vmax += post_max_value(&posts[i]);
    size_t V = (size_t)vmax + 1;
    pence_t *cur = arena_alloc(a, V * sizeof *cur), *next = arena_alloc(a, V * sizeof *next);
    int32_t *pick = arena_alloc(a, (nitems ? nitems : 1) * V * sizeof *pick);
    for (size_t v = 0; v < V; v++)
        cur[v] = NONE_COST;
    cur[0] = 0;
    for (size_t i = 0; i < nitems; i++) {
        for (size_t v = 0; v < V; v++)
            next[v] = NONE_COST;
        const struct item *it = &items[i];
        for (size_t v = 0; v < V; v++) {
            if (cur[v] == NONE_COST)
                continue;
            for (size_t k = 0; k < it->nopts; k++) {
                size_t nv = v + (size_t)it->opts[k].value;
                pence_t cst = cur[v] + it->opts[k].cost;
                if (nv < V && cst < next[nv]) {
                    next[nv] = cst;
                    pick[i * V + nv] = (int32_t)k;
                }
            }
        }
        pence_t *t = cur;
        cur = next;
        next = t;
    }

    /* The best values that fit, highest first.  With no headroom (an
     * overspend) only the empty plan fits. */
    if (budget < 0)
        budget = 0;
    size_t want = 1 + max_alts, found = 0;
    for (size_t v = V; v-- > 0 && found < want;) {
        if (cur[v] == NONE_COST || cur[v] > budget)
            continue;
        struct plan *p = found == 0 ? best : &alts[found - 1];
        p->value = (int64_t)v;
        p->cost = cur[v];
        p->choices = arena_zalloc(a, (n + 1) * sizeof *p->choices);
        size_t vv = v;
        for (size_t i = nitems; i-- > 0;) {
            const struct item *it = &items[i];
            const struct option *o = &it->opts[pick[i * V + vv]];
            if (it->group)
                decode_group(a, posts, it, o->ref, p->choices);
            else
                decode_post(&posts[it->posts[0]], o, &p->choices[it->posts[0]]);
            vv -= (size_t)o->value;
        }
        found++;
    }
    if (found == 0)
        BUG("planner: the empty plan always fits");
    *nalts = found - 1;
    return 0;
}
