#include "common.h"
#include "desk.h"
#include "buf.h"
#include "money.h"

/* ---- words -------------------------------------------------------------- */

static int parse_word(const char *s, const char *const *ids, size_t n, int *out)
{
    if (!s)
        return PCN_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (ids[i] && strcmp(ids[i], s) == 0) {
            *out = (int)i;
            return 0;
        }
    return PCN_EINVAL;
}

#define WORD(arr, i) ((size_t)(i) < ARRAY_SIZE(arr) ? (arr)[i] : "?")

static const struct {
    const char *id, *label;
    enum desk_side side;
    bool system;
} categories[DC_COUNT] = {
    [DC_PRACTICES] = {"practices", "With member practices", SIDE_INTERNAL, false},
    [DC_PCN_OPERATIONS] = {"pcn_operations", "PCN operations", SIDE_INTERNAL, false},
    [DC_SYSTEM_MEETINGS] = {"system_meetings", "ICB and system meetings", SIDE_EXTERNAL, true},
    [DC_PLACE_INT] = {"place_int", "Place and INT", SIDE_EXTERNAL, true},
    [DC_LMC] = {"lmc", "LMC", SIDE_EXTERNAL, false},
    [DC_MP_ENGAGEMENT] = {"mp_engagement", "MPs and political engagement", SIDE_EXTERNAL, false},
    [DC_CLINICAL_LEADERSHIP] = {"clinical_leadership", "Clinical leadership and supervision",
                                SIDE_INTERNAL, false},
    [DC_TRAINING_HUB] = {"training_hub", "Training hub", SIDE_EXTERNAL, false},
    [DC_OTHER] = {"other", "Other", SIDE_OTHER, false},
};

const char *desk_category_id(enum desk_category c)
{
    return (size_t)c < DC_COUNT ? categories[c].id : "?";
}

const char *desk_category_label(enum desk_category c)
{
    return (size_t)c < DC_COUNT ? categories[c].label : "?";
}

int desk_category_parse(const char *s, enum desk_category *out)
{
    for (int i = 0; s && i < DC_COUNT; i++)
        if (strcmp(categories[i].id, s) == 0) {
            *out = (enum desk_category)i;
            return 0;
        }
    return PCN_EINVAL;
}

enum desk_side desk_category_side(enum desk_category c)
{
    return (size_t)c < DC_COUNT ? categories[c].side : SIDE_OTHER;
}

const char *desk_side_id(enum desk_side s)
{
    static const char *const ids[] = {"internal", "external", "other"};
    return WORD(ids, s);
}

bool desk_category_is_system(enum desk_category c)
{
    return (size_t)c < DC_COUNT && categories[c].system;
}

/* Phrases are matched on word boundaries in the lower-cased title, in
 * order: the first match wins. */
static const struct {
    const char *phrase;
    enum desk_category cat;
} guesses[] = {
    {"lmc", DC_LMC},
    {"local medical committee", DC_LMC},
    {"mp", DC_MP_ENGAGEMENT},
    {"mps", DC_MP_ENGAGEMENT},
    {"member of parliament", DC_MP_ENGAGEMENT},
    {"constituency", DC_MP_ENGAGEMENT},
    {"councillor", DC_MP_ENGAGEMENT},
    {"candidate", DC_MP_ENGAGEMENT},
    {"training hub", DC_TRAINING_HUB},
    {"int", DC_PLACE_INT},
    {"neighbourhood", DC_PLACE_INT},
    {"place", DC_PLACE_INT},
    {"local authority", DC_PLACE_INT},
    {"council", DC_PLACE_INT},
    {"icb", DC_SYSTEM_MEETINGS},
    {"ics", DC_SYSTEM_MEETINGS},
    {"system", DC_SYSTEM_MEETINGS},
    {"commissioning", DC_SYSTEM_MEETINGS},
    {"primary care committee", DC_SYSTEM_MEETINGS},
    {"supervision", DC_CLINICAL_LEADERSHIP},
    {"clinical lead", DC_CLINICAL_LEADERSHIP},
    {"mdt", DC_CLINICAL_LEADERSHIP},
    {"significant event", DC_CLINICAL_LEADERSHIP},
    {"practice", DC_PRACTICES},
    {"practices", DC_PRACTICES},
    {"partners", DC_PRACTICES},
    {"surgery", DC_PRACTICES},
    {"pcn board", DC_PCN_OPERATIONS},
    {"network board", DC_PCN_OPERATIONS},
    {"pcn manager", DC_PCN_OPERATIONS},
    {"arrs", DC_PCN_OPERATIONS},
    {"finance", DC_PCN_OPERATIONS},
    {"operations", DC_PCN_OPERATIONS},
};

enum desk_category desk_category_guess(const char *title)
{
    char norm[DESK_NAME_MAX + 3];
    size_t n = 0;
    norm[n++] = ' ';
    for (const char *p = title ? title : ""; *p && n < sizeof norm - 2; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 'A' && c <= 'Z')
            norm[n++] = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            norm[n++] = (char)c;
        else if (norm[n - 1] != ' ')
            norm[n++] = ' ';
    }
    if (norm[n - 1] != ' ')
        norm[n++] = ' ';
    norm[n] = '\0';
    for (size_t i = 0; i < ARRAY_SIZE(guesses); i++) {
        char pat[64];
        snprintf(pat, sizeof pat, " %s ", guesses[i].phrase);
        if (strstr(norm, pat))
            return guesses[i].cat;
    }
    return DC_OTHER;
}

/* ---- activities --------------------------------------------------------- */

bool desk_check_activity(const struct desk_activity *a, date_t today, int64_t day_minutes,
                         struct desk_errs *e)
{
    size_t before = e->n;
    desk_check_date(e, "date", "the date", a->date, today);
    if (a->minutes <= 0) {
        desk_errs_add(e, "hours", "Time spent must be more than 0");
    } else if (a->minutes > DESK_DAY_MINUTES) {
        desk_errs_add(e, "hours", "Time spent must be 24 hours or less");
    } else if (day_minutes + a->minutes > DESK_DAY_MINUTES) {
        struct buf b;
        buf_init(&b, 256);
        BUF_LIT(&b, "The time logged on ");
        date_add_uk(&b, a->date);
        BUF_LIT(&b, " would come to more than 24 hours: ");
        desk_add_duration(&b, day_minutes);
        BUF_LIT(&b, " is already logged that day");
        desk_errs_add(e, "hours", "%s", b.buf);
        buf_release(&b);
    }
    if ((size_t)a->cat >= DC_COUNT)
        desk_errs_add(e, "category", "Select a category");
    desk_check_text(e, "title", "a title", a->title, DESK_NAME_MAX, false, false);
    desk_check_text(e, "note", "the note", a->note, DESK_TEXT_MAX, false, true);
    return e->n == before;
}

/* ---- the summary -------------------------------------------------------- */

date_t desk_week_start(date_t d)
{
    return d - date_weekday(d);
}

int64_t desk_share_bp(int64_t part, int64_t whole)
{
    int64_t num;
    if (whole <= 0 || money_mul(part, BP_WHOLE, &num))
        return 0;
    return money_div_round(num, whole, ROUND_HALF_UP);
}

const char *desk_alert_kind_id(enum desk_alert_kind k)
{
    static const char *const ids[] = {"system_over_practices", "over_funded_time"};
    return WORD(ids, k);
}

static void totals_add(struct desk_totals *t, const struct desk_activity *a)
{
    t->minutes[a->cat] += a->minutes;
    t->total += a->minutes;
    t->activities++;
    switch (desk_category_side(a->cat)) {
    case SIDE_INTERNAL:
        t->internal += a->minutes;
        break;
    case SIDE_EXTERNAL:
        t->external += a->minutes;
        break;
    case SIDE_OTHER:
        t->other += a->minutes;
        break;
    }
    bool sys = desk_category_is_system(a->cat);
    if (a->cat == DC_PRACTICES)
        t->practices += a->minutes;
    if (sys)
        t->system += a->minutes;
    if (a->meeting) {
        t->meetings++;
        if (a->cat == DC_PRACTICES)
            t->practice_meetings++;
        if (sys)
            t->system_meetings++;
    }
}

static int month_index(date_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y * 12 + m - 1;
}

static int fill_funded(const struct desk_funding *f, struct desk_bucket *bk, struct pcn_msg *m)
{
    enum confidence conf;
    int rc = desk_funded_between(f, bk->start, bk->end, &bk->funded_mmin, &bk->funded_known, &conf,
                                 m);
    if (rc)
        return rc;
    bk->over_funded = bk->funded_known && bk->t.total * 1000 > bk->funded_mmin;
    bk->system_over_practices = bk->t.system > bk->t.practices;
    return 0;
}

int desk_summarise(const struct desk_activity *acts, size_t n, date_t from, date_t to,
                   const struct desk_funding *f, struct arena *a, struct desk_summary *out,
                   struct pcn_msg *m)
{
    int rc;
    memset(out, 0, sizeof *out);
    if (from == DATE_NONE || to == DATE_NONE || to < from)
        return msg_set(m, PCN_EINVAL, "the period must end on or after the day it starts");
    if (to - from + 1 > DESK_PERIOD_DAYS_MAX)
        return msg_set(m, PCN_EINVAL, "the period must be %d days or shorter",
                       DESK_PERIOD_DAYS_MAX);
    out->from = from;
    out->to = to;

    date_t w0 = desk_week_start(from);
    out->nweeks = (size_t)((desk_week_start(to) - w0) / 7 + 1);
    out->weeks = ARENA_ARRAY(a, struct desk_bucket, out->nweeks);
    for (size_t i = 0; i < out->nweeks; i++) {
        date_t s = w0 + (date_t)(7 * i);
        out->weeks[i].start = s < from ? from : s;
        out->weeks[i].end = s + 6 > to ? to : s + 6;
        out->weeks[i].days = out->weeks[i].end - out->weeks[i].start + 1;
    }
    int m0 = month_index(from);
    out->nmonths = (size_t)(month_index(to) - m0 + 1);
    out->months = ARENA_ARRAY(a, struct desk_bucket, out->nmonths);
    date_t ms = date_month_start(from);
    for (size_t i = 0; i < out->nmonths; i++) {
        date_t s = date_add_months(ms, (int)i), e = date_add_months(ms, (int)i + 1) - 1;
        out->months[i].start = s < from ? from : s;
        out->months[i].end = e > to ? to : e;
        out->months[i].days = out->months[i].end - out->months[i].start + 1;
    }

    for (size_t i = 0; i < n; i++) {
        const struct desk_activity *x = &acts[i];
        if (x->date < from || x->date > to || (size_t)x->cat >= DC_COUNT)
            continue;
        totals_add(&out->t, x);
        totals_add(&out->weeks[(desk_week_start(x->date) - w0) / 7].t, x);
        totals_add(&out->months[month_index(x->date) - m0].t, x);
    }
    for (size_t i = 0; i < out->nweeks; i++)
        if ((rc = fill_funded(f, &out->weeks[i], m)))
            return rc;
    for (size_t i = 0; i < out->nmonths; i++)
        if ((rc = fill_funded(f, &out->months[i], m)))
            return rc;
    if ((rc = desk_funded_between(f, from, to, &out->funded_mmin, &out->funded_known,
                                  &out->funded_conf, m)))
        return rc;

    /* Alerts */
    size_t cap = 1 + out->nweeks / 3 + 1;
    out->alerts = ARENA_ARRAY(a, struct desk_alert, cap);
    struct buf b;
    buf_init(&b, 1024);
    if (out->t.system > out->t.practices && out->t.system > 0) {
        struct desk_alert *al = &out->alerts[out->nalerts++];
        al->kind = ALERT_SYSTEM_OVER_PRACTICES;
        al->from = from;
        al->to = to;
        al->system_minutes = out->t.system;
        al->practices_minutes = out->t.practices;
        BUF_LIT(&b, "More time went to ICB, system, place and INT meetings (");
        desk_add_duration(&b, out->t.system);
        BUF_LIT(&b, ") than to member practices (");
        desk_add_duration(&b, out->t.practices);
        BUF_LIT(&b, ") from ");
        date_add_uk(&b, from);
        BUF_LIT(&b, " to ");
        date_add_uk(&b, to);
        BUF_LIT(&b, ".");
        al->text = arena_strdup(a, b.buf);
    }
    for (size_t i = 0; i < out->nweeks;) {
        if (!out->weeks[i].over_funded) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < out->nweeks && out->weeks[j].over_funded)
            j++;
        if (j - i >= 3) {
            struct desk_alert *al = &out->alerts[out->nalerts++];
            al->kind = ALERT_OVER_FUNDED_TIME;
            al->from = out->weeks[i].start;
            al->to = out->weeks[j - 1].end;
            al->weeks = (int)(j - i);
            buf_reset(&b);
            buf_printf(&b, "Funded time was exceeded %d weeks running, from ", al->weeks);
            date_add_uk(&b, al->from);
            BUF_LIT(&b, " to ");
            date_add_uk(&b, al->to);
            BUF_LIT(&b, ".");
            al->text = arena_strdup(a, b.buf);
        }
        i = j;
    }
    buf_release(&b);
    return 0;
}

/* ---- requests ----------------------------------------------------------- */

static const char *const within_ids[] = {"yes", "no", "unclear"};
static const char *const within_labels[] = {"Within the role", "Outside the role", "Not clear"};
static const char *const decision_ids[] = {"pending", "accept", "delegate", "decline"};
static const char *const decision_labels[] = {"Pending", "Accepted", "Delegated", "Declined"};
static const char *const decline_ids[] = {
    "",
    "outside_role",
    "performance_management",
    "no_capacity",
    "not_pcn_business",
    "covered_elsewhere",
    "other",
};
static const char *const decline_labels[] = {
    "",
    "Outside the clinical director's role",
    "Asks the clinical director to performance-manage member practices",
    "No funded clinical director time left",
    "Not a matter for the PCN",
    "Already covered by someone else",
    "Other reason",
};

const char *desk_within_id(enum desk_within w)
{
    return WORD(within_ids, w);
}
const char *desk_within_label(enum desk_within w)
{
    return WORD(within_labels, w);
}
const char *desk_decision_id(enum desk_decision d)
{
    return WORD(decision_ids, d);
}
const char *desk_decision_label(enum desk_decision d)
{
    return WORD(decision_labels, d);
}
const char *desk_decline_id(enum desk_decline r)
{
    return WORD(decline_ids, r);
}
const char *desk_decline_label(enum desk_decline r)
{
    return WORD(decline_labels, r);
}

int desk_within_parse(const char *s, enum desk_within *out)
{
    int v;
    if (parse_word(s, within_ids, ARRAY_SIZE(within_ids), &v))
        return PCN_EINVAL;
    *out = (enum desk_within)v;
    return 0;
}

int desk_decision_parse(const char *s, enum desk_decision *out)
{
    int v;
    if (parse_word(s, decision_ids, ARRAY_SIZE(decision_ids), &v))
        return PCN_EINVAL;
    *out = (enum desk_decision)v;
    return 0;
}

int desk_decline_parse(const char *s, enum desk_decline *out)
{
    int v;
    if (!s || !*s || parse_word(s, decline_ids, ARRAY_SIZE(decline_ids), &v))
        return PCN_EINVAL;
    *out = (enum desk_decline)v;
    return 0;
}

enum desk_within desk_request_within(const struct desk_request *r)
{
    return r->performance_management ? WITHIN_NO : r->within;
}

bool desk_check_request(const struct desk_request *r, date_t today, struct desk_errs *e)
{
    size_t before = e->n;
    desk_check_text(e, "requester", "who asked", r->requester, DESK_NAME_MAX, true, false);
    desk_check_text(e, "organisation", "the organisation", r->organisation, DESK_NAME_MAX, false,
                    false);
    desk_check_text(e, "what", "what they asked for", r->what, DESK_TEXT_MAX, true, true);
    desk_check_date(e, "received", "the date it was asked", r->received, today);
    if (r->due != DATE_NONE) {
        if (desk_check_date(e, "due", "the date it is needed by", r->due, today) &&
            r->received != DATE_NONE && r->due < r->received)
            desk_errs_add(e, "due",
                          "The date it is needed by must be on or after the date it "
                          "was asked");
    }
    if (r->est_minutes > 1000 * 60)
        desk_errs_add(e, "hours", "The estimate must be 1,000 hours or less");
    if ((size_t)r->within > WITHIN_UNCLEAR)
        desk_errs_add(e, "within", "Select whether it is within the clinical director's role");
    switch (r->decision) {
    case DEC_PENDING:
    case DEC_ACCEPT:
        break;
    case DEC_DELEGATE:
        desk_check_text(e, "delegate_to", "the name of the lead it is delegated to", r->delegate_to,
                        DESK_NAME_MAX, true, false);
        break;
    case DEC_DECLINE:
        if (r->decline_reason == DECLINE_NONE || (size_t)r->decline_reason >= DECLINE_COUNT)
            desk_errs_add(e, "decline_reason", "Select why it was declined");
        else
            desk_check_text(e, "decline_note", "why it was declined", r->decline_note,
                            DESK_TEXT_MAX, r->decline_reason == DECLINE_OTHER, true);
        break;
    default:
        desk_errs_add(e, "decision", "Select the decision");
        break;
    }
    desk_check_text(e, "outcome", "the outcome", r->outcome, DESK_TEXT_MAX, false, true);
    return e->n == before;
}

static int cmp_req(const void *x, const void *y)
{
    const struct desk_request *a = *(const struct desk_request *const *)x;
    const struct desk_request *b = *(const struct desk_request *const *)y;
    if (a->received != b->received)
        return a->received < b->received ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_org(const void *x, const void *y)
{
    const struct desk_org_count *a = x, *b = y;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return strcmp(a->organisation, b->organisation);
}

int desk_report_build(const struct desk_request *r, size_t n, date_t from, date_t to,
                      int64_t funded_mmin, enum confidence funded_conf, int64_t logged_minutes,
                      struct arena *a, struct desk_report *out, struct pcn_msg *m)
{
    memset(out, 0, sizeof *out);
    if (from == DATE_NONE || to == DATE_NONE || to < from)
        return msg_set(m, PCN_EINVAL, "the period must end on or after the day it starts");
    out->from = from;
    out->to = to;
    out->funded_known = funded_mmin >= 0;
    out->funded_mmin = funded_mmin;
    out->funded_conf = funded_conf;
    out->logged_minutes = logged_minutes;
    out->declined = ARENA_ARRAY(a, const struct desk_request *, n ? n : 1);
    out->orgs = ARENA_ARRAY(a, struct desk_org_count, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const struct desk_request *q = &r[i];
        if (q->received < from || q->received > to || (size_t)q->decision >= DEC_COUNT)
            continue;
        out->received++;
        out->by_decision[q->decision]++;
        if (q->est_minutes >= 0) {
            out->est_by_decision[q->decision] += q->est_minutes;
            out->est_total += q->est_minutes;
        } else {
            out->not_estimated++;
        }
        enum desk_within w = desk_request_within(q);
        if (w == WITHIN_NO)
            out->outside_role++;
        else if (w == WITHIN_UNCLEAR)
            out->unclear++;
        if (q->performance_management)
            out->performance_management++;
        if (q->decision == DEC_DECLINE) {
            out->declined[out->ndeclined++] = q;
            if ((size_t)q->decline_reason < DECLINE_COUNT)
                out->by_reason[q->decline_reason]++;
        }
        const char *org = q->organisation && *q->organisation ? q->organisation : "Not given";
        size_t k;
        for (k = 0; k < out->norgs; k++)
            if (strcmp(out->orgs[k].organisation, org) == 0)
                break;
        if (k == out->norgs)
            out->orgs[out->norgs++] = (struct desk_org_count){org, 0, 0};
        out->orgs[k].n++;
        if (q->est_minutes > 0)
            out->orgs[k].est_minutes += q->est_minutes;
    }
    qsort(out->declined, out->ndeclined, sizeof *out->declined, cmp_req);
    qsort(out->orgs, out->norgs, sizeof *out->orgs, cmp_org);
    if (out->funded_known && funded_mmin > 0) {
        out->demand_bp = desk_share_bp(out->est_total * 1000, funded_mmin);
        out->kept_bp = desk_share_bp(
            (out->est_by_decision[DEC_ACCEPT] + out->est_by_decision[DEC_PENDING]) * 1000,
            funded_mmin);
    } else {
        out->demand_bp = out->kept_bp = -1;
    }
    return 0;
}

/* ---- delegation --------------------------------------------------------- */

static const char *const area_ids[] = {
    "arrs_recruitment", "iif", "access", "digital", "arrs_clinical_lead", "int_liaison", "own",
};
static const char *const area_labels[] = {
    "ARRS recruitment",
    "Investment and Impact Fund (IIF)",
    "Access improvement",
    "Digital and transformation",
    "Clinical lead for an ARRS role",
    "INT liaison",
    "The PCN's own responsibility",
};

const char *desk_area_id(enum desk_area a)
{
    return WORD(area_ids, a);
}
const char *desk_area_label(enum desk_area a)
{
    return WORD(area_labels, a);
}

int desk_area_parse(const char *s, enum desk_area *out)
{
    int v;
    if (parse_word(s, area_ids, ARRAY_SIZE(area_ids), &v))
        return PCN_EINVAL;
    *out = (enum desk_area)v;
    return 0;
}

const struct desk_delegation *desk_delegation_on(const struct desk_responsibility *r, date_t d)
{
    const struct desk_delegation *best = NULL;
    for (size_t i = 0; i < r->nhistory; i++)
        if (r->history[i].from <= d && (!best || r->history[i].from >= best->from))
            best = &r->history[i];
    return best;
}

int desk_cd_share_on(const struct desk_responsibility *r, date_t d)
{
    const struct desk_delegation *x = desk_delegation_on(r, d);
    return x ? x->cd_share : 100;
}

int64_t desk_cd_share_avg_bp(const struct desk_responsibility *r, size_t n, date_t d)
{
    if (n == 0)
        return -1;
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (int64_t)desk_cd_share_on(&r[i], d) * 100;
    return money_div_round(sum, (int64_t)n, ROUND_HALF_UP);
}

/* ---- stakeholders ------------------------------------------------------- */

static const char *const sh_ids[] = {
    "icb",
    "place",
    "int_partner",
    "community_trust",
    "mental_health_trust",
    "local_authority",
    "lmc",
    "training_hub",
    "mp",
    "candidate",
    "voluntary",
    "practice",
    "other",
};
static const char *const sh_labels[] = {
    "ICB",
    "Place",
    "INT partner",
    "Community trust",
    "Mental health trust",
    "Local authority",
    "LMC",
    "Training hub",
    "MP",
    "Candidate",
    "Voluntary sector",
    "Member practice",
    "Other",
};

const char *desk_sh_kind_id(enum desk_sh_kind k)
{
    return WORD(sh_ids, k);
}
const char *desk_sh_kind_label(enum desk_sh_kind k)
{
    return WORD(sh_labels, k);
}

int desk_sh_kind_parse(const char *s, enum desk_sh_kind *out)
{
    int v;
    if (parse_word(s, sh_ids, ARRAY_SIZE(sh_ids), &v))
        return PCN_EINVAL;
    *out = (enum desk_sh_kind)v;
    return 0;
}

enum desk_quadrant desk_quadrant_of(int influence, int interest)
{
    bool inf = influence >= DESK_GRID_HIGH, intr = interest >= DESK_GRID_HIGH;
    if (inf && intr)
        return Q_MANAGE_CLOSELY;
    if (inf)
        return Q_KEEP_SATISFIED;
    if (intr)
        return Q_KEEP_INFORMED;
    return Q_MONITOR;
}

const char *desk_quadrant_label(enum desk_quadrant q)
{
    static const char *const labels[] = {"Monitor", "Keep informed", "Keep satisfied",
                                         "Manage closely"};
    return WORD(labels, q);
}

bool desk_check_stakeholder(const struct desk_stakeholder *s, struct desk_errs *e)
{
    size_t before = e->n;
    desk_check_text(e, "name", "their name", s->name, DESK_NAME_MAX, true, false);
    desk_check_text(e, "organisation", "the organisation", s->organisation, DESK_NAME_MAX, false,
                    false);
    if ((size_t)s->kind >= SH_COUNT)
        desk_errs_add(e, "kind", "Select the kind of stakeholder");
    desk_check_text(e, "role_title", "their role", s->role_title, DESK_NAME_MAX, false, false);
    if (s->influence < DESK_GRID_MIN || s->influence > DESK_GRID_MAX)
        desk_errs_add(e, "influence", "Select their influence, from 1 (low) to 5 (high)");
    if (s->interest < DESK_GRID_MIN || s->interest > DESK_GRID_MAX)
        desk_errs_add(e, "interest", "Select their interest, from 1 (low) to 5 (high)");
    desk_check_text(e, "notes", "the notes", s->notes, DESK_TEXT_MAX, false, true);
    return e->n == before;
}

/* ---- engagement --------------------------------------------------------- */

enum desk_followup desk_followup_state(const struct desk_engagement *g, date_t today)
{
    if (g->follow_up_due == DATE_NONE)
        return FU_NONE;
    if (g->follow_up_done != DATE_NONE)
        return FU_DONE;
    if (g->follow_up_due < today)
        return FU_OVERDUE;
    if (g->follow_up_due == today)
        return FU_DUE_TODAY;
    return FU_OPEN;
}

const char *desk_followup_label(enum desk_followup f)
{
    static const char *const labels[] = {"No follow-up", "Done", "Open", "Due today", "Overdue"};
    return WORD(labels, f);
}

void desk_engagement_sort(struct desk_engagement *g, size_t n, date_t today)
{
    /* An insertion sort: the comparison needs today, and qsort has no
     * context argument (no globals). */
    for (size_t i = 1; i < n; i++) {
        struct desk_engagement x = g[i];
        size_t j = i;
        while (j > 0) {
            const struct desk_engagement *p = &g[j - 1];
            bool op = desk_followup_state(p, today) == FU_OVERDUE;
            bool ox = desk_followup_state(&x, today) == FU_OVERDUE;
            int c;
            if (op != ox)
                c = op ? -1 : 1;
            else if (op && p->follow_up_due != x.follow_up_due)
                c = p->follow_up_due < x.follow_up_due ? -1 : 1;
            else if (p->date != x.date)
                c = p->date > x.date ? -1 : 1;
            else
                c = p->id > x.id ? -1 : p->id < x.id;
            if (c <= 0)
                break;
            g[j] = g[j - 1];
            j--;
        }
        g[j] = x;
    }
}

bool desk_check_engagement(const struct desk_engagement *g, date_t today, struct desk_errs *e)
{
    size_t before = e->n;
    desk_check_date(e, "date", "the date", g->date, today);
    if (g->stakeholder_id <= 0)
        desk_errs_add(e, "stakeholder", "Select who it was with");
    desk_check_text(e, "purpose", "the purpose", g->purpose, DESK_TEXT_MAX, true, true);
    desk_check_text(e, "asks", "the asks made", g->asks, DESK_TEXT_MAX, false, true);
    desk_check_text(e, "commitments", "the commitments", g->commitments, DESK_TEXT_MAX, false,
                    true);
    if (g->follow_up_due != DATE_NONE &&
        desk_check_date(e, "follow_up", "the follow-up date", g->follow_up_due, today) &&
        g->date != DATE_NONE && g->follow_up_due < g->date)
        desk_errs_add(e, "follow_up",
                      "The follow-up date must be on or after the date of the "
                      "meeting");
    return e->n == before;
}

/* ---- supervision -------------------------------------------------------- */

void desk_sup_status(date_t start, const date_t *sessions, size_t n, int64_t max_days, date_t today,
                     struct desk_sup_status *out)
{
    memset(out, 0, sizeof *out);
    out->last = DATE_NONE;
    out->due = DATE_NONE;
    for (size_t i = 0; i < n; i++) {
        if (sessions[i] == DATE_NONE || sessions[i] > today)
            continue;
        out->sessions++;
        if (out->last == DATE_NONE || sessions[i] > out->last)
            out->last = sessions[i];
    }
    if (max_days < 0) {
        out->state = SUP_NO_MINIMUM;
        return;
    }
    date_t from = out->last != DATE_NONE ? out->last : start;
    out->due = from + (date_t)max_days;
    if (out->due < today) {
        out->state = SUP_OVERDUE;
        out->days_overdue = today - out->due;
    } else {
        out->state = out->due == today ? SUP_DUE_TODAY : SUP_OK;
    }
}

const char *desk_sup_label(enum desk_sup_state s)
{
    static const char *const labels[] = {"No minimum set", "Up to date", "Due today", "Overdue"};
    return WORD(labels, s);
}

const char *desk_sup_id(enum desk_sup_state s)
{
    static const char *const ids[] = {"no_minimum", "ok", "due_today", "overdue"};
    return WORD(ids, s);
}

void desk_period_add(struct buf *b, date_t from, date_t to)
{
    int fy_, fm, fd, ty, tm, td;
    date_to_ymd(from, &fy_, &fm, &fd);
    date_to_ymd(to, &ty, &tm, &td);
    if (fy_ == ty && fm == tm)
        buf_printf(b, "%d to ", fd);
    else if (fy_ == ty)
        buf_printf(b, "%d %s to ", fd, date_month_name(fm));
    else
        buf_printf(b, "%d %s %d to ", fd, date_month_name(fm), fy_);
    date_add_uk(b, to);
}
