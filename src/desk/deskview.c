#include "common.h"
#include "deskview.h"
#include "money.h"

static json_t *str(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *deskview_hours(int64_t minutes)
{
    /* millionths of an hour, rounded half up: exact for whole minutes to
     * the sixth decimal */
    int64_t e6 = money_div_round(minutes * 1000000, 60, ROUND_HALF_UP);
    return json_real((double)e6 / 1000000.0);
}

json_t *deskview_hours_mmin(int64_t mmin)
{
    int64_t e6 = money_div_round(mmin * 50, 3, ROUND_HALF_UP);
    return json_real((double)e6 / 1000000.0);
}

json_t *deskview_date(date_t d)
{
    char iso[11];
    if (d == DATE_NONE)
        return json_null();
    date_format_iso(d, iso);
    return json_string(iso);
}

static json_t *conf_json(enum confidence c)
{
    return c == CONF_NONE ? json_null() : json_string(conf_name(c));
}

static json_t *ids(const int64_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    return a;
}

json_t *deskview_activity(const struct desk_activity *a)
{
    return json_pack(
        "{s:I,s:o,s:I,s:o,s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:s,s:o,s:o}", "id", (json_int_t)a->id,
        "date", deskview_date(a->date), "minutes", (json_int_t)a->minutes, "hours",
        deskview_hours(a->minutes), "category", desk_category_id(a->cat), "category_label",
        desk_category_label(a->cat), "side", desk_side_id(desk_category_side(a->cat)), "meeting",
        a->meeting, "title", a->title ? a->title : "", "note", a->note ? a->note : "", "source",
        a->source ? a->source : "", "uid", a->uid ? a->uid : "", "stakeholder_ids",
        ids(a->stakeholders, a->nstakeholders), "request_ids", ids(a->requests, a->nrequests));
}

json_t *deskview_activities(const struct desk_activity *a, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, deskview_activity(&a[i]));
    return arr;
}

static json_t *bucket(const struct desk_bucket *b)
{
    return json_pack(
        "{s:o,s:o,s:i,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:b,s:b}", "start", deskview_date(b->start),
        "end", deskview_date(b->end), "days", b->days, "total_minutes", (json_int_t)b->t.total,
        "internal_minutes", (json_int_t)b->t.internal, "external_minutes",
        (json_int_t)b->t.external, "practices_minutes", (json_int_t)b->t.practices,
        "system_minutes", (json_int_t)b->t.system, "meetings", (json_int_t)b->t.meetings,
        "funded_minutes",
        b->funded_known ? json_integer(money_div_round(b->funded_mmin, 1000, ROUND_HALF_UP))
                        : json_null(),
        "over_funded", b->over_funded, "system_over_practices", b->system_over_practices);
}

static json_t *funded_week(const struct desk_funded *fd)
{
    if (!fd)
        return json_null();
    json_t *j = json_pack("{s:b}", "known", fd->known);
    json_object_set_new(j, "minutes",
                        fd->known
                            ? json_integer(money_div_round(fd->mmin_per_week, 1000, ROUND_HALF_UP))
                            : json_null());
    json_object_set_new(j, "hours",
                        fd->known ? deskview_hours_mmin(fd->mmin_per_week) : json_null());
    json_object_set_new(j, "set_by_pcn", json_boolean(fd->is_override));
    json_object_set_new(j, "confidence", conf_json(fd->is_override ? CONF_NONE : fd->conf));
    json_object_set_new(j, "source",
                        fd->rule && !fd->is_override ? json_string(fd->rule->cite) : json_null());
    if (fd->carried && fd->rule && !fd->is_override) {
        char fy[8];
        fy_format(fd->rule->fy, fy);
        json_object_set_new(j, "carried_from_year", json_string(fy));
    } else {
        json_object_set_new(j, "carried_from_year", json_null());
    }
    json_object_set_new(j, "why", str(fd->known ? NULL : fd->why));
    return j;
}

json_t *deskview_summary(const char *pcn, const struct desk_summary *s,
                         const struct desk_funded *fd)
{
    json_t *hours = json_object(), *mins = json_object();
    for (int i = 0; i < DC_COUNT; i++) {
        json_object_set_new(hours, desk_category_id((enum desk_category)i),
                            deskview_hours(s->t.minutes[i]));
        json_object_set_new(mins, desk_category_id((enum desk_category)i),
                            json_integer(s->t.minutes[i]));
    }
    json_t *weeks = json_array(), *months = json_array(), *alerts = json_array();
    for (size_t i = 0; i < s->nweeks; i++)
        json_array_append_new(weeks, bucket(&s->weeks[i]));
    for (size_t i = 0; i < s->nmonths; i++)
        json_array_append_new(months, bucket(&s->months[i]));
    for (size_t i = 0; i < s->nalerts; i++) {
        const struct desk_alert *al = &s->alerts[i];
        json_t *a = json_pack("{s:s,s:o,s:o}", "kind", desk_alert_kind_id(al->kind), "from",
                              deskview_date(al->from), "to", deskview_date(al->to));
        if (al->kind == ALERT_OVER_FUNDED_TIME)
            json_object_set_new(a, "weeks", json_integer(al->weeks));
        else {
            json_object_set_new(a, "system_minutes", json_integer(al->system_minutes));
            json_object_set_new(a, "practices_minutes", json_integer(al->practices_minutes));
        }
        json_object_set_new(a, "text", json_string(al->text));
        json_array_append_new(alerts, a);
    }
    json_t *j = json_pack("{s:s,s:o,s:o,s:o,s:o}", "pcn", pcn, "from", deskview_date(s->from), "to",
                          deskview_date(s->to), "hours_by_category", hours, "minutes_by_category",
                          mins);
    json_object_set_new(j, "total_minutes", json_integer(s->t.total));
    json_object_set_new(j, "total_hours", deskview_hours(s->t.total));
    json_object_set_new(j, "internal_minutes", json_integer(s->t.internal));
    json_object_set_new(j, "external_minutes", json_integer(s->t.external));
    json_object_set_new(j, "other_minutes", json_integer(s->t.other));
    json_object_set_new(j, "practices_minutes", json_integer(s->t.practices));
    json_object_set_new(j, "system_minutes", json_integer(s->t.system));
    json_object_set_new(j, "meetings", json_integer(s->t.meetings));
    json_object_set_new(j, "practice_meetings", json_integer(s->t.practice_meetings));
    json_object_set_new(j, "system_meetings", json_integer(s->t.system_meetings));
    json_object_set_new(j, "activities", json_integer(s->t.activities));
    json_object_set_new(j, "funded_known", json_boolean(s->funded_known));
    json_object_set_new(j, "funded_minutes",
                        json_integer(money_div_round(s->funded_mmin, 1000, ROUND_HALF_UP)));
    json_object_set_new(j, "funded_hours", deskview_hours_mmin(s->funded_mmin));
    json_object_set_new(j, "funded_confidence", conf_json(s->funded_conf));
    json_object_set_new(j, "funded_per_week", funded_week(fd));
    json_object_set_new(j, "weeks", weeks);
    json_object_set_new(j, "months", months);
    json_object_set_new(j, "alerts", alerts);
    return j;
}

json_t *deskview_request(const struct desk_request *r)
{
    json_t *j = json_pack("{s:I,s:o,s:s,s:s}", "id", (json_int_t)r->id, "received",
                          deskview_date(r->received), "requester", r->requester ? r->requester : "",
                          "organisation", r->organisation ? r->organisation : "");
    json_object_set_new(j, "stakeholder_id",
                        r->stakeholder_id > 0 ? json_integer(r->stakeholder_id) : json_null());
    json_object_set_new(j, "what", json_string(r->what ? r->what : ""));
    json_object_set_new(j, "due", deskview_date(r->due));
    json_object_set_new(j, "estimate_minutes",
                        r->est_minutes >= 0 ? json_integer(r->est_minutes) : json_null());
    json_object_set_new(j, "within_role", json_string(desk_within_id(r->within)));
    json_object_set_new(j, "performance_management", json_boolean(r->performance_management));
    json_object_set_new(j, "within_role_effective",
                        json_string(desk_within_id(desk_request_within(r))));
    json_object_set_new(j, "decision", json_string(desk_decision_id(r->decision)));
    json_object_set_new(j, "decided", deskview_date(r->decided));
    json_object_set_new(j, "delegate_to", json_string(r->delegate_to ? r->delegate_to : ""));
    json_object_set_new(j, "decline_reason",
                        r->decline_reason == DECLINE_NONE
                            ? json_null()
                            : json_string(desk_decline_id(r->decline_reason)));
    json_object_set_new(j, "decline_note", json_string(r->decline_note ? r->decline_note : ""));
    json_object_set_new(j, "outcome", json_string(r->outcome ? r->outcome : ""));
    json_object_set_new(j, "done", json_boolean(r->done));
    return j;
}

json_t *deskview_requests(const struct desk_request *r, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, deskview_request(&r[i]));
    return a;
}

json_t *deskview_report(const char *pcn, const struct desk_report *r)
{
    json_t *byd = json_object(), *est = json_object(), *reasons = json_object();
    for (int i = 0; i < DEC_COUNT; i++) {
        json_object_set_new(byd, desk_decision_id((enum desk_decision)i),
                            json_integer(r->by_decision[i]));
        json_object_set_new(est, desk_decision_id((enum desk_decision)i),
                            json_integer(r->est_by_decision[i]));
    }
    for (int i = 1; i < DECLINE_COUNT; i++)
        json_object_set_new(reasons, desk_decline_id((enum desk_decline)i),
                            json_integer(r->by_reason[i]));
    json_t *declined = json_array(), *orgs = json_array();
    for (size_t i = 0; i < r->ndeclined; i++)
        json_array_append_new(declined, deskview_request(r->declined[i]));
    for (size_t i = 0; i < r->norgs; i++)
        json_array_append_new(orgs,
                              json_pack("{s:s,s:I,s:I}", "organisation", r->orgs[i].organisation,
                                        "requests", (json_int_t)r->orgs[i].n, "estimate_minutes",
                                        (json_int_t)r->orgs[i].est_minutes));
    json_t *j = json_pack("{s:s,s:o,s:o,s:I,s:o,s:o}", "pcn", pcn, "from", deskview_date(r->from),
                          "to", deskview_date(r->to), "received", (json_int_t)r->received,
                          "by_decision", byd, "estimate_minutes_by_decision", est);
    json_object_set_new(j, "estimate_minutes", json_integer(r->est_total));
    json_object_set_new(j, "not_estimated", json_integer(r->not_estimated));
    json_object_set_new(j, "outside_role", json_integer(r->outside_role));
    json_object_set_new(j, "unclear", json_integer(r->unclear));
    json_object_set_new(j, "performance_management", json_integer(r->performance_management));
    json_object_set_new(j, "funded_known", json_boolean(r->funded_known));
    json_object_set_new(j, "funded_minutes",
                        r->funded_known
                            ? json_integer(money_div_round(r->funded_mmin, 1000, ROUND_HALF_UP))
                            : json_null());
    json_object_set_new(j, "funded_hours",
                        r->funded_known ? deskview_hours_mmin(r->funded_mmin) : json_null());
    json_object_set_new(j, "funded_confidence", conf_json(r->funded_conf));
    json_object_set_new(j, "logged_minutes", json_integer(r->logged_minutes));
    json_object_set_new(j, "demand_bp",
                        r->demand_bp >= 0 ? json_integer(r->demand_bp) : json_null());
    json_object_set_new(j, "kept_bp", r->kept_bp >= 0 ? json_integer(r->kept_bp) : json_null());
    json_object_set_new(j, "declined_by_reason", reasons);
    json_object_set_new(j, "declined", declined);
    json_object_set_new(j, "organisations", orgs);
    return j;
}

json_t *deskview_stakeholder(const struct desk_stakeholder *s)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:i,s:i,s:s,s:s}", "id", (json_int_t)s->id, "name",
                     s->name ? s->name : "", "organisation", s->organisation ? s->organisation : "",
                     "kind", desk_sh_kind_id(s->kind), "kind_label", desk_sh_kind_label(s->kind),
                     "role", s->role_title ? s->role_title : "", "influence", s->influence,
                     "interest", s->interest, "quadrant",
                     desk_quadrant_label(desk_quadrant_of(s->influence, s->interest)), "notes",
                     s->notes ? s->notes : "");
}

json_t *deskview_stakeholders(const struct desk_stakeholder *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, deskview_stakeholder(&s[i]));
    return a;
}

json_t *deskview_engagement(const struct desk_engagement *g, date_t today)
{
    static const char *const fu[] = {"none", "done", "open", "due_today", "overdue"};
    enum desk_followup f = desk_followup_state(g, today);
    return json_pack("{s:I,s:o,s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:s}", "id", (json_int_t)g->id, "date",
                     deskview_date(g->date), "stakeholder_id", (json_int_t)g->stakeholder_id,
                     "stakeholder", g->stakeholder_name ? g->stakeholder_name : "", "purpose",
                     g->purpose ? g->purpose : "", "asks", g->asks ? g->asks : "", "commitments",
                     g->commitments ? g->commitments : "", "follow_up_due",
                     deskview_date(g->follow_up_due), "follow_up_done",
                     deskview_date(g->follow_up_done), "follow_up", fu[f]);
}

json_t *deskview_engagements(const struct desk_engagement *g, size_t n, date_t today)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, deskview_engagement(&g[i], today));
    return a;
}

json_t *deskview_delegation(const struct desk_delegation *d)
{
    return json_pack("{s:o,s:s,s:s,s:i,s:s}", "from", deskview_date(d->from), "lead",
                     d->lead ? d->lead : "", "lead_role", d->lead_role ? d->lead_role : "",
                     "cd_share", d->cd_share, "note", d->note ? d->note : "");
}

json_t *deskview_responsibility(const struct desk_responsibility *r, date_t on)
{
    const struct desk_delegation *cur = desk_delegation_on(r, on);
    json_t *hist = json_array();
    for (size_t i = 0; i < r->nhistory; i++)
        json_array_append_new(hist, deskview_delegation(&r->history[i]));
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:i,s:o}", "id", (json_int_t)r->id, "area",
                     desk_area_id(r->area), "area_label", desk_area_label(r->area), "role_code",
                     r->role_code ? r->role_code : "", "title", r->title ? r->title : "", "current",
                     cur ? deskview_delegation(cur) : json_null(), "cd_share",
                     desk_cd_share_on(r, on), "history", hist);
}

json_t *deskview_trail(const struct trail *t)
{
    json_t *a = json_array();
    for (size_t i = 0; i < t->n; i++) {
        const struct trail_step *s = &t->steps[i];
        json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:s,s:o,s:o}", "key", s->key, "text",
                                           s->text, "value", (json_int_t)s->value, "unit",
                                           trail_unit_name(s->unit), "source", str(s->source),
                                           "confidence", conf_json(s->conf)));
    }
    return a;
}

char *deskview_dump(const json_t *j, bool indent)
{
    if (!j)
        return NULL;
    return json_dumps(j, DESKVIEW_DUMP_FLAGS | (indent ? JSON_INDENT(2) : JSON_COMPACT));
}
