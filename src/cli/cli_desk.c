/* cli_desk.c: the clinical director's desk on the command line (cli_desk.h):
 * what the desk commands share, and `pcnops desk PCN`, `desk requests`,
 * `desk request add|decide|outcome` and `desk report`; the time log is in
 * cli_time.c, the people around the desk in cli_desk_people.c.
 *
 *   pcnops desk PCN [--json]            and the other desk commands (usage) */
#include "common.h"
#include "app.h"
#include "buf.h"
#include "cli.h"
#include "cli_desk.h"
#include "deskdb.h"
#include "deskrules.h"
#include "deskview.h"
#include "rules.h"
#include "table.h"

/* ---- options ------------------------------------------------------------- */

/* spec: "date=,hours=,stakeholder=*,json" (= takes a value, * repeats). */
static int parse(struct app *app, const char *cmd, const char *spec, int argc, char **argv,
                 struct cli_desk_opts *c)
{
    memset(c, 0, sizeof *c);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            if (c->npos == (int)ARRAY_SIZE(c->pos))
                return cli_usage(app, "%s: too many arguments", cmd);
            c->pos[c->npos++] = a;
            continue;
        }
        const char *name = a + 2;
        size_t len = strlen(name);
        const char *p = spec;
        bool found = false, value = false, repeat = false;
        while (*p) {
            const char *end = strchr(p, ',');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            size_t base = n;
            while (base && (p[base - 1] == '=' || p[base - 1] == '*'))
                base--;
            if (base == len && strncmp(p, name, len) == 0) {
                found = true;
                value = memchr(p, '=', n) != NULL;
                repeat = memchr(p, '*', n) != NULL;
                break;
            }
            if (!end)
                break;
            p = end + 1;
        }
        if (!found)
            return cli_usage(app, "%s: unknown option %s", cmd, a);
        int k;
        for (k = 0; k < c->no; k++)
            if (strcmp(c->o[k].name, name) == 0)
                break;
        if (k == c->no) {
            if (c->no == CLI_DESK_MAX_OPTS)
                return cli_usage(app, "%s: too many options", cmd);
            c->o[c->no++].name = name;
        } else if (!repeat) {
            return cli_usage(app, "%s: %s given twice", cmd, a);
        }
        const char *v = "";
        if (value) {
            if (i + 1 >= argc)
                return cli_usage(app, "%s: %s needs a value", cmd, a);
            v = argv[++i];
        }
        if (c->o[k].n == CLI_DESK_MAX_VALS)
            return cli_usage(app, "%s: %s given too often", cmd, a);
        c->o[k].v[c->o[k].n++] = v;
    }
    return 0;
}

const char *cli_desk_opt(const struct cli_desk *d, const char *name)
{
    for (int k = 0; k < d->c.no; k++)
        if (strcmp(d->c.o[k].name, name) == 0)
            return d->c.o[k].v[0];
    return NULL;
}

const char *cli_desk_str(const struct cli_desk *d, const char *name)
{
    const char *v = cli_desk_opt(d, name);
    return v ? v : "";
}

int cli_desk_opt_all(const struct cli_desk *d, const char *name, const char *const **v)
{
    for (int k = 0; k < d->c.no; k++)
        if (strcmp(d->c.o[k].name, name) == 0) {
            *v = d->c.o[k].v;
            return d->c.o[k].n;
        }
    return 0;
}

int cli_desk_date(struct cli_desk *d, const char *name, date_t *out)
{
    const char *s = cli_desk_opt(d, name);
    *out = DATE_NONE;
    if (s && date_parse_iso(s, strlen(s), out))
        return cli_usage(d->app, "--%s: '%s' is not a date (YYYY-MM-DD)", name, s);
    return 0;
}

int cli_desk_period(struct cli_desk *d, int days, date_t *from, date_t *to)
{
    int rc;
    if ((rc = cli_desk_date(d, "from", from)) || (rc = cli_desk_date(d, "to", to)))
        return rc;
    if (*to == DATE_NONE)
        *to = d->app->today;
    if (*from == DATE_NONE)
        *from = *to - (days - 1);
    if (*to < *from)
        return cli_usage(d->app, "--to must be on or after --from");
    return 0;
}

void cli_desk_id(struct cli_desk *d, const char *name, const char *what, int64_t *id)
{
    const char *s = cli_desk_opt(d, name);
    if (s && parse_i64(s, 1, INT64_MAX, id))
        desk_errs_add(&d->e, arena_printf(&d->a, "--%s", name), "'%s' is not a %s id", s, what);
}

/* The option a form field's error is about: "decline_reason" -> "--reason". */
static const char *option_of(const char *field, char *buf, size_t n)
{
    static const struct {
        const char *field, *option;
    } map[] = {
        {"decline_reason", "--reason"},
        {"decline_note", "--note"},
        {"delegate_to", "--to"},
        {"requester", "--from-name"},
        {"organisation", "--org"},
        {"role_title", "--role"},
        {"session", "--date"},
        {"attended", "--date"},
        {"max_days", "--days"},
        {"follow_up", "--follow-up"},
        {"cd_share", "--cd-share"},
        {"lead_role", "--lead-role"},
        {"from", "--from"},
        {"within", "--outside-role"},
    };
    if (strncmp(field, "--", 2) == 0)
        return field;
    for (size_t i = 0; i < ARRAY_SIZE(map); i++)
        if (strcmp(map[i].field, field) == 0)
            return map[i].option;
    snprintf(buf, n, "--%s", field);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = '-';
    return buf;
}

int cli_desk_bad(struct cli_desk *d)
{
    if (d->e.n) {
        for (size_t i = 0; i < d->e.n; i++) {
            char buf[64];
            fprintf(d->app->err, "pcnops: %s: %s\n", option_of(d->e.e[i].field, buf, sizeof buf),
                    d->e.e[i].text);
        }
        fputs("pcnops: nothing was saved.\n", d->app->err);
        return EXIT_BAD;
    }
    return cli_fail(d->app, &d->m);
}

void cli_desk_json(struct cli_desk *d, json_t *j)
{
    char *text = deskview_dump(j, true);
    json_decref(j);
    if (text) {
        fputs(text, d->app->out);
        fputc('\n', d->app->out);
        free(text);
    }
}

const char *cli_desk_hours(struct buf *b, int64_t mmin)
{
    buf_reset(b);
    desk_add_hours(b, mmin);
    return b->buf;
}

const struct deskrules *cli_desk_rules(struct cli_desk *d, const char *dir)
{
    struct deskrules *r = ARENA_NEW(&d->a, struct deskrules);
    struct pcn_msg m = {0};
    if (deskrules_load(rules_dir_default(dir), &d->a, r, &m))
        fprintf(d->app->err, "pcnops: warning: %s\n", m.text);
    return r;
}

/* ---- running a command ---------------------------------------------------- */

/* Whether word is one of list ("add,done"). */
static bool listed(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
        if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0'))
            return true;
    return false;
}

const struct cli_desk_cmd *cli_desk_find(const struct cli_desk_cmd *cmds, size_t n,
                                         const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(cmds[i].name, name) == 0)
            return &cmds[i];
    return NULL;
}

int cli_desk_run(struct app *app, const struct cli_desk_cmd *cmd, int argc, char **argv)
{
    struct cli_desk d = {.app = app};
    int rc;
    if (cmd->subs || cmd->sub_usage) {
        bool sub = argc > 0 && (!cmd->subs || listed(cmd->subs, argv[0]));
        if (!sub && cmd->sub_usage)
            return cli_usage(app, "%s", cmd->sub_usage);
        if (sub) {
            d.sub = argv[0];
            argc--;
            argv++;
        }
    }
    d.argc = argc;
    d.argv = argv;
    if (cmd->spec && (rc = parse(app, cmd->label, cmd->spec, argc, argv, &d.c)))
        return rc;
    if (cmd->pcn) {
        if (d.c.npos < 1)
            return cli_usage(app, "%s needs a PCN code", cmd->label);
        if (cli_open_db(app, &d.m) || deskdb_check_pcn(app->db, d.c.pos[0], &d.m))
            return cli_fail(app, &d.m);
        d.pcn = d.c.pos[0];
    }
    deskdb_actor_cli(&d.w, time(NULL));
    arena_init(&d.a, 0);
    rc = cmd->fn(&d);
    arena_release(&d.a);
    return rc;
}

static const char desk_help[] =
    "Usage: pcnops desk ...   the clinical director's desk\n"
    "\n"
    "  desk PCN [--json]            time, requests and follow-ups at a glance\n"
    "  desk requests PCN [--json]\n"
    "  desk request add PCN --from-name N --what T [--org O] [--received D] [--due D]\n"
    "       [--hours H] [--outside-role|--unclear] [--performance-management]\n"
    "       [--stakeholder ID]\n"
    "  desk request decide PCN ID accept | delegate --to NAME\n"
    "       | decline --reason R [--note T]   (reasons: outside_role,\n"
    "       performance_management, no_capacity, not_pcn_business,\n"
    "       covered_elsewhere, other)\n"
    "  desk request outcome PCN ID [--outcome T] [--done]\n"
    "  desk report PCN --from D --to D [--json]   demand against funded time\n"
    "  desk delegation PCN [--on D] [--json]\n"
    "  desk delegation add PCN --area A [--role ROLE] [--title T]   (areas:\n"
    "       arrs_recruitment, iif, access, digital, arrs_clinical_lead, int_liaison,\n"
    "       own)\n"
    "  desk delegation set PCN ID --from D --cd-share PCT [--lead N] [--lead-role R]\n"
    "  desk stakeholders PCN [--json]\n"
    "  desk mps [WORDS...] [--json]   sitting MPs by constituency, name, party or council\n"
    "  desk stakeholder add PCN --name N --kind K --influence 1-5 --interest 1-5\n"
    "       [--org O] [--role R] [--notes T] [--mp CODE]   (--mp: an MP of the list,\n"
    "       name, role and email filled in; kinds: icb, place, int_partner,\n"
    "       community_trust, mental_health_trust, local_authority, lmc, training_hub,\n"
    "       mp, candidate, voluntary, practice, other)\n"
    "  desk engagement add PCN --date D --stakeholder ID --purpose T [--asks T]\n"
    "       [--commitments T] [--follow-up D]\n"
    "  desk engagement done PCN ID [--on D]\n"
    "  desk followups PCN [--json]  overdue follow-ups\n"
    "  desk brief PCN [--audience mp|icb|int|other] [--xlsx FILE]\n"
    "  desk supervision PCN [--json]\n"
    "  desk supervision log PCN --staff ID --date D [--supervisor N] [--hours H]\n"
    "  desk supervision training PCN --staff ID --date D --course T [--provider P]\n"
    "  desk supervision minimum PCN --role ROLE|* (--days N | --clear)\n"
    "  desk rules [DIR]             checks rules/YEAR/cd_time.csv, supervision.csv and\n"
    "                               deadlines.csv\n";

/* ---- the desk ------------------------------------------------------------ */

static int desk_overview(struct cli_desk *d)
{
    struct app *app = d->app;
    struct desk_funding f;
    struct desk_funded fd;
    struct desk_summary s;
    struct desk_activity *acts;
    struct desk_request *reqs;
    struct desk_engagement *over;
    size_t nacts, nreqs, nover;
    date_t to = app->today, from = desk_week_start(to) - 21;
    const struct deskrules *r = cli_desk_rules(d, cli_desk_opt(d, "rules"));
    if (deskdb_funding(app->db, r, d->pcn, to, &d->a, &f, &d->m) ||
        desk_funded_on(&f, to, &fd, &d->m) ||
        deskdb_activities(app->db, d->pcn, from, to, &d->a, &acts, &nacts, &d->m) ||
        desk_summarise(acts, nacts, from, to, &f, &d->a, &s, &d->m) ||
        deskdb_requests(app->db, d->pcn, &d->a, &reqs, &nreqs, &d->m) ||
        deskdb_overdue(app->db, d->pcn, app->today, &d->a, &over, &nover, &d->m))
        return cli_fail(app, &d->m);
    long pending = 0;
    for (size_t i = 0; i < nreqs; i++)
        pending += reqs[i].decision == DEC_PENDING;
    if (cli_desk_opt(d, "json")) {
        cli_desk_json(d, json_pack("{s:s,s:o,s:I,s:o}", "pcn", d->pcn, "last_4_weeks",
                                   deskview_summary(d->pcn, &s, &fd), "pending_requests",
                                   (json_int_t)pending, "overdue_followups",
                                   deskview_engagements(over, nover, app->today)));
        return EXIT_OK;
    }
    struct buf b;
    buf_init(&b, 64);
    fprintf(app->out, "Clinical director's desk of %s\n", d->pcn);
    fprintf(app->out, "Funded time a week     %s%s\n",
            fd.known ? cli_desk_hours(&b, fd.mmin_per_week) : "not known",
            fd.known ? " hours" : "");
    struct buf pb;
    buf_init(&pb, 128);
    desk_period_add(&pb, from, to);
    fprintf(app->out, "Logged, %s   %s hours\n", pb.buf, cli_desk_hours(&b, s.t.total * 1000));
    buf_release(&pb);
    fprintf(app->out, "Requests to decide     %ld\n", pending);
    fprintf(app->out, "Follow-ups overdue     %zu\n", nover);
    for (size_t i = 0; i < s.nalerts; i++)
        fprintf(app->out, "Alert: %s\n", s.alerts[i].text);
    buf_release(&b);
    return EXIT_OK;
}

static int desk_requests(struct cli_desk *d)
{
    struct desk_request *r;
    size_t n;
    if (deskdb_requests(d->app->db, d->pcn, &d->a, &r, &n, &d->m))
        return cli_fail(d->app, &d->m);
    if (cli_desk_opt(d, "json")) {
        cli_desk_json(d, deskview_requests(r, n));
        return EXIT_OK;
    }
    struct table t;
    table_init(&t, ">Id,Received,From,Within role,Decision,What");
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        date_format_iso(r[i].received, iso);
        const char *cells[] = {arena_printf(&d->a, "%" PRId64, r[i].id),
                               iso,
                               r[i].requester,
                               desk_within_id(desk_request_within(&r[i])),
                               desk_decision_id(r[i].decision),
                               r[i].what};
        table_row(&t, cells);
    }
    cli_print_table(d->app, &t);
    return EXIT_OK;
}

/* desk request add: a new request from the options. */
static int request_new(struct cli_desk *d, struct desk_request *r)
{
    int rc;
    if (d->c.npos != 1)
        return cli_usage(d->app, "desk request add PCN --from-name NAME --what TEXT ...");
    r->requester = cli_desk_opt(d, "from-name");
    r->organisation = cli_desk_str(d, "org");
    r->what = cli_desk_opt(d, "what");
    if ((rc = cli_desk_date(d, "received", &r->received)) ||
        (rc = cli_desk_date(d, "due", &r->due)))
        return rc;
    if (r->received == DATE_NONE)
        r->received = d->app->today;
    r->decided = DATE_NONE;
    r->est_minutes = -1;
    if (cli_desk_opt(d, "hours") &&
        desk_parse_hours(cli_desk_opt(d, "hours"), &r->est_minutes, &d->m))
        desk_errs_add(&d->e, "--hours", "%s", d->m.text);
    r->within = cli_desk_opt(d, "outside-role") ? WITHIN_NO
                : cli_desk_opt(d, "unclear")    ? WITHIN_UNCLEAR
                                                : WITHIN_YES;
    r->performance_management = cli_desk_opt(d, "performance-management") != NULL;
    cli_desk_id(d, "stakeholder", "stakeholder", &r->stakeholder_id);
    r->decision = DEC_PENDING;
    r->delegate_to = r->decline_note = r->outcome = "";
    return 0;
}

/* desk request decide|outcome PCN ID: the request, changed by the options. */
static int request_change(struct cli_desk *d, bool decide, int64_t *id, struct desk_request *r)
{
    if (d->c.npos != (decide ? 3 : 2) || parse_i64(d->c.pos[1], 1, INT64_MAX, id))
        return cli_usage(d->app, decide ? "desk request decide PCN ID accept|delegate|decline ..."
                                        : "desk request outcome PCN ID --outcome TEXT [--done]");
    if (deskdb_request_get(d->app->db, d->pcn, *id, &d->a, r, &d->m))
        return cli_fail(d->app, &d->m);
    if (!decide) {
        if (!cli_desk_opt(d, "outcome") && !cli_desk_opt(d, "done"))
            return cli_usage(d->app, "desk request outcome needs --outcome TEXT or --done");
        if (cli_desk_opt(d, "outcome"))
            r->outcome = cli_desk_opt(d, "outcome");
        if (cli_desk_opt(d, "done"))
            r->done = true;
        return 0;
    }
    if (desk_decision_parse(d->c.pos[2], &r->decision) || r->decision == DEC_PENDING)
        return cli_usage(d->app, "the decision is accept, delegate or decline");
    r->delegate_to = cli_desk_str(d, "to");
    r->decline_note = cli_desk_str(d, "note");
    r->decline_reason = DECLINE_NONE;
    if (cli_desk_opt(d, "reason") &&
        desk_decline_parse(cli_desk_opt(d, "reason"), &r->decline_reason))
        desk_errs_add(&d->e, "--reason",
                      "'%s' is not a reason: outside_role, "
                      "performance_management, no_capacity, "
                      "not_pcn_business, covered_elsewhere or other",
                      cli_desk_opt(d, "reason"));
    return 0;
}

static int desk_request(struct cli_desk *d)
{
    struct desk_request r = {0};
    int64_t id = 0;
    int rc;
    if (strcmp(d->sub, "add") == 0)
        rc = request_new(d, &r);
    else if (strcmp(d->sub, "decide") == 0 || strcmp(d->sub, "outcome") == 0)
        rc = request_change(d, d->sub[0] == 'd', &id, &r);
    else
        rc = cli_usage(d->app, "desk request: unknown command '%s' (add, decide or outcome)",
                       d->sub);
    if (rc)
        return rc;
    if (d->e.n ||
        deskdb_save_request(d->app->db, &d->w, d->pcn, &r, d->app->today, &id, &d->e, &d->m))
        return cli_desk_bad(d);
    fprintf(d->app->out, "Request %" PRId64 " of %s saved: %s.\n", id, d->pcn,
            desk_decision_label(r.decision));
    return EXIT_OK;
}

static int desk_report(struct cli_desk *d)
{
    struct app *app = d->app;
    struct desk_funding f;
    struct desk_activity *acts;
    struct desk_request *reqs;
    struct desk_report rep;
    size_t nacts, nreqs;
    int64_t mmin;
    bool known;
    enum confidence conf;
    date_t from, to;
    int rc;
    if (!cli_desk_opt(d, "from") || !cli_desk_opt(d, "to"))
        return cli_usage(app, "desk report needs --from DATE and --to DATE");
    if ((rc = cli_desk_period(d, 1, &from, &to)))
        return rc;
    const struct deskrules *r = cli_desk_rules(d, cli_desk_opt(d, "rules"));
    if (deskdb_funding(app->db, r, d->pcn, to, &d->a, &f, &d->m) ||
        desk_funded_between(&f, from, to, &mmin, &known, &conf, &d->m) ||
        deskdb_activities(app->db, d->pcn, from, to, &d->a, &acts, &nacts, &d->m) ||
        deskdb_requests(app->db, d->pcn, &d->a, &reqs, &nreqs, &d->m))
        return cli_fail(app, &d->m);
    int64_t logged = 0;
    for (size_t i = 0; i < nacts; i++)
        logged += acts[i].minutes;
    if (desk_report_build(reqs, nreqs, from, to, known ? mmin : -1, conf, logged, &d->a, &rep,
                          &d->m))
        return cli_fail(app, &d->m);
    if (cli_desk_opt(d, "json")) {
        cli_desk_json(d, deskview_report(d->pcn, &rep));
        return EXIT_OK;
    }
    struct buf b;
    buf_init(&b, 64);
    fprintf(app->out, "Requests of %s, %s to %s\n", d->pcn, cli_desk_opt(d, "from"),
            cli_desk_opt(d, "to"));
    fprintf(app->out, "Received %ld: %ld accepted, %ld delegated, %ld declined, %ld pending\n",
            rep.received, rep.by_decision[DEC_ACCEPT], rep.by_decision[DEC_DELEGATE],
            rep.by_decision[DEC_DECLINE], rep.by_decision[DEC_PENDING]);
    fprintf(app->out, "Time asked for   %s hours\n", cli_desk_hours(&b, rep.est_total * 1000));
    fprintf(app->out, "Funded time      %s\n",
            rep.funded_known ? cli_desk_hours(&b, rep.funded_mmin) : "not known");
    fprintf(app->out, "Outside the role %ld (performance management: %ld)\n", rep.outside_role,
            rep.performance_management);
    for (size_t i = 0; i < rep.ndeclined; i++)
        fprintf(app->out, "Declined: %s (%s): %s\n", rep.declined[i]->what,
                rep.declined[i]->requester, desk_decline_label(rep.declined[i]->decline_reason));
    buf_release(&b);
    return EXIT_OK;
}

static const struct cli_desk_cmd desk_cmds[] = {
    {"", "desk", "json,rules=", true, NULL, NULL, desk_overview},
    {"requests", "desk requests", "json", true, NULL, NULL, desk_requests},
    {"request", "desk request",
     "from-name=,org=,what=,received=,due=,hours=,outside-role,unclear,"
     "performance-management,stakeholder=,to=,reason=,note=,outcome=,done",
     true, NULL, "desk request needs add, decide or outcome", desk_request},
    {"report", "desk report", "from=,to=,json,csv=,rules=", true, NULL, NULL, desk_report},
};

int cmd_desk(struct app *app, int argc, char **argv)
{
    if (argc < 1)
        return cli_usage(app, "desk needs a PCN code or a command (requests, request, report, "
                              "stakeholders, stakeholder, engagement, followups, delegation, "
                              "brief, supervision, rules, mps)");
    if (strcmp(argv[0], "help") == 0) {
        fputs(desk_help, app->out);
        return EXIT_OK;
    }
    const struct cli_desk_cmd *c = cli_desk_find(desk_cmds + 1, ARRAY_SIZE(desk_cmds) - 1, argv[0]);
    if (!c)
        c = cli_desk_find(cli_desk_people_cmds, cli_desk_people_ncmds, argv[0]);
    if (c)
        return cli_desk_run(app, c, argc - 1, argv + 1);
    return cli_desk_run(app, &desk_cmds[0], argc, argv);
}
