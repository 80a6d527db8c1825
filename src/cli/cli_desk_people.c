/* cli_desk_people.c: the people around the clinical director's desk on the
 * command line (cli_desk.h has what the desk commands share): stakeholders
 * and the MPs to pick them from, engagements and their follow-ups, the
 * delegation of responsibilities, supervision, the brief and the desk's
 * rules.  The commands are in `pcnops desk help`. */
#include "common.h"
#include "app.h"
#include "audit.h"
#include "buf.h"
#include "cli.h"
#include "cli_desk.h"
#include "deskbrief.h"
#include "deskdb.h"
#include "deskrules.h"
#include "desksup.h"
#include "deskview.h"
#include "mps.h"
#include "rules.h"
#include "sheet.h"
#include "table.h"

static int desk_stakeholders(struct cli_desk *d)
{
    struct desk_stakeholder *s;
    struct desk_engagement *g;
    size_t ns, ng;
    if (deskdb_stakeholders(d->app->db, d->pcn, &d->a, &s, &ns, &d->m) ||
        deskdb_engagements(d->app->db, d->pcn, d->app->today, &d->a, &g, &ng, &d->m))
        return cli_fail(d->app, &d->m);
    if (cli_desk_opt(d, "json")) {
        cli_desk_json(d, json_pack("{s:o,s:o}", "stakeholders", deskview_stakeholders(s, ns),
                                   "engagements", deskview_engagements(g, ng, d->app->today)));
        return EXIT_OK;
    }
    struct table t;
    table_init(&t, ">Id,Name,Kind,>Influence,>Interest,Approach");
    for (size_t i = 0; i < ns; i++) {
        const char *cells[] = {
            arena_printf(&d->a, "%" PRId64, s[i].id),
            s[i].name,
            desk_sh_kind_id(s[i].kind),
            arena_printf(&d->a, "%d", s[i].influence),
            arena_printf(&d->a, "%d", s[i].interest),
            desk_quadrant_label(desk_quadrant_of(s[i].influence, s[i].interest))};
        table_row(&t, cells);
    }
    cli_print_table(d->app, &t);
    return EXIT_OK;
}

/* desk mps [WORDS...]: the sitting MPs whose constituency, name, party or
 * local authority holds every word (all of them without words). */
static int desk_mps(struct cli_desk *d)
{
    struct app *app = d->app;
    struct mp_list l;
    struct buf q;
    buf_init(&q, MPS_QUERY_MAX + 1);
    for (int i = 0; i < d->c.npos; i++)
        buf_printf(&q, "%s%s", i ? " " : "", d->c.pos[i]);
    if (!buf_ok(&q) || q.len > MPS_QUERY_MAX) {
        buf_release(&q);
        return cli_usage(app, "desk mps: search with %d characters or fewer", MPS_QUERY_MAX);
    }
    if (mps_load(mps_path(&d->a, rules_dir_default(cli_desk_opt(d, "rules"))), &d->a, &l, &d->m)) {
        buf_release(&q);
        return cli_fail(app, &d->m);
    }
    const char *words = q.len ? q.buf : NULL;
    json_t *arr = cli_desk_opt(d, "json") ? json_array() : NULL;
    struct table t;
    size_t n = 0;
    if (!arr)
        table_init(&t, "Code,Constituency,MP,Party,Email");
    for (size_t i = 0; i < l.n; i++) {
        const struct mp *mp = &l.v[i];
        if (words && !mps_match(mp, words))
            continue;
        if (arr) {
            json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:o,s:s,s:s}", "pcon_code",
                                                 mp->pcon_code, "constituency", mp->pcon_name, "mp",
                                                 mp->full_title, "party", mp->party, "email",
                                                 *mp->email ? json_string(mp->email) : json_null(),
                                                 "local_authorities", mp->local_authorities,
                                                 "region", mp->region));
            continue;
        }
        const char *cells[] = {mp->pcon_code, mp->pcon_name, mp->full_title, mp->party,
                               *mp->email ? mp->email : "not known"};
        table_row(&t, cells);
        n++;
    }
    if (arr) {
        cli_desk_json(d, json_pack("{s:s,s:o}", "as_of", MPS_AS_OF, "mps", arr));
    } else {
        cli_print_table(app, &t);
        fprintf(app->out,
                "%zu of %zu constituencies (sitting MPs of " MPS_AS_OF
                "). Add one with: desk stakeholder add PCN --mp CODE --influence N "
                "--interest N\n",
                n, l.n);
    }
    buf_release(&q);
    return EXIT_OK;
}

/* --mp CODE: the MP of that constituency from the bundled list fills in
 * what the options given do not say. */
static int stakeholder_mp(struct cli_desk *d, struct desk_stakeholder *s)
{
    struct mp_list l;
    struct mp_stakeholder st;
    if (mps_load(mps_path(&d->a, rules_dir_default(cli_desk_opt(d, "rules"))), &d->a, &l, &d->m))
        return cli_fail(d->app, &d->m);
    const struct mp *mp = mps_find(&l, cli_desk_opt(d, "mp"));
    if (!mp) {
        msg_set(&d->m, PCN_EINVAL,
                "--mp: '%s' is not a constituency code of the list of MPs "
                "(desk mps WORDS finds one)",
                cli_desk_opt(d, "mp"));
        return cli_fail(d->app, &d->m);
    }
    mps_stakeholder(mp, &d->a, &st);
    if (!cli_desk_opt(d, "name"))
        s->name = st.name;
    if (!cli_desk_opt(d, "org"))
        s->organisation = st.organisation;
    if (!cli_desk_opt(d, "role"))
        s->role_title = st.role_title;
    if (!cli_desk_opt(d, "notes"))
        s->notes = st.notes;
    if (!cli_desk_opt(d, "kind"))
        s->kind = SH_MP;
    return 0;
}

/* --influence or --interest: 1 to 5, else 0 (the store says why). */
static int score(const struct cli_desk *d, const char *name)
{
    int64_t v;
    return cli_desk_opt(d, name) && !parse_i64(cli_desk_opt(d, name), 1, 5, &v) ? (int)v : 0;
}

static int desk_stakeholder(struct cli_desk *d)
{
    int rc;
    struct desk_stakeholder s = {.name = cli_desk_opt(d, "name"),
                                 .organisation = cli_desk_str(d, "org"),
                                 .role_title = cli_desk_str(d, "role"),
                                 .notes = cli_desk_str(d, "notes")};
    if (desk_sh_kind_parse(cli_desk_opt(d, "kind"), &s.kind))
        s.kind = SH_COUNT;
    if (cli_desk_opt(d, "mp") && (rc = stakeholder_mp(d, &s)))
        return rc;
    s.influence = score(d, "influence");
    s.interest = score(d, "interest");
    int64_t id;
    if (deskdb_save_stakeholder(d->app->db, &d->w, d->pcn, &s, &id, &d->e, &d->m))
        return cli_desk_bad(d);
    fprintf(d->app->out, "Stakeholder %" PRId64 " added to %s.\n", id, d->pcn);
    return EXIT_OK;
}

static int desk_engagement(struct cli_desk *d)
{
    struct app *app = d->app;
    int64_t id;
    int rc;
    if (d->sub[0] == 'd') {
        date_t on;
        if (d->c.npos != 2 || parse_i64(d->c.pos[1], 1, INT64_MAX, &id))
            return cli_usage(app, "desk engagement done PCN ID [--on DATE]");
        if ((rc = cli_desk_date(d, "on", &on)))
            return rc;
        if (deskdb_followup_done(app->db, &d->w, d->pcn, id, on == DATE_NONE ? app->today : on,
                                 &d->m))
            return cli_fail(app, &d->m);
        fprintf(app->out, "Follow-up of engagement %" PRId64 " is done.\n", id);
        return EXIT_OK;
    }
    struct desk_engagement g = {.purpose = cli_desk_opt(d, "purpose"),
                                .asks = cli_desk_str(d, "asks"),
                                .commitments = cli_desk_str(d, "commitments"),
                                .follow_up_done = DATE_NONE};
    if ((rc = cli_desk_date(d, "date", &g.date)) ||
        (rc = cli_desk_date(d, "follow-up", &g.follow_up_due)))
        return rc;
    cli_desk_id(d, "stakeholder", "stakeholder", &g.stakeholder_id);
    if (d->e.n || deskdb_add_engagement(app->db, &d->w, d->pcn, &g, app->today, &id, &d->e, &d->m))
        return cli_desk_bad(d);
    fprintf(app->out, "Engagement %" PRId64 " recorded for %s.\n", id, d->pcn);
    return EXIT_OK;
}

static int desk_followups(struct cli_desk *d)
{
    struct desk_engagement *g;
    size_t n;
    if (deskdb_overdue(d->app->db, d->pcn, d->app->today, &d->a, &g, &n, &d->m))
        return cli_fail(d->app, &d->m);
    if (cli_desk_opt(d, "json")) {
        cli_desk_json(d, deskview_engagements(g, n, d->app->today));
        return EXIT_OK;
    }
    struct table t;
    table_init(&t, ">Id,Due,With,Purpose");
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        date_format_iso(g[i].follow_up_due, iso);
        const char *cells[] = {arena_printf(&d->a, "%" PRId64, g[i].id), iso, g[i].stakeholder_name,
                               g[i].purpose};
        table_row(&t, cells);
    }
    cli_print_table(d->app, &t);
    fprintf(d->app->out, "%zu follow-up%s overdue.\n", n, n == 1 ? "" : "s");
    return EXIT_OK;
}

/* desk delegation add PCN --area A [--role ROLE] [--title T] */
static int delegation_add(struct cli_desk *d)
{
    enum desk_area area;
    if (desk_area_parse(cli_desk_opt(d, "area"), &area))
        return cli_usage(d->app, "--area: arrs_recruitment, iif, access, digital, "
                                 "arrs_clinical_lead, int_liaison or own");
    const char *role = cli_desk_opt(d, "role");
    const char *title = area == AREA_OWN ? cli_desk_opt(d, "title")
                        : area == AREA_ARRS_CLINICAL_LEAD
                            ? (role ? arena_printf(&d->a, "Clinical lead: %s", role) : "")
                            : desk_area_label(area);
    int64_t id;
    if (deskdb_add_responsibility(d->app->db, &d->w, d->pcn, area, role, title, &id, &d->e, &d->m))
        return cli_desk_bad(d);
    fprintf(d->app->out, "Responsibility %" PRId64 " added to %s.\n", id, d->pcn);
    return EXIT_OK;
}

/* desk delegation set PCN ID --from D --cd-share PCT [--lead N] [--lead-role R] */
static int delegation_set(struct cli_desk *d)
{
    int64_t id;
    struct desk_delegation g = {.lead = cli_desk_str(d, "lead"),
                                .lead_role = cli_desk_str(d, "lead-role"),
                                .note = cli_desk_str(d, "note")};
    if (d->c.npos != 2 || parse_i64(d->c.pos[1], 1, INT64_MAX, &id) ||
        cli_desk_date(d, "from", &g.from) || !cli_desk_opt(d, "cd-share"))
        return cli_usage(d->app, "desk delegation set PCN ID --from DATE --cd-share PCT "
                                 "[--lead NAME] [--lead-role TEXT]");
    if (desk_parse_percent(cli_desk_opt(d, "cd-share"), &g.cd_share))
        g.cd_share = -1;
    if (deskdb_delegate(d->app->db, &d->w, d->pcn, id, &g, d->app->today, &d->e, &d->m))
        return cli_desk_bad(d);
    fprintf(d->app->out, "Delegation of responsibility %" PRId64 " recorded.\n", id);
    return EXIT_OK;
}

static int desk_delegation(struct cli_desk *d)
{
    if (d->sub)
        return d->sub[0] == 'a' ? delegation_add(d) : delegation_set(d);
    struct app *app = d->app;
    date_t on;
    struct desk_responsibility *r;
    size_t n;
    int rc;
    if ((rc = cli_desk_date(d, "on", &on)))
        return rc;
    if (on == DATE_NONE)
        on = app->today;
    if (deskdb_responsibilities(app->db, d->pcn, &d->a, &r, &n, &d->m))
        return cli_fail(app, &d->m);
    if (cli_desk_opt(d, "json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, deskview_responsibility(&r[i], on));
        int64_t avg = desk_cd_share_avg_bp(r, n, on);
        cli_desk_json(d, json_pack("{s:s,s:o,s:o,s:o}", "pcn", d->pcn, "on", deskview_date(on),
                                   "cd_share_avg_bp", avg >= 0 ? json_integer(avg) : json_null(),
                                   "responsibilities", arr));
        return EXIT_OK;
    }
    struct table t;
    table_init(&t, ">Id,Responsibility,Lead,>CD holds %");
    for (size_t i = 0; i < n; i++) {
        const struct desk_delegation *cur = desk_delegation_on(&r[i], on);
        const char *cells[] = {arena_printf(&d->a, "%" PRId64, r[i].id), r[i].title,
                               cur && *cur->lead ? cur->lead : "-",
                               arena_printf(&d->a, "%d", desk_cd_share_on(&r[i], on))};
        table_row(&t, cells);
    }
    cli_print_table(app, &t);
    return EXIT_OK;
}

static int desk_brief(struct cli_desk *d)
{
    struct app *app = d->app;
    struct desk_brief b;
    /* Rules problems do not stop the brief: what they hold is used. */
    struct rules *r = ARENA_NEW(&d->a, struct rules);
    struct rules_diag *dg = ARENA_NEW(&d->a, struct rules_diag);
    struct deskrules *dr = ARENA_NEW(&d->a, struct deskrules);
    struct pcn_msg ignore = {0};
    const char *dir = rules_dir_default(cli_desk_opt(d, "rules"));
    rules_load(dir, &d->a, r, dg, &ignore);
    deskrules_load(dir, &d->a, dr, &ignore);
    if (deskbrief_build(app->db, r, dr, d->pcn, app->today, cli_desk_opt(d, "audience"), DATE_NONE,
                        &d->a, &b, &d->m))
        return cli_fail(app, &d->m);
    const char *xlsx = cli_desk_opt(d, "xlsx");
    if (!xlsx) {
        cli_desk_json(d, deskbrief_json(&b));
        return EXIT_OK;
    }
    struct sheet sh[8];
    size_t n;
    deskbrief_sheets(&b, &d->a, sh, &n);
    if (sheet_write_xlsx(sh, n, xlsx, &d->m) ||
        audit_cli(app->db, "desk-export", "pcn", d->pcn,
                  json_pack("{s:s,s:s}", "record", "brief", "file", xlsx), &d->m))
        return cli_fail(app, &d->m);
    fprintf(app->out, "Wrote the brief of %s to %s.\n", d->pcn, xlsx);
    return EXIT_OK;
}

/* desk supervision PCN: each post's supervision, and how many are overdue. */
static int supervision_list(struct cli_desk *d)
{
    struct app *app = d->app;
    struct desk_supervision s;
    struct rules r;
    struct rules_diag dg = {0};
    struct pcn_msg ignore = {0};
    rules_load(rules_dir_default(cli_desk_opt(d, "rules")), &d->a, &r, &dg, &ignore);
    const struct deskrules *dr = cli_desk_rules(d, cli_desk_opt(d, "rules"));
    if (desksup_load(app->db, dr, &r, d->pcn, app->today, &d->a, &s, &d->m))
        return cli_fail(app, &d->m);
    if (cli_desk_opt(d, "json")) {
        cli_desk_json(d, desksup_json(d->pcn, &s, app->today));
        return EXIT_OK;
    }
    struct table t;
    table_init(&t, ">Id,Name,Role,Supervisor,Last session,Next due,Status");
    for (size_t i = 0; i < s.n; i++) {
        char last[11] = "-", due[11] = "-";
        if (s.rows[i].st.last != DATE_NONE)
            date_format_iso(s.rows[i].st.last, last);
        if (s.rows[i].st.due != DATE_NONE)
            date_format_iso(s.rows[i].st.due, due);
        const char *cells[] = {arena_printf(&d->a, "%" PRId64, s.rows[i].staff_id),
                               s.rows[i].name,
                               s.rows[i].role,
                               s.rows[i].supervisor,
                               last,
                               due,
                               desk_sup_id(s.rows[i].st.state)};
        table_row(&t, cells);
    }
    cli_print_table(app, &t);
    fprintf(app->out, "%zu overdue.\n", s.noverdue);
    return EXIT_OK;
}

static int desk_supervision(struct cli_desk *d)
{
    struct app *app = d->app;
    int64_t staff = 0, minutes = -1;
    int rc;
    cli_desk_id(d, "staff", "staff", &staff);
    if (cli_desk_opt(d, "hours") && desk_parse_hours(cli_desk_opt(d, "hours"), &minutes, &d->m))
        desk_errs_add(&d->e, "--hours", "%s", d->m.text);
    date_t date;
    if ((rc = cli_desk_date(d, "date", &date)))
        return rc;
    if (!d->sub)
        return supervision_list(d);
    if (!strcmp(d->sub, "log")) {
        struct desk_sup_session s = {.staff_id = staff,
                                     .date = date,
                                     .supervisor = cli_desk_opt(d, "supervisor"),
                                     .minutes = minutes,
                                     .note = cli_desk_str(d, "note")};
        if (!s.supervisor) {
            struct desk_supervision all;
            if (desksup_load(app->db, NULL, NULL, d->pcn, app->today, &d->a, &all, &d->m) == 0)
                for (size_t i = 0; i < all.n; i++)
                    if (all.rows[i].staff_id == staff && *all.rows[i].supervisor)
                        s.supervisor = all.rows[i].supervisor;
        }
        if (d->e.n ||
            desksup_add_session(app->db, &d->w, d->pcn, &s, app->today, NULL, &d->e, &d->m))
            return cli_desk_bad(d);
        fprintf(app->out, "Supervision session of staff %" PRId64 " logged.\n", staff);
    } else if (!strcmp(d->sub, "training")) {
        struct desk_training t = {.staff_id = staff,
                                  .attended = date,
                                  .course = cli_desk_opt(d, "course"),
                                  .provider = cli_desk_str(d, "provider"),
                                  .minutes = minutes};
        if (d->e.n ||
            desksup_add_training(app->db, &d->w, d->pcn, &t, app->today, NULL, &d->e, &d->m))
            return cli_desk_bad(d);
        fprintf(app->out, "Course of staff %" PRId64 " recorded.\n", staff);
    } else {
        int64_t days = -1;
        const char *role = cli_desk_opt(d, "role");
        if (!role || (!cli_desk_opt(d, "days") == !cli_desk_opt(d, "clear")))
            return cli_usage(app,
                             "desk supervision minimum PCN --role ROLE|* (--days N | --clear)");
        if (cli_desk_opt(d, "days") && parse_i64(cli_desk_opt(d, "days"), 1, 366, &days))
            desk_errs_add(&d->e, "--days", "give a whole number of days from 1 to 366");
        if (d->e.n || desksup_set_policy(app->db, &d->w, d->pcn, role, days, &d->e, &d->m))
            return cli_desk_bad(d);
        fprintf(app->out, "Minimum supervision of %s in %s saved.\n", role, d->pcn);
    }
    return EXIT_OK;
}

static int desk_rules(struct cli_desk *d)
{
    struct app *app = d->app;
    struct deskrules r;
    if (d->argc > 1)
        return cli_usage(app, "desk rules [DIR]");
    const char *dir = rules_dir_default(d->argc ? d->argv[0] : NULL);
    int rc = deskrules_load(dir, &d->a, &r, &d->m);
    for (long i = 0; i < r.nerrors && i < DESKRULES_ERRORS_KEPT; i++)
        fprintf(app->err, "%s\n", r.errors[i]);
    if (rc == 0)
        fprintf(app->out,
                "%s: %zu clinical director time row%s, %zu supervision row%s and %zu "
                "deadline%s, no problems.\n",
                dir, r.ncd, r.ncd == 1 ? "" : "s", r.nsup, r.nsup == 1 ? "" : "s", r.ndeadlines,
                r.ndeadlines == 1 ? "" : "s");
    else if (rc != PCN_EINVAL)
        fprintf(app->err, "pcnops: %s\n", d->m.text);
    return rc ? EXIT_BAD : EXIT_OK;
}

const struct cli_desk_cmd cli_desk_people_cmds[] = {
    {"stakeholders", "desk stakeholders", "json", true, NULL, NULL, desk_stakeholders},
    {"stakeholder", "desk stakeholder add",
     "name=,kind=,influence=,interest=,org=,role=,notes=,mp=,rules=", true, "add",
     "desk stakeholder add PCN --name NAME --kind KIND --influence N --interest N",
     desk_stakeholder},
    {"engagement", "desk engagement",
     "date=,stakeholder=,purpose=,asks=,commitments=,follow-up=,on=", true, "add,done",
     "desk engagement add|done ...", desk_engagement},
    {"followups", "desk followups", "json", true, NULL, NULL, desk_followups},
    {"delegation", "desk delegation",
     "json,on=,area=,role=,title=,from=,lead=,lead-role=,cd-share=,note=", true, "add,set", NULL,
     desk_delegation},
    {"brief", "desk brief", "audience=,json,xlsx=,rules=", true, NULL, NULL, desk_brief},
    {"supervision", "desk supervision",
     "json,staff=,date=,supervisor=,hours=,note=,course=,provider=,role=,days=,clear,rules=", true,
     "log,training,minimum", NULL, desk_supervision},
    {"rules", "desk rules", NULL, false, NULL, NULL, desk_rules},
    {"mps", "desk mps", "json,rules=", false, NULL, NULL, desk_mps},
};
const size_t cli_desk_people_ncmds = ARRAY_SIZE(cli_desk_people_cmds);
