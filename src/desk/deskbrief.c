#include "common.h"
#include "deskbrief.h"
#include "buf.h"
#include "deskdb.h"
#include "deskrules.h"
#include "deskview.h"
#include "entitle.h"
#include "funding.h"
#include "iifdata.h"
#include "nbhd.h"
#include "rules.h"
#include "staff.h"

const char *deskbrief_audience_label(const char *audience)
{
    if (audience && strcmp(audience, "mp") == 0)
        return "an MP";
    if (audience && strcmp(audience, "icb") == 0)
        return "the ICB";
    if (audience && strcmp(audience, "int") == 0)
        return "the integrated neighbourhood team's board";
    return "partners";
}

static int64_t wte_on(const struct staff *s, date_t d)
{
    int64_t w = 0;
    for (size_t i = 0; i < s->nterms; i++)
        if (s->terms[i].from <= d)
            w = s->terms[i].wte_e4;
    return w;
}

static void workforce(struct db *db, const struct rules *r, const char *pcn, date_t today,
                      struct arena *a, struct desk_brief *b)
{
    struct staff *posts;
    size_t n;
    struct pcn_msg m = {0};
    if (staff_list(db, pcn, today, a, &posts, &n, &m)) {
        fprintf(stderr, "pcnops: brief: %s\n", m.text);
        return;
    }
    const struct rules_year *y = NULL;
    for (size_t i = 0; i < r->nyears; i++)
        if (fy_start(r->years[i].fy) <= today)
            y = &r->years[i];
    b->roles = ARENA_ARRAY(a, struct brief_role, n + 1);
    for (size_t i = 0; i < n; i++) {
        if (posts[i].start > today || (posts[i].end != DATE_NONE && posts[i].end < today))
            continue;
        size_t k;
        for (k = 0; k < b->nroles; k++)
            if (strcmp(b->roles[k].role, posts[i].role) == 0)
                break;
        if (k == b->nroles) {
            const char *name = posts[i].role;
            for (size_t j = 0; y && j < y->nroles; j++)
                if (strcmp(y->roles[j].id, posts[i].role) == 0)
                    name = y->roles[j].name;
            b->roles[b->nroles++] = (struct brief_role){posts[i].role, name, 0, 0};
        }
        int64_t w = wte_on(&posts[i], today);
        b->roles[k].posts++;
        b->roles[k].wte_e4 += w;
        b->posts++;
        b->wte_e4 += w;
    }
}

static void funding(struct db *db, const struct rules *r, const char *pcn, date_t today,
                    struct arena *a, struct desk_brief *b)
{
    struct ent_input in;
    struct ent_result res;
    struct pcn_msg m = {0};
    const struct rules_year *y = NULL;
    for (size_t i = 0; i < r->nyears; i++)
        if (fy_start(r->years[i].fy) <= today && r->years[i].nerrors == 0)
            y = &r->years[i];
    if (!y) {
        b->funding_why = "the rules have no year to calculate it for";
        return;
    }
    b->funding_fy = y->fy;
    if (funding_compute(db, r, pcn, y->fy, a, &in, &res, &m)) {
        b->funding_why = arena_strdup(a, m.text);
        return;
    }
    if (res.registered <= 0) {
        b->funding_why = "the registered list is not known";
        return;
    }
    b->funding_known = true;
    b->funding_total = res.total;
    b->funding_patients = res.registered;
    b->per_patient = money_div_round(res.total, res.registered, ROUND_HALF_UP);
    b->funding_estimate = res.estimate;
    b->funding_conf = res.conf;
}

static void iif_position(struct db *db, const struct rules *r, const char *pcn, date_t today,
                         struct arena *a, struct desk_brief *b)
{
    struct iif_pcn p;
    struct pcn_msg m = {0};
    const struct rules_year *y = NULL;
    for (size_t i = 0; i < r->nyears; i++)
        if (fy_start(r->years[i].fy) <= today && r->years[i].nerrors == 0 && r->years[i].niif)
            y = &r->years[i];
    if (!y || iifdata_pcn(db, r, pcn, y->fy, DATE_NONE, a, &p, &m) || p.ndata == 0 ||
        iif_compute(y, &p.in, a, &b->iif, &m))
        return;
    b->iif_fy = y->fy;
    for (size_t i = 0; i < b->iif.nind; i++)
        b->iif_with_data += b->iif.ind[i].has_data;
    b->iif_known = b->iif_with_data > 0;
}

/* The neighbourhood for an INT board: a data file that cannot be read is
 * said in the brief, not an error. */
static int neighbourhood(struct db *db, const struct deskrules *dr, const char *pcn, date_t today,
                         struct arena *a, struct desk_brief *b, struct pcn_msg *m)
{
    struct nbhd_list comps = {0}, contracts = {0};
    struct nbhd_partner *p;
    struct nbhd_contract *k;
    struct pcn_msg fm = {0};
    size_t nk;
    const char *dir = dr && dr->dir ? dr->dir : "rules";
    if (nbhd_items_load(nbhd_data_path(a, dir, "components.csv"), a, &comps, &fm) ||
        nbhd_items_load(nbhd_data_path(a, dir, "contracts.csv"), a, &contracts, &fm))
        b->nbhd_problem = arena_strdup(a, fm.text);
    b->nbhd = true;
    int rc = nbhd_components(db, pcn, &comps, a, &b->components, &b->ncomponents, m);
    if (!rc)
        rc = nbhd_partners(db, pcn, a, &p, &b->npartners, m);
    if (!rc)
        rc = nbhd_contracts(db, pcn, &contracts, a, &k, &nk, m);
    if (!rc)
        b->contract = nbhd_contract_on(k, nk, today);
    return rc;
}

int deskbrief_build(struct db *db, const struct rules *r, const struct deskrules *dr,
                    const char *pcn, date_t today, const char *audience, date_t meeting,
                    struct arena *a, struct desk_brief *out, struct pcn_msg *m)
{
    struct desk_funding f;
    struct desk_activity *acts;
    struct desk_request *reqs;
    struct desk_engagement *g;
    size_t nacts, nreqs, ng;
    int rc;

    memset(out, 0, sizeof *out);
    out->pcn = pcn;
    out->on = today;
    out->meeting = meeting;
    out->audience = audience && (strcmp(audience, "mp") == 0 || strcmp(audience, "icb") == 0 ||
                                 strcmp(audience, "int") == 0)
                        ? audience
                        : "other";
    if ((rc = deskdb_check_pcn(db, pcn, m)) || (rc = registry_pcn(db, pcn, today, a, &out->reg, m)))
        return rc;
    if (strcmp(out->audience, "int") == 0 && (rc = neighbourhood(db, dr, pcn, today, a, out, m)))
        return rc;
    /* growth: the latest list size against the one about a year before */
    const struct pcn_detail *d = &out->reg;
    if (d->ntrend >= 2) {
        size_t last = d->ntrend - 1, base = 0;
        for (size_t i = 0; i < last; i++)
            if (d->trend_dates[i] <= d->trend_dates[last] - 365)
                base = i;
        out->growth_known = true;
        out->growth_from = d->trend_dates[base];
        out->growth_from_patients = d->trend_totals[base];
        out->growth = d->trend_totals[last] - d->trend_totals[base];
    }
    workforce(db, r, pcn, today, a, out);
    funding(db, r, pcn, today, a, out);
    iif_position(db, r, pcn, today, a, out);

    date_t to = today, from = desk_week_start(today) - 7 * (BRIEF_WEEKS - 1);
    if ((rc = deskdb_funding(db, dr, pcn, to, a, &f, m)) ||
        (rc = desk_funded_on(&f, to, &out->funded, m)) ||
        (rc = deskdb_activities(db, pcn, from, to, a, &acts, &nacts, m)) ||
        (rc = desk_summarise(acts, nacts, from, to, &f, a, &out->time, m)) ||
        (rc = deskdb_requests(db, pcn, a, &reqs, &nreqs, m)))
        return rc;
    for (size_t i = 0; i < out->time.nweeks; i++)
        out->weeks_over += out->time.weeks[i].over_funded;
    if ((rc = desk_report_build(reqs, nreqs, from, to,
                                out->time.funded_known ? out->time.funded_mmin : -1,
                                out->time.funded_conf, out->time.t.total, a, &out->requests, m)))
        return rc;
    if ((rc = deskdb_engagements(db, pcn, today, a, &g, &ng, m)))
        return rc;
    out->asks = ARENA_ARRAY(a, struct desk_engagement, BRIEF_ASKS_MAX);
    /* newest first */
    for (size_t pass = 0; pass < ng && out->nasks < BRIEF_ASKS_MAX; pass++) {
        const struct desk_engagement *best = NULL;
        for (size_t i = 0; i < ng; i++) {
            if (!*g[i].asks || g[i].date < today - BRIEF_ASK_DAYS || g[i].date > today)
                continue;
            bool taken = false;
            for (size_t k = 0; k < out->nasks; k++)
                taken |= out->asks[k].id == g[i].id;
            if (!taken && (!best || g[i].date > best->date ||
                           (g[i].date == best->date && g[i].id > best->id)))
                best = &g[i];
        }
        if (!best)
            break;
        out->asks[out->nasks++] = *best;
    }
    return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *conf_json(enum confidence c)
{
    return c == CONF_NONE ? json_null() : json_string(conf_name(c));
}

json_t *deskbrief_json(const struct desk_brief *b)
{
    const struct pcn_detail *d = &b->reg;
    json_t *practices = json_array(), *trend = json_array(), *roles = json_array(),
           *asks = json_array();
    for (size_t i = 0; i < d->npractices; i++)
        json_array_append_new(practices,
                              json_pack("{s:s,s:s,s:o}", "code", d->practices[i].code, "name",
                                        d->practices[i].name ? d->practices[i].name : "",
                                        "registered_patients",
                                        d->practices[i].registered_patients >= 0
                                            ? json_integer(d->practices[i].registered_patients)
                                            : json_null()));
    for (size_t i = 0; i < d->ntrend; i++)
        json_array_append_new(trend,
                              json_pack("{s:o,s:I}", "date", deskview_date(d->trend_dates[i]),
                                        "registered_patients", (json_int_t)d->trend_totals[i]));
    for (size_t i = 0; i < b->nroles; i++)
        json_array_append_new(roles,
                              json_pack("{s:s,s:s,s:I,s:I}", "role", b->roles[i].role, "name",
                                        b->roles[i].name, "posts", (json_int_t)b->roles[i].posts,
                                        "wte_e4", (json_int_t)b->roles[i].wte_e4));
    for (size_t i = 0; i < b->nasks; i++)
        json_array_append_new(
            asks, json_pack("{s:o,s:s,s:s}", "date", deskview_date(b->asks[i].date), "with",
                            b->asks[i].stakeholder_name, "asks", b->asks[i].asks));
    char fy[8] = "";
    if (b->funding_known)
        fy_format(b->funding_fy, fy);
    json_t *j = json_pack("{s:s,s:s,s:o,s:o,s:s,s:o}", "pcn", b->pcn, "name",
                          d->pcn.name ? d->pcn.name : b->pcn, "on", deskview_date(b->on), "meeting",
                          deskview_date(b->meeting), "audience", b->audience, "icb",
                          d->icb.code ? json_pack("{s:s,s:s}", "code", d->icb.code, "name",
                                                  d->icb.name ? d->icb.name : "")
                                      : json_null());
    json_object_set_new(
        j, "population",
        json_pack("{s:o,s:o,s:o,s:o,s:o}", "registered_patients",
                  d->registered_patients >= 0 ? json_integer(d->registered_patients) : json_null(),
                  "list_size_date", deskview_date(d->list_size_date), "growth_from",
                  deskview_date(b->growth_known ? b->growth_from : DATE_NONE),
                  "growth_from_patients",
                  b->growth_known ? json_integer(b->growth_from_patients) : json_null(), "growth",
                  b->growth_known ? json_integer(b->growth) : json_null()));
    json_object_set_new(j, "list_sizes", trend);
    json_object_set_new(j, "practices", practices);
    json_object_set_new(j, "workforce",
                        json_pack("{s:b,s:I,s:I,s:o}", "recorded", b->posts > 0, "arrs_posts",
                                  (json_int_t)b->posts, "arrs_wte_e4", (json_int_t)b->wte_e4,
                                  "by_role", roles));
    json_object_set_new(
        j, "funding",
        b->funding_known ? json_pack("{s:b,s:s,s:I,s:I,s:I,s:b,s:o}", "calculated", 1, "year", fy,
                                     "payments_pence", (json_int_t)b->funding_total,
                                     "registered_patients", (json_int_t)b->funding_patients,
                                     "per_patient_pence", (json_int_t)b->per_patient, "estimate",
                                     b->funding_estimate, "confidence", conf_json(b->funding_conf))
                         : json_pack("{s:b,s:s}", "calculated", 0, "why",
                                     b->funding_why ? b->funding_why : "not calculated"));
    if (b->iif_known) {
        char iy[8];
        fy_format(b->iif_fy, iy);
        json_t *inds = json_array();
        for (size_t i = 0; i < b->iif.nind; i++) {
            const struct iif_result_ind *x = &b->iif.ind[i];
            json_array_append_new(
                inds,
                json_pack("{s:s,s:s,s:o,s:o}", "code", x->code, "status",
                          iif_status_name(x->status), "achievement_bp",
                          x->has_achievement ? json_integer(x->achievement_bp) : json_null(),
                          "points_e3", x->has_points ? json_integer(x->points) : json_null()));
        }
        json_object_set_new(j, "iif",
                            json_pack("{s:b,s:s,s:I,s:I,s:I,s:I,s:o,s:o}", "recorded", 1, "year",
                                      iy, "indicators", (json_int_t)b->iif.nind, "with_figures",
                                      (json_int_t)b->iif_with_data, "points_e3",
                                      (json_int_t)b->iif.points, "payment_pence",
                                      (json_int_t)b->iif.payment, "confidence",
                                      conf_json(b->iif.conf), "by_indicator", inds));
    } else {
        json_object_set_new(
            j, "iif",
            json_pack("{s:b,s:s}", "recorded", 0, "why", "no IIF figures for the PCN in PCN Ops"));
    }
    json_object_set_new(j, "cd_time", deskview_summary(b->pcn, &b->time, &b->funded));
    json_object_set_new(j, "weeks_over_funded_time", json_integer(b->weeks_over));
    json_object_set_new(j, "requests", deskview_report(b->pcn, &b->requests));
    json_object_set_new(j, "main_asks", asks);
    if (b->nbhd) {
        json_t *comps = json_array();
        for (size_t i = 0; i < b->ncomponents; i++)
            json_array_append_new(comps, nbhd_component_json(&b->components[i]));
        json_object_set_new(
            j, "neighbourhood",
            json_pack("{s:o,s:I,s:o,s:o}", "components", comps, "partners",
                      (json_int_t)b->npartners, "contract_today",
                      b->contract ? nbhd_contract_json(b->contract) : json_null(), "problem",
                      b->nbhd_problem ? json_string(b->nbhd_problem) : json_null()));
    }
    return j;
}

/* ---- sheets -------------------------------------------------------------- */

/* Minutes as hours in the WTE cell's scale (4 decimals), rounded half up. */
static int64_t hours_e4(int64_t minutes)
{
    return money_div_round(minutes * 10000, 60, ROUND_HALF_UP);
}

/* The About sheet's kinds of figure: COUNT (v a whole number), FIGURE (v
 * in ten-thousandths, unit in words) or MONEY (v in pence), each in the
 * column of its kind. */
enum about_kind { COUNT, FIGURE, MONEY };

static void about_row(struct sheet *s, const char *item, enum about_kind kind, int64_t v,
                      bool known, const char *unit, date_t date, const char *note)
{
    sheet_row(s);
    sheet_text(s, item);
    for (int col = COUNT; col <= FIGURE; col++) {
        if (known && (int)kind == col)
            sheet_num(s, v);
        else
            sheet_empty(s);
    }
    sheet_text(s, kind == FIGURE ? unit : NULL);
    if (known && kind == MONEY)
        sheet_num(s, v);
    else
        sheet_empty(s);
    sheet_num(s, date);
    sheet_text(s, note);
}

static void about_count(struct sheet *s, const char *item, int64_t v, bool known, date_t date,
                        const char *note)
{
    about_row(s, item, COUNT, v, known, NULL, date, note);
}

/* Minutes as hours in ten-thousandths, rounded to the nearest (0.36 s). */
static int64_t hours_near(int64_t min)
{
    return (min * 10000 + 30) / 60;
}

/* The brief's figures, one a row.  For people (issue 14): each figure in
 * the column of its kind, in its unit: counts, decimals (WTE, points,
 * hours) with their unit in words, and money in pounds as a currency
 * number. */
static void about_sheet(const struct desk_brief *b, struct arena *a, struct sheet *s)
{
    const struct pcn_detail *d = &b->reg;
    static const struct sheet_col about_cols[] = {
        {"Item", SH_TEXT},        {"Number", SH_INT}, {"Figure", SH_WTE}, {"Unit", SH_TEXT},
        {"Amount (£)", SH_PENCE}, {"Date", SH_DATE},  {"Note", SH_TEXT}};
    sheet_init(s, a, "About", about_cols, ARRAY_SIZE(about_cols));
    about_count(s, "Registered patients", d->registered_patients, d->registered_patients >= 0,
                d->list_size_date, "");
    if (b->growth_known)
        about_count(s, "Change in registered patients", b->growth, true, b->growth_from,
                    "Since the date given");
    about_count(s, "Member practices", (int64_t)d->npractices, true, b->on, "");
    about_count(s, "ARRS staff in post", b->posts, b->posts > 0, b->on,
                b->posts ? "From the ARRS staff register" : "Not yet recorded");
    about_row(s, "ARRS staff, whole-time equivalent", FIGURE, b->wte_e4, b->posts > 0, "WTE", b->on,
              "");
    about_row(s, "Payments for the year", MONEY, b->funding_total, b->funding_known, NULL,
              DATE_NONE,
              b->funding_known ? (conf_doubtful(b->funding_conf) ? conf_tag(b->funding_conf) : "")
                               : "Not yet calculated");
    about_row(s, "Payments per registered patient", MONEY, b->per_patient, b->funding_known, NULL,
              DATE_NONE, "Payments only: the ARRS sum is a maximum to claim against, not counted");
    if (b->iif_known) {
        about_row(
            s, "IIF points", FIGURE, b->iif.points * 10, true, "points", DATE_NONE,
            arena_printf(a, "%ld of %zu indicators with figures", b->iif_with_data, b->iif.nind));
        about_row(s, "IIF payment", MONEY, b->iif.payment, true, NULL, DATE_NONE,
                  b->iif.payments_missing ? "Some payments cannot be worked out yet" : "");
    } else {
        about_count(s, "IIF position", 0, false, DATE_NONE, "Not yet recorded in PCN Ops");
    }
    struct buf pb;
    buf_init(&pb, 128);
    desk_period_add(&pb, b->time.from, b->time.to);
    const char *per = arena_strdup(a, pb.buf);
    buf_release(&pb);
    date_t to = b->time.to;
    about_row(s, arena_printf(a, "Clinical director time logged, %s", per), FIGURE,
              hours_near(b->time.t.total), true, "hours", to, "");
    about_row(s, arena_printf(a, "Funded clinical director time, %s", per), FIGURE,
              hours_near((b->time.funded_mmin + 500) / 1000), b->time.funded_known, "hours", to,
              conf_doubtful(b->time.funded_conf) ? conf_tag(b->time.funded_conf) : "");
    about_count(s, "Weeks over funded time", b->weeks_over, true, to, "");
    about_row(s, arena_printf(a, "With member practices, %s", per), FIGURE,
              hours_near(b->time.t.practices), true, "hours", to, "");
    about_row(s, arena_printf(a, "In system meetings, %s", per), FIGURE,
              hours_near(b->time.t.system), true, "hours", to, "");
    about_count(s, arena_printf(a, "Requests received, %s", per), b->requests.received, true, to,
                "");
    about_count(s, arena_printf(a, "Requests declined, %s", per),
                b->requests.by_decision[DEC_DECLINE], true, to, "");
    about_count(s, arena_printf(a, "Requests outside the role, %s", per), b->requests.outside_role,
                true, to, "");
}

static void practices_sheet(const struct desk_brief *b, struct arena *a, struct sheet *s)
{
    const struct pcn_detail *d = &b->reg;
    static const struct sheet_col prac_cols[] = {
        {"Practice", SH_TEXT}, {"Name", SH_TEXT}, {"Registered patients", SH_INT}};
    sheet_init(s, a, "Practices", prac_cols, ARRAY_SIZE(prac_cols));
    for (size_t i = 0; i < d->npractices; i++) {
        sheet_row(s);
        sheet_text(s, d->practices[i].code);
        sheet_text(s, d->practices[i].name);
        if (d->practices[i].registered_patients >= 0)
            sheet_num(s, d->practices[i].registered_patients);
        else
            sheet_empty(s);
    }
}

static void list_sizes_sheet(const struct desk_brief *b, struct arena *a, struct sheet *s)
{
    const struct pcn_detail *d = &b->reg;
    static const struct sheet_col trend_cols[] = {{"Date", SH_DATE},
                                                  {"Registered patients", SH_INT}};
    sheet_init(s, a, "List sizes", trend_cols, ARRAY_SIZE(trend_cols));
    for (size_t i = 0; i < d->ntrend; i++) {
        sheet_row(s);
        sheet_num(s, d->trend_dates[i]);
        sheet_num(s, d->trend_totals[i]);
    }
}

static void workforce_sheet(const struct desk_brief *b, struct arena *a, struct sheet *s)
{
    static const struct sheet_col wf_cols[] = {
        {"ARRS role", SH_TEXT}, {"Staff in post", SH_INT}, {"Whole-time equivalent", SH_WTE}};
    sheet_init(s, a, "Workforce", wf_cols, ARRAY_SIZE(wf_cols));
    for (size_t i = 0; i < b->nroles; i++) {
        sheet_row(s);
        sheet_text(s, b->roles[i].name);
        sheet_num(s, b->roles[i].posts);
        sheet_num(s, b->roles[i].wte_e4);
    }
}

static void time_sheet(const struct desk_brief *b, struct arena *a, struct sheet *s)
{
    /* hours as a number with up to 4 decimals (the WTE cell type's format) */
    static const struct sheet_col time_cols[] = {{"Week starting", SH_DATE},
                                                 {"Days in the period", SH_INT},
                                                 {"Hours logged", SH_WTE},
                                                 {"Internal hours", SH_WTE},
                                                 {"External hours", SH_WTE},
                                                 {"With practices (hours)", SH_WTE},
                                                 {"System meetings (hours)", SH_WTE},
                                                 {"Meetings", SH_INT},
                                                 {"Funded hours", SH_WTE},
                                                 {"Over funded time", SH_TEXT}};
    sheet_init(s, a, "Clinical director time", time_cols, ARRAY_SIZE(time_cols));
    for (size_t i = 0; i < b->time.nweeks; i++) {
        const struct desk_bucket *w = &b->time.weeks[i];
        sheet_row(s);
        sheet_num(s, desk_week_start(w->start));
        sheet_num(s, w->days);
        sheet_num(s, hours_e4(w->t.total));
        sheet_num(s, hours_e4(w->t.internal));
        sheet_num(s, hours_e4(w->t.external));
        sheet_num(s, hours_e4(w->t.practices));
        sheet_num(s, hours_e4(w->t.system));
        sheet_num(s, w->t.meetings);
        if (w->funded_known)
            sheet_num(s, money_div_round(w->funded_mmin, 6, ROUND_HALF_UP));
        else
            sheet_empty(s);
        sheet_text(s, w->over_funded ? "Yes" : "No");
    }
}

static void requests_sheet(const struct desk_brief *b, struct arena *a, struct sheet *s)
{
    static const struct sheet_col req_cols[] = {
        {"Decision", SH_TEXT}, {"Requests", SH_INT}, {"Estimated time (hours)", SH_WTE}};
    sheet_init(s, a, "Requests", req_cols, ARRAY_SIZE(req_cols));
    for (int i = 0; i < DEC_COUNT; i++) {
        sheet_row(s);
        sheet_text(s, desk_decision_label((enum desk_decision)i));
        sheet_num(s, b->requests.by_decision[i]);
        sheet_num(s, hours_near(b->requests.est_by_decision[i]));
    }
}

static void asks_sheet(const struct desk_brief *b, struct arena *a, struct sheet *s)
{
    static const struct sheet_col ask_cols[] = {
        {"Date", SH_DATE}, {"With", SH_TEXT}, {"Asks made", SH_TEXT}};
    sheet_init(s, a, "Main asks", ask_cols, ARRAY_SIZE(ask_cols));
    for (size_t i = 0; i < b->nasks; i++) {
        sheet_row(s);
        sheet_num(s, b->asks[i].date);
        sheet_text(s, b->asks[i].stakeholder_name);
        sheet_text(s, b->asks[i].asks);
    }
}

/* What each figure is and where it comes from, in words. */
static void explanation_sheet(const struct desk_brief *b, struct arena *a, struct sheet *s)
{
    const struct pcn_detail *d = &b->reg;
    static const struct sheet_col ex_cols[] = {{"Item", SH_TEXT}, {"Explanation", SH_TEXT}};
    sheet_init(s, a, "Explanation", ex_cols, ARRAY_SIZE(ex_cols));
    char fy[8] = "";
    if (b->funding_known)
        fy_format(b->funding_fy, fy);
    const char *cd_words = desk_cd_rule_words(a, b->funded.rule);
    const char *ex[][2] = {
        {"PCN", arena_printf(a, "%s (%s)", d->pcn.name ? d->pcn.name : b->pcn, b->pcn)},
        {"Registered patients", "NHS England's Patients Registered at a GP Practice: the PCN's "
                                "member practices on the list-size date shown."},
        {"Change in registered patients", "The latest list size against the one about a year "
                                          "before it (the sheet List sizes has every date)."},
        {"Workforce", "ARRS posts in post today in the PCN's ARRS staff register, by role, "
                      "with their whole-time equivalent (1.0 is one full-time post). No names "
                      "are given."},
        {"Funding", b->funding_known
                        ? arena_printf(a,
                                       "The DES payments to the PCN and its practices for "
                                       "%s from the entitlements engine (the ARRS sum, a "
                                       "maximum to claim against, is not a payment and is "
                                       "not in it), divided by the registered list at 1 "
                                       "January before the year%s.",
                                       fy, b->funding_estimate ? "; an estimate" : "")
                        : arena_printf(a, "Not yet calculated: %s",
                                       b->funding_why ? b->funding_why : "no data")},
        {"IIF position", b->iif_known ? "The Investment and Impact Fund's points and payment "
                                        "worked out from the figures imported or entered, "
                                        "for the latest year the rules have."
                                      : "Not yet recorded: PCN Ops holds no IIF figures for "
                                        "the PCN."},
        {"Clinical director time",
         arena_printf(a,
                      "The weeks of the desk's time log named on each row (Monday to Sunday, "
                      "the current week to today). Funded time is the PCN's own figure, or "
                      "the rules' %s%s. System meetings are ICB, system, place and INT "
                      "meetings.",
                      cd_words,
                      b->funded.rule && conf_doubtful(b->funded.rule->conf)
                          ? " (not confirmed by NHS England)"
                          : "")},
        {"Main asks", "The asks recorded in the engagement log in the last 90 days, newest "
                      "first."},
    };
    for (size_t i = 0; i < ARRAY_SIZE(ex); i++) {
        sheet_row(s);
        sheet_text(s, ex[i][0]);
        sheet_text(s, ex[i][1]);
    }
}

void deskbrief_sheets(const struct desk_brief *b, struct arena *a, struct sheet *sh, size_t *n)
{
    static void (*const sheets[])(const struct desk_brief *, struct arena *, struct sheet *) = {
        about_sheet, practices_sheet, list_sizes_sheet, workforce_sheet,
        time_sheet,  requests_sheet,  asks_sheet,       explanation_sheet,
    };
    for (size_t k = 0; k < ARRAY_SIZE(sheets); k++)
        sheets[k](b, a, &sh[k]);
    *n = ARRAY_SIZE(sheets);
}
