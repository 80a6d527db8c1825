/* cli_desk.c: the clinical director's desk on the command line.
 *
 *   pcnops time add PCN --date D --hours H --category C [--title T] [--note T]
 *                       [--not-meeting] [--stakeholder ID]... [--request ID]...
 *   pcnops time list PCN [--from D] [--to D] [--json]
 *   pcnops time remove PCN ID
 *   pcnops time summary PCN --from D --to D [--json]
 *   pcnops time import PCN FILE.ics [--from D] [--to D] [--category C] [--save]
 *   pcnops time funded PCN [--json] | --from D (--hours H | --default) [--note T]
 *   pcnops desk PCN [--json]            and the other desk commands (usage)
 *
 * Changes are audited as the command line's (deskdb_actor_cli).  Options
 * may come in any order after the subcommand; an unknown one is a usage
 * error (exit 2); bad input is exit 1 with every problem on stderr and
 * nothing written. */
#include "common.h"
#include "app.h"
#include "audit.h"
#include "buf.h"
#include "cli.h"
#include "deskbrief.h"
#include "deskdb.h"
#include "mps.h"
#include "deskrules.h"
#include "desksup.h"
#include "deskview.h"
#include "ics.h"
#include "infile.h"
#include "rules.h"
#include "sheet.h"
#include "table.h"

/* ---- options ------------------------------------------------------------- */

#define MAX_OPTS 24
#define MAX_VALS 32

struct copts {
    const char *pos[8];
    int npos;
    struct {
        const char *name;
        const char *v[MAX_VALS];
        int n;
    } o[MAX_OPTS];
    int no;
};

/* spec: "date=,hours=,stakeholder=*,json" (= takes a value, * repeats). */
static int parse(struct app *app, const char *cmd, const char *spec, int argc, char **argv,
                 struct copts *c)
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
            if (c->no == MAX_OPTS)
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
        if (c->o[k].n == MAX_VALS)
            return cli_usage(app, "%s: %s given too often", cmd, a);
        c->o[k].v[c->o[k].n++] = v;
    }
    return 0;
}

static const char *opt(const struct copts *c, const char *name)
{
    for (int k = 0; k < c->no; k++)
        if (strcmp(c->o[k].name, name) == 0)
            return c->o[k].v[0];
    return NULL;
}

static int opt_all(const struct copts *c, const char *name, const char *const **v)
{
    for (int k = 0; k < c->no; k++)
        if (strcmp(c->o[k].name, name) == 0) {
            *v = c->o[k].v;
            return c->o[k].n;
        }
    return 0;
}

/* A date option: DATE_NONE when absent; -1 (a usage error printed) when
 * malformed. */
static int opt_date(struct app *app, const struct copts *c, const char *name, date_t *out)
{
    const char *s = opt(c, name);
    *out = DATE_NONE;
    if (s && date_parse_iso(s, strlen(s), out))
        return cli_usage(app, "--%s: '%s' is not a date (YYYY-MM-DD)", name, s);
    return 0;
}

/* The option a form field's error is about: "decline_reason" -> "--reason". */
static const char *option_of(const char *field, char *buf, size_t n)
{
    static const struct {
        const char *field, *option;
    } map[] = {
        {"decline_reason", "--reason"}, {"decline_note", "--note"},  {"delegate_to", "--to"},
        {"requester", "--from-name"},   {"organisation", "--org"},   {"role_title", "--role"},
        {"session", "--date"},          {"attended", "--date"},      {"max_days", "--days"},
        {"follow_up", "--follow-up"},   {"cd_share", "--cd-share"}, {"lead_role", "--lead-role"},
        {"from", "--from"},             {"within", "--outside-role"},
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

static int bad(struct app *app, const struct desk_errs *e, const struct pcn_msg *m)
{
    if (e && e->n) {
        for (size_t i = 0; i < e->n; i++) {
            char buf[64];
            fprintf(app->err, "pcnops: %s: %s\n", option_of(e->e[i].field, buf, sizeof buf),
                    e->e[i].text);
        }
        fputs("pcnops: nothing was saved.\n", app->err);
        return EXIT_BAD;
    }
    return cli_fail(app, m);
}

static void print_json(struct app *app, json_t *j)
{
    char *text = deskview_dump(j, true);
    json_decref(j);
    if (text) {
        fputs(text, app->out);
        fputc('\n', app->out);
        free(text);
    }
}

static const char *hours_text(struct buf *b, int64_t mmin)
{
    buf_reset(b);
    desk_add_hours(b, mmin);
    return b->buf;
}

/* The PCN (positional 0) checked, and the store opened. */
static int open_pcn(struct app *app, const struct copts *c, const char *cmd, struct pcn_msg *m)
{
    if (c->npos < 1)
        return cli_usage(app, "%s needs a PCN code", cmd);
    if (cli_open_db(app, m) || deskdb_check_pcn(app->db, c->pos[0], m))
        return cli_fail(app, m);
    return 0;
}

static const struct deskrules *load_rules(struct app *app, struct arena *a, const char *dir)
{
    struct deskrules *r = ARENA_NEW(a, struct deskrules);
    struct pcn_msg m = {0};
    if (deskrules_load(rules_dir_default(dir), a, r, &m))
        fprintf(app->err, "pcnops: warning: %s\n", m.text);
    return r;
}

static const char time_help[] =
    "Usage: pcnops time COMMAND PCN ...   the clinical director's time log\n"
    "\n"
    "  time add PCN --date D --hours H --category C [--title T] [--note T]\n"
    "       [--not-meeting] [--stakeholder ID]... [--request ID]...\n"
    "  time list PCN [--from D] [--to D] [--json]\n"
    "  time summary PCN --from D --to D [--json]\n"
    "                               hours by category, funded hours for the period,\n"
    "                               weeks, months and alerts (system_over_practices,\n"
    "                               over_funded_time: three weeks running or more)\n"
    "  time remove PCN ID\n"
    "  time import PCN FILE.ics [--from D] [--to D] [--category C] [--save]\n"
    "                               meetings from a calendar: shown, added with --save\n"
    "  time funded PCN [--json]     funded time a week and how it is worked out\n"
    "  time funded PCN --from D (--hours H | --default) [--note T]\n"
    "                               the PCN's own figure from a date, or the rules' again\n"
    "\n"
    "Categories: practices, pcn_operations, system_meetings, place_int, lmc,\n"
    "mp_engagement, clinical_leadership, training_hub, other.  Hours like 1.5 or\n"
    "1:30; dates YYYY-MM-DD.  Funded time a week is 0.25 WTE per 50,000 registered\n"
    "patients at 37.5 hours (rules/YEAR/cd_time.csv, unconfirmed) unless the PCN\n"
    "set its own.\n";

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
    "  desk rules [DIR]             checks rules/YEAR/cd_time.csv and supervision.csv\n";

/* ---- time ---------------------------------------------------------------- */

static int time_add(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct desk_actor w;
    struct arena a;
    int rc;
    if ((rc = parse(app, "time add",
                    "date=,hours=,category=,note=,title=,not-meeting,stakeholder=*,request=*",
                    argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "time add", &m)))
        return rc;
    if (c.npos != 1)
        return cli_usage(app, "time add takes one PCN code");
    struct desk_activity x = {.source = "cli", .uid = "", .meeting = !opt(&c, "not-meeting")};
    if ((rc = opt_date(app, &c, "date", &x.date)))
        return rc;
    if (!opt(&c, "date"))
        return cli_usage(app, "time add needs --date YYYY-MM-DD");
    if (!opt(&c, "hours"))
        return cli_usage(app, "time add needs --hours H (like 1.5 or 1:30)");
    if (!opt(&c, "category"))
        return cli_usage(app, "time add needs --category (practices, pcn_operations, "
                              "system_meetings, place_int, lmc, mp_engagement, "
                              "clinical_leadership, training_hub or other)");
    if (desk_parse_hours(opt(&c, "hours"), &x.minutes, &m)) {
        desk_errs_add(&e, "--hours", "%s", m.text);
        x.minutes = 1;
    }
    if (desk_category_parse(opt(&c, "category"), &x.cat)) {
        desk_errs_add(&e, "--category", "'%s' is not a category: practices, pcn_operations, "
                                        "system_meetings, place_int, lmc, mp_engagement, "
                                        "clinical_leadership, training_hub or other",
                      opt(&c, "category"));
        x.cat = DC_OTHER;
    }
    x.title = opt(&c, "title") ? opt(&c, "title") : "";
    x.note = opt(&c, "note") ? opt(&c, "note") : "";
    arena_init(&a, 0);
    const char *const *v;
    int n = opt_all(&c, "stakeholder", &v);
    x.stakeholders = ARENA_ARRAY(&a, int64_t, (size_t)n + 1);
    for (int i = 0; i < n; i++)
        if (parse_i64(v[i], 1, INT64_MAX, &x.stakeholders[x.nstakeholders++]))
            desk_errs_add(&e, "--stakeholder", "'%s' is not a stakeholder id", v[i]);
    n = opt_all(&c, "request", &v);
    x.requests = ARENA_ARRAY(&a, int64_t, (size_t)n + 1);
    for (int i = 0; i < n; i++)
        if (parse_i64(v[i], 1, INT64_MAX, &x.requests[x.nrequests++]))
            desk_errs_add(&e, "--request", "'%s' is not a request id", v[i]);
    deskdb_actor_cli(&w, time(NULL));
    int64_t id = 0;
    if (e.n == 0)
        rc = deskdb_add_activities(app->db, &w, c.pos[0], &x, 1, app->today, "desk-time-add", &a,
                                   &id, &e, &m);
    if (e.n || rc) {
        rc = bad(app, &e, &m);
    } else {
        struct buf b;
        buf_init(&b, 256);
        desk_add_duration(&b, x.minutes);
        fprintf(app->out, "Logged %s on %s for %s, category %s (activity %" PRId64 ").\n",
                b.buf, opt(&c, "date"), c.pos[0], desk_category_id(x.cat), id);
        buf_release(&b);
        rc = EXIT_OK;
    }
    arena_release(&a);
    return rc;
}

static int period(struct app *app, const struct copts *c, int days, date_t *from, date_t *to)
{
    int rc;
    if ((rc = opt_date(app, c, "from", from)) || (rc = opt_date(app, c, "to", to)))
        return rc;
    if (*to == DATE_NONE)
        *to = app->today;
    if (*from == DATE_NONE)
        *from = *to - (days - 1);
    if (*to < *from)
        return cli_usage(app, "--to must be on or after --from");
    return 0;
}

static int time_list(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct arena a;
    struct desk_activity *v;
    size_t n;
    date_t from, to;
    int rc;
    if ((rc = parse(app, "time list", "from=,to=,json", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "time list", &m)) || (rc = period(app, &c, 84, &from, &to)))
        return rc;
    arena_init(&a, 0);
    if (deskdb_activities(app->db, c.pos[0], from, to, &a, &v, &n, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    if (opt(&c, "json")) {
        print_json(app, deskview_activities(v, n));
    } else {
        struct table t;
        struct buf b;
        buf_init(&b, 64);
        table_init(&t, ">Id,Date,Category,>Hours,Meeting,Title");
        for (size_t i = 0; i < n; i++) {
            char id[24], iso[11];
            snprintf(id, sizeof id, "%" PRId64, v[i].id);
            date_format_iso(v[i].date, iso);
            const char *cells[] = {id, iso, desk_category_id(v[i].cat),
                                   hours_text(&b, v[i].minutes * 1000),
                                   v[i].meeting ? "yes" : "no", v[i].title};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
        buf_release(&b);
    }
    arena_release(&a);
    return EXIT_OK;
}

static int time_remove(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct desk_actor w;
    int64_t id;
    int rc;
    if ((rc = parse(app, "time remove", "", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "time remove", &m)))
        return rc;
    if (c.npos != 2 || parse_i64(c.pos[1], 1, INT64_MAX, &id))
        return cli_usage(app, "time remove PCN ID");
    deskdb_actor_cli(&w, time(NULL));
    if (deskdb_delete_activity(app->db, &w, c.pos[0], id, &m))
        return cli_fail(app, &m);
    fprintf(app->out, "Removed activity %" PRId64 " from %s.\n", id, c.pos[0]);
    return EXIT_OK;
}

static int time_summary(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct arena a;
    struct desk_funding f;
    struct desk_funded fd;
    struct desk_summary s;
    struct desk_activity *v;
    size_t n;
    date_t from, to;
    int rc;
    if ((rc = parse(app, "time summary", "from=,to=,json,rules=", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "time summary", &m)))
        return rc;
    if (!opt(&c, "from") || !opt(&c, "to"))
        return cli_usage(app, "time summary needs --from DATE and --to DATE");
    if ((rc = period(app, &c, 1, &from, &to)))
        return rc;
    arena_init(&a, 0);
    const struct deskrules *r = load_rules(app, &a, opt(&c, "rules"));
    if (deskdb_funding(app->db, r, c.pos[0], to, &a, &f, &m) ||
        desk_funded_on(&f, to, &fd, &m) ||
        deskdb_activities(app->db, c.pos[0], from, to, &a, &v, &n, &m) ||
        desk_summarise(v, n, from, to, &f, &a, &s, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    if (opt(&c, "json")) {
        print_json(app, deskview_summary(c.pos[0], &s, &fd));
    } else {
        struct buf b;
        buf_init(&b, 256);
        fprintf(app->out, "Time of the clinical director of %s, %s to %s\n\n", c.pos[0],
                opt(&c, "from"), opt(&c, "to"));
        struct table t;
        table_init(&t, "Category,Side,>Hours");
        for (int i = 0; i < DC_COUNT; i++) {
            const char *cells[] = {desk_category_id((enum desk_category)i),
                                   desk_side_id(desk_category_side((enum desk_category)i)),
                                   hours_text(&b, s.t.minutes[i] * 1000)};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
        fprintf(app->out, "\nLogged            %s hours\n", hours_text(&b, s.t.total * 1000));
        fprintf(app->out, "Funded            %s%s\n",
                s.funded_known ? hours_text(&b, s.funded_mmin) : "not known",
                s.funded_known ? (conf_doubtful(s.funded_conf) ? arena_printf(&a, " hours (%s)", conf_label(s.funded_conf))
                                                                    : " hours")
                               : "");
        fprintf(app->out, "Internal          %s hours\n", hours_text(&b, s.t.internal * 1000));
        fprintf(app->out, "External          %s hours\n", hours_text(&b, s.t.external * 1000));
        fprintf(app->out, "With practices    %s hours\n", hours_text(&b, s.t.practices * 1000));
        fprintf(app->out, "System meetings   %s hours\n", hours_text(&b, s.t.system * 1000));
        fprintf(app->out, "Meetings          %ld\n", s.t.meetings);
        for (size_t i = 0; i < s.nalerts; i++)
            fprintf(app->out, "Alert (%s): %s\n", desk_alert_kind_id(s.alerts[i].kind),
                    s.alerts[i].text);
        buf_release(&b);
    }
    arena_release(&a);
    return EXIT_OK;
}

static int time_import(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct desk_actor w;
    struct arena a;
    struct ics_result r;
    date_t from, to;
    int rc;
    if ((rc = parse(app, "time import", "from=,to=,category=,save", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "time import", &m)) || (rc = opt_date(app, &c, "from", &from)) ||
        (rc = opt_date(app, &c, "to", &to)))
        return rc;
    if (c.npos != 2)
        return cli_usage(app, "time import PCN FILE.ics");
    enum desk_category forced = DC_COUNT;
    if (opt(&c, "category") && desk_category_parse(opt(&c, "category"), &forced))
        return cli_usage(app, "--category: '%s' is not a category", opt(&c, "category"));
    arena_init(&a, 0);
    struct buf data;
    buf_init(&data, LIMIT_ICS_BYTES + 1);
    FILE *fp = fopen(c.pos[1], "rb");
    if (!fp) {
        msg_set(&m, PCN_EIO, "%s: %s", c.pos[1], strerror(errno));
        rc = cli_fail(app, &m);
        goto out;
    }
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (buf_add(&data, chunk, got))
            break;
    fclose(fp);
    if (!buf_ok(&data)) {
        msg_set(&m, PCN_ELIMIT, "%s: larger than %ld bytes", c.pos[1], (long)LIMIT_ICS_BYTES);
        rc = cli_fail(app, &m);
        goto out;
    }
    /* Repeating meetings are expanded in the dates asked for; without dates,
     * in the dates the time log accepts. */
    date_t win_from = from != DATE_NONE ? from : desk_date_min();
    date_t win_to = to != DATE_NONE ? to : desk_date_max(app->today);
    if (win_to < win_from) {
        msg_set(&m, PCN_EINVAL, "--to: %s is before --from", opt(&c, "to"));
        rc = cli_fail(app, &m);
        goto out;
    }
    if (ics_parse(c.pos[1], data.buf, data.len, win_from, win_to, &a, &r, &m)) {
        fprintf(app->err, "pcnops: %s\npcnops: nothing was added.\n", m.text);
        rc = EXIT_BAD;
        goto out;
    }
    for (long i = 0; i < r.nwarnings && i < LIMIT_WARNINGS_KEPT; i++)
        fprintf(app->err, "pcnops: warning: %s\n", r.warnings[i]);
    struct desk_activity *acts = ARENA_ARRAY(&a, struct desk_activity, r.nevents + 1);
    size_t n = 0;
    for (size_t i = 0; i < r.nevents; i++) {
        const struct ics_event *ev = &r.events[i];
        acts[n++] = (struct desk_activity){
            .date = ev->date, .minutes = ev->minutes,
            .cat = forced != DC_COUNT ? forced : desk_category_guess(ev->summary),
            .meeting = true, .title = ev->summary, .note = "", .source = "calendar",
            .uid = ev->uid};
    }
    struct table t;
    struct buf b;
    buf_init(&b, 64);
    table_init(&t, "Date,>Hours,Category,Title");
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        date_format_iso(acts[i].date, iso);
        const char *cells[] = {iso, hours_text(&b, acts[i].minutes * 1000),
                               desk_category_id(acts[i].cat), acts[i].title};
        table_row(&t, cells);
    }
    table_print(&t, app->out);
    table_release(&t);
    buf_release(&b);
    if (!opt(&c, "save")) {
        fprintf(app->out, "%zu meeting%s found; nothing saved.  Add --save to add them to the "
                          "time log.\n",
                n, n == 1 ? "" : "s");
        rc = EXIT_OK;
        goto out;
    }
    if (n == 0) {
        fputs("pcnops: no meetings to add.\n", app->err);
        rc = EXIT_BAD;
        goto out;
    }
    deskdb_actor_cli(&w, time(NULL));
    if (deskdb_add_activities(app->db, &w, c.pos[0], acts, n, app->today, "desk-time-import", &a,
                              NULL, &e, &m)) {
        rc = bad(app, &e, &m);
        goto out;
    }
    fprintf(app->out, "Added %zu meeting%s to the time log of %s.\n", n, n == 1 ? "" : "s",
            c.pos[0]);
    rc = EXIT_OK;
out:
    buf_release(&data);
    arena_release(&a);
    return rc;
}

static int time_funded(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct arena a;
    struct desk_funding f;
    struct desk_funded fd;
    struct trail t;
    date_t from;
    int rc;
    if ((rc = parse(app, "time funded", "from=,hours=,default,note=,json,rules=", argc, argv,
                    &c)) ||
        (rc = open_pcn(app, &c, "time funded", &m)) || (rc = opt_date(app, &c, "from", &from)))
        return rc;
    if (opt(&c, "hours") || opt(&c, "default")) {
        if (!opt(&c, "from") || (opt(&c, "hours") && opt(&c, "default")))
            return cli_usage(app, "time funded PCN --from DATE (--hours H | --default)");
        int64_t minutes = -1;
        if (opt(&c, "hours") && desk_parse_hours(opt(&c, "hours"), &minutes, &m))
            desk_errs_add(&e, "--hours", "%s", m.text);
        struct desk_actor w;
        deskdb_actor_cli(&w, time(NULL));
        if (e.n || deskdb_set_funded(app->db, &w, c.pos[0], from, minutes,
                                     opt(&c, "note") ? opt(&c, "note") : "", app->today, &e, &m))
            return bad(app, &e, &m);
        fprintf(app->out, "Funded time of %s from %s: %s.\n", c.pos[0], opt(&c, "from"),
                opt(&c, "hours") ? "set" : "the rules' figure again");
        return EXIT_OK;
    }
    arena_init(&a, 0);
    const struct deskrules *r = load_rules(app, &a, opt(&c, "rules"));
    if (deskdb_funding(app->db, r, c.pos[0], app->today, &a, &f, &m) ||
        desk_funded_on(&f, app->today, &fd, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    trail_init(&t, &a);
    desk_funded_trail(&f, &fd, &t);
    if (opt(&c, "json")) {
        json_t *j = json_pack("{s:s,s:o,s:b,s:o,s:b,s:o}", "pcn", c.pos[0], "on",
                              deskview_date(app->today), "known", fd.known, "minutes_per_week",
                              fd.known ? json_integer((fd.mmin_per_week + 500) / 1000)
                                       : json_null(),
                              "set_by_pcn", fd.is_override, "trail", deskview_trail(&t));
        json_object_set_new(j, "hours_per_week",
                            fd.known ? deskview_hours_mmin(fd.mmin_per_week) : json_null());
        print_json(app, j);
    } else {
        for (size_t i = 0; i < t.n; i++)
            fprintf(app->out, "%s%s%s%s\n", t.steps[i].text,
                    t.steps[i].source ? " [" : "", t.steps[i].source ? t.steps[i].source : "",
                    t.steps[i].source ? (conf_doubtful(t.steps[i].conf) ? (t.steps[i].conf == CONF_CARRIED ? "] (provisional)" : "] (unconfirmed)")
                                                                             : "]")
                                      : "");
        if (!fd.known)
            fprintf(app->out, "Funded time is not known: %s.\n", fd.why ? fd.why : "");
    }
    arena_release(&a);
    return EXIT_OK;
}

int cmd_time(struct app *app, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(struct app *, int, char **);
    } subs[] = {
        {"add", time_add},         {"list", time_list},     {"remove", time_remove},
        {"summary", time_summary}, {"import", time_import}, {"funded", time_funded},
    };
    if (argc < 1)
        return cli_usage(app, "time needs add, list, remove, summary, import or funded");
    if (strcmp(argv[0], "help") == 0) {
        fputs(time_help, app->out);
        return EXIT_OK;
    }
    for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
        if (strcmp(argv[0], subs[i].name) == 0)
            return subs[i].fn(app, argc - 1, argv + 1);
    return cli_usage(app, "time: unknown command '%s' (add, list, remove, summary, import or "
                          "funded)",
                     argv[0]);
}

/* ---- the desk ------------------------------------------------------------ */

static int desk_overview(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct arena a;
    struct desk_funding f;
    struct desk_funded fd;
    struct desk_summary s;
    struct desk_activity *acts;
    struct desk_request *reqs;
    struct desk_engagement *over;
    size_t nacts, nreqs, nover;
    int rc;
    if ((rc = parse(app, "desk", "json,rules=", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "desk", &m)))
        return rc;
    arena_init(&a, 0);
    date_t to = app->today, from = desk_week_start(to) - 21;
    const struct deskrules *r = load_rules(app, &a, opt(&c, "rules"));
    if (deskdb_funding(app->db, r, c.pos[0], to, &a, &f, &m) || desk_funded_on(&f, to, &fd, &m) ||
        deskdb_activities(app->db, c.pos[0], from, to, &a, &acts, &nacts, &m) ||
        desk_summarise(acts, nacts, from, to, &f, &a, &s, &m) ||
        deskdb_requests(app->db, c.pos[0], &a, &reqs, &nreqs, &m) ||
        deskdb_overdue(app->db, c.pos[0], app->today, &a, &over, &nover, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    long pending = 0;
    for (size_t i = 0; i < nreqs; i++)
        pending += reqs[i].decision == DEC_PENDING;
    if (opt(&c, "json")) {
        print_json(app, json_pack("{s:s,s:o,s:I,s:o}", "pcn", c.pos[0], "last_4_weeks",
                                  deskview_summary(c.pos[0], &s, &fd), "pending_requests",
                                  (json_int_t)pending, "overdue_followups",
                                  deskview_engagements(over, nover, app->today)));
    } else {
        struct buf b;
        buf_init(&b, 64);
        fprintf(app->out, "Clinical director's desk of %s\n", c.pos[0]);
        fprintf(app->out, "Funded time a week     %s%s\n",
                fd.known ? hours_text(&b, fd.mmin_per_week) : "not known",
                fd.known ? " hours" : "");
        struct buf pb;
        buf_init(&pb, 128);
        desk_period_add(&pb, from, to);
        fprintf(app->out, "Logged, %s   %s hours\n", pb.buf, hours_text(&b, s.t.total * 1000));
        buf_release(&pb);
        fprintf(app->out, "Requests to decide     %ld\n", pending);
        fprintf(app->out, "Follow-ups overdue     %zu\n", nover);
        for (size_t i = 0; i < s.nalerts; i++)
            fprintf(app->out, "Alert: %s\n", s.alerts[i].text);
        buf_release(&b);
    }
    arena_release(&a);
    return EXIT_OK;
}

static int desk_requests(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct arena a;
    struct desk_request *r;
    size_t n;
    int rc;
    if ((rc = parse(app, "desk requests", "json", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "desk requests", &m)))
        return rc;
    arena_init(&a, 0);
    if (deskdb_requests(app->db, c.pos[0], &a, &r, &n, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    if (opt(&c, "json")) {
        print_json(app, deskview_requests(r, n));
    } else {
        struct table t;
        table_init(&t, ">Id,Received,From,Within role,Decision,What");
        for (size_t i = 0; i < n; i++) {
            char id[24], iso[11];
            snprintf(id, sizeof id, "%" PRId64, r[i].id);
            date_format_iso(r[i].received, iso);
            const char *cells[] = {id, iso, r[i].requester,
                                   desk_within_id(desk_request_within(&r[i])),
                                   desk_decision_id(r[i].decision), r[i].what};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
    }
    arena_release(&a);
    return EXIT_OK;
}

static int desk_request(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct desk_actor w;
    struct arena a;
    int rc;
    if (argc < 1)
        return cli_usage(app, "desk request needs add, decide or outcome");
    const char *sub = argv[0];
    if ((rc = parse(app, "desk request",
                    "from-name=,org=,what=,received=,due=,hours=,outside-role,unclear,"
                    "performance-management,stakeholder=,to=,reason=,note=,outcome=,done",
                    argc - 1, argv + 1, &c)) ||
        (rc = open_pcn(app, &c, "desk request", &m)))
        return rc;
    arena_init(&a, 0);
    struct desk_request r = {0};
    int64_t id = 0;
    if (strcmp(sub, "add") == 0) {
        if (c.npos != 1) {
            rc = cli_usage(app, "desk request add PCN --from-name NAME --what TEXT ...");
            goto out;
        }
        r.requester = opt(&c, "from-name");
        r.organisation = opt(&c, "org") ? opt(&c, "org") : "";
        r.what = opt(&c, "what");
        if ((rc = opt_date(app, &c, "received", &r.received)) ||
            (rc = opt_date(app, &c, "due", &r.due)))
            goto out;
        if (r.received == DATE_NONE)
            r.received = app->today;
        r.decided = DATE_NONE;
        r.est_minutes = -1;
        if (opt(&c, "hours") && desk_parse_hours(opt(&c, "hours"), &r.est_minutes, &m))
            desk_errs_add(&e, "--hours", "%s", m.text);
        r.within = opt(&c, "outside-role") ? WITHIN_NO : opt(&c, "unclear") ? WITHIN_UNCLEAR
                                                                            : WITHIN_YES;
        r.performance_management = opt(&c, "performance-management") != NULL;
        if (opt(&c, "stakeholder") && parse_i64(opt(&c, "stakeholder"), 1, INT64_MAX,
                                                &r.stakeholder_id))
            desk_errs_add(&e, "--stakeholder", "'%s' is not a stakeholder id",
                          opt(&c, "stakeholder"));
        r.decision = DEC_PENDING;
        r.delegate_to = r.decline_note = r.outcome = "";
    } else if (strcmp(sub, "decide") == 0 || strcmp(sub, "outcome") == 0) {
        bool decide = sub[0] == 'd';
        if (c.npos != (decide ? 3 : 2) || parse_i64(c.pos[1], 1, INT64_MAX, &id)) {
            rc = cli_usage(app, decide ? "desk request decide PCN ID accept|delegate|decline ..."
                                       : "desk request outcome PCN ID --outcome TEXT [--done]");
            goto out;
        }
        if (deskdb_request_get(app->db, c.pos[0], id, &a, &r, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (decide) {
            if (desk_decision_parse(c.pos[2], &r.decision) || r.decision == DEC_PENDING) {
                rc = cli_usage(app, "the decision is accept, delegate or decline");
                goto out;
            }
            r.delegate_to = opt(&c, "to") ? opt(&c, "to") : "";
            r.decline_note = opt(&c, "note") ? opt(&c, "note") : "";
            r.decline_reason = DECLINE_NONE;
            if (opt(&c, "reason") && desk_decline_parse(opt(&c, "reason"), &r.decline_reason))
                desk_errs_add(&e, "--reason", "'%s' is not a reason: outside_role, "
                                              "performance_management, no_capacity, "
                                              "not_pcn_business, covered_elsewhere or other",
                              opt(&c, "reason"));
        } else {
            if (!opt(&c, "outcome") && !opt(&c, "done")) {
                rc = cli_usage(app, "desk request outcome needs --outcome TEXT or --done");
                goto out;
            }
            if (opt(&c, "outcome"))
                r.outcome = opt(&c, "outcome");
            if (opt(&c, "done"))
                r.done = true;
        }
    } else {
        rc = cli_usage(app, "desk request: unknown command '%s' (add, decide or outcome)", sub);
        goto out;
    }
    deskdb_actor_cli(&w, time(NULL));
    if (e.n || deskdb_save_request(app->db, &w, c.pos[0], &r, app->today, &id, &e, &m)) {
        rc = bad(app, &e, &m);
        goto out;
    }
    fprintf(app->out, "Request %" PRId64 " of %s saved: %s.\n", id, c.pos[0],
            desk_decision_label(r.decision));
    rc = EXIT_OK;
out:
    arena_release(&a);
    return rc;
}

static int desk_report(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct arena a;
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
    if ((rc = parse(app, "desk report", "from=,to=,json,csv=,rules=", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "desk report", &m)))
        return rc;
    if (!opt(&c, "from") || !opt(&c, "to"))
        return cli_usage(app, "desk report needs --from DATE and --to DATE");
    if ((rc = period(app, &c, 1, &from, &to)))
        return rc;
    arena_init(&a, 0);
    const struct deskrules *r = load_rules(app, &a, opt(&c, "rules"));
    if (deskdb_funding(app->db, r, c.pos[0], to, &a, &f, &m) ||
        desk_funded_between(&f, from, to, &mmin, &known, &conf, &m) ||
        deskdb_activities(app->db, c.pos[0], from, to, &a, &acts, &nacts, &m) ||
        deskdb_requests(app->db, c.pos[0], &a, &reqs, &nreqs, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    int64_t logged = 0;
    for (size_t i = 0; i < nacts; i++)
        logged += acts[i].minutes;
    if (desk_report_build(reqs, nreqs, from, to, known ? mmin : -1, conf, logged, &a, &rep, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    if (opt(&c, "json")) {
        print_json(app, deskview_report(c.pos[0], &rep));
    } else {
        struct buf b;
        buf_init(&b, 64);
        fprintf(app->out, "Requests of %s, %s to %s\n", c.pos[0], opt(&c, "from"), opt(&c, "to"));
        fprintf(app->out, "Received %ld: %ld accepted, %ld delegated, %ld declined, %ld pending\n",
                rep.received, rep.by_decision[DEC_ACCEPT], rep.by_decision[DEC_DELEGATE],
                rep.by_decision[DEC_DECLINE], rep.by_decision[DEC_PENDING]);
        fprintf(app->out, "Time asked for   %s hours\n", hours_text(&b, rep.est_total * 1000));
        fprintf(app->out, "Funded time      %s\n",
                rep.funded_known ? hours_text(&b, rep.funded_mmin) : "not known");
        fprintf(app->out, "Outside the role %ld (performance management: %ld)\n",
                rep.outside_role, rep.performance_management);
        for (size_t i = 0; i < rep.ndeclined; i++)
            fprintf(app->out, "Declined: %s (%s): %s\n", rep.declined[i]->what,
                    rep.declined[i]->requester, desk_decline_label(rep.declined[i]->decline_reason));
        buf_release(&b);
    }
    arena_release(&a);
    return EXIT_OK;
}

static int desk_stakeholders(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct arena a;
    struct desk_stakeholder *s;
    struct desk_engagement *g;
    size_t ns, ng;
    int rc;
    if ((rc = parse(app, "desk stakeholders", "json", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "desk stakeholders", &m)))
        return rc;
    arena_init(&a, 0);
    if (deskdb_stakeholders(app->db, c.pos[0], &a, &s, &ns, &m) ||
        deskdb_engagements(app->db, c.pos[0], app->today, &a, &g, &ng, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    if (opt(&c, "json")) {
        print_json(app, json_pack("{s:o,s:o}", "stakeholders", deskview_stakeholders(s, ns),
                                  "engagements", deskview_engagements(g, ng, app->today)));
    } else {
        struct table t;
        table_init(&t, ">Id,Name,Kind,>Influence,>Interest,Approach");
        for (size_t i = 0; i < ns; i++) {
            char id[24], inf[8], intr[8];
            snprintf(id, sizeof id, "%" PRId64, s[i].id);
            snprintf(inf, sizeof inf, "%d", s[i].influence);
            snprintf(intr, sizeof intr, "%d", s[i].interest);
            const char *cells[] = {id, s[i].name, desk_sh_kind_id(s[i].kind), inf, intr,
                                   desk_quadrant_label(desk_quadrant_of(s[i].influence,
                                                                        s[i].interest))};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
    }
    arena_release(&a);
    return EXIT_OK;
}

/* desk mps [WORDS...]: the sitting MPs whose constituency, name, party or
 * local authority holds every word (all of them without words). */
static int desk_mps(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct arena a;
    struct mp_list l;
    struct buf q;
    int rc;
    if ((rc = parse(app, "desk mps", "json,rules=", argc, argv, &c)))
        return rc;
    buf_init(&q, MPS_QUERY_MAX + 1);
    for (int i = 0; i < c.npos; i++)
        buf_printf(&q, "%s%s", i ? " " : "", c.pos[i]);
    if (!buf_ok(&q) || q.len > MPS_QUERY_MAX) {
        buf_release(&q);
        return cli_usage(app, "desk mps: search with %d characters or fewer", MPS_QUERY_MAX);
    }
    arena_init(&a, 0);
    if (mps_load(mps_path(&a, rules_dir_default(opt(&c, "rules"))), &a, &l, &m)) {
        buf_release(&q);
        arena_release(&a);
        return cli_fail(app, &m);
    }
    const char *words = q.len ? q.buf : NULL;
    if (opt(&c, "json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < l.n; i++) {
            const struct mp *mp = &l.v[i];
            if (words && !mps_match(mp, words))
                continue;
            json_array_append_new(
                arr, json_pack("{s:s,s:s,s:s,s:s,s:o,s:s,s:s}", "pcon_code", mp->pcon_code,
                               "constituency", mp->pcon_name, "mp", mp->full_title, "party",
                               mp->party, "email", *mp->email ? json_string(mp->email)
                                                              : json_null(),
                               "local_authorities", mp->local_authorities, "region",
                               mp->region));
        }
        print_json(app, json_pack("{s:s,s:o}", "as_of", MPS_AS_OF, "mps", arr));
    } else {
        struct table t;
        size_t n = 0;
        table_init(&t, "Code,Constituency,MP,Party,Email");
        for (size_t i = 0; i < l.n; i++) {
            const struct mp *mp = &l.v[i];
            if (words && !mps_match(mp, words))
                continue;
            const char *cells[] = {mp->pcon_code, mp->pcon_name, mp->full_title, mp->party,
                                   *mp->email ? mp->email : "not known"};
            table_row(&t, cells);
            n++;
        }
        table_print(&t, app->out);
        table_release(&t);
        fprintf(app->out, "%zu of %zu constituencies (sitting MPs of " MPS_AS_OF
                          "). Add one with: desk stakeholder add PCN --mp CODE --influence N "
                          "--interest N\n",
                n, l.n);
    }
    buf_release(&q);
    arena_release(&a);
    return EXIT_OK;
}

static int desk_stakeholder(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct desk_actor w;
    int rc;
    if (argc < 1 || strcmp(argv[0], "add") != 0)
        return cli_usage(app, "desk stakeholder add PCN --name NAME --kind KIND --influence N "
                              "--interest N");
    if ((rc = parse(app, "desk stakeholder add",
                    "name=,kind=,influence=,interest=,org=,role=,notes=,mp=,rules=", argc - 1,
                    argv + 1, &c)) ||
        (rc = open_pcn(app, &c, "desk stakeholder add", &m)))
        return rc;
    struct desk_stakeholder s = {.name = opt(&c, "name"),
                                 .organisation = opt(&c, "org") ? opt(&c, "org") : "",
                                 .role_title = opt(&c, "role") ? opt(&c, "role") : "",
                                 .notes = opt(&c, "notes") ? opt(&c, "notes") : ""};
    if (desk_sh_kind_parse(opt(&c, "kind"), &s.kind)) {
        s.kind = SH_COUNT;
    }
    /* --mp CODE: the MP of that constituency from the bundled list; the
     * options given say otherwise where they are given. */
    struct arena ma;
    arena_init(&ma, 0);
    if (opt(&c, "mp")) {
        struct mp_list l;
        struct mp_stakeholder st;
        if (mps_load(mps_path(&ma, rules_dir_default(opt(&c, "rules"))), &ma, &l, &m)) {
            arena_release(&ma);
            return cli_fail(app, &m);
        }
        const struct mp *mp = mps_find(&l, opt(&c, "mp"));
        if (!mp) {
            arena_release(&ma);
            msg_set(&m, PCN_EINVAL, "--mp: '%s' is not a constituency code of the list of MPs "
                                    "(desk mps WORDS finds one)", opt(&c, "mp"));
            return cli_fail(app, &m);
        }
        mps_stakeholder(mp, &ma, &st);
        if (!opt(&c, "name"))
            s.name = st.name;
        if (!opt(&c, "org"))
            s.organisation = st.organisation;
        if (!opt(&c, "role"))
            s.role_title = st.role_title;
        if (!opt(&c, "notes"))
            s.notes = st.notes;
        if (!opt(&c, "kind"))
            s.kind = SH_MP;
    }
    int64_t v;
    s.influence = opt(&c, "influence") && !parse_i64(opt(&c, "influence"), 1, 5, &v) ? (int)v : 0;
    s.interest = opt(&c, "interest") && !parse_i64(opt(&c, "interest"), 1, 5, &v) ? (int)v : 0;
    int64_t id;
    deskdb_actor_cli(&w, time(NULL));
    rc = deskdb_save_stakeholder(app->db, &w, c.pos[0], &s, &id, &e, &m);
    arena_release(&ma);
    if (rc)
        return bad(app, &e, &m);
    fprintf(app->out, "Stakeholder %" PRId64 " added to %s.\n", id, c.pos[0]);
    return EXIT_OK;
}

static int desk_engagement(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct desk_actor w;
    int rc;
    if (argc < 1 || (strcmp(argv[0], "add") && strcmp(argv[0], "done")))
        return cli_usage(app, "desk engagement add|done ...");
    bool add = argv[0][0] == 'a';
    if ((rc = parse(app, "desk engagement",
                    "date=,stakeholder=,purpose=,asks=,commitments=,follow-up=,on=", argc - 1,
                    argv + 1, &c)) ||
        (rc = open_pcn(app, &c, "desk engagement", &m)))
        return rc;
    deskdb_actor_cli(&w, time(NULL));
    if (!add) {
        int64_t id;
        date_t on;
        if (c.npos != 2 || parse_i64(c.pos[1], 1, INT64_MAX, &id))
            return cli_usage(app, "desk engagement done PCN ID [--on DATE]");
        if ((rc = opt_date(app, &c, "on", &on)))
            return rc;
        if (deskdb_followup_done(app->db, &w, c.pos[0], id, on == DATE_NONE ? app->today : on, &m))
            return cli_fail(app, &m);
        fprintf(app->out, "Follow-up of engagement %" PRId64 " is done.\n", id);
        return EXIT_OK;
    }
    struct desk_engagement g = {.purpose = opt(&c, "purpose"),
                                .asks = opt(&c, "asks") ? opt(&c, "asks") : "",
                                .commitments = opt(&c, "commitments") ? opt(&c, "commitments") : "",
                                .follow_up_done = DATE_NONE};
    if ((rc = opt_date(app, &c, "date", &g.date)) ||
        (rc = opt_date(app, &c, "follow-up", &g.follow_up_due)))
        return rc;
    if (opt(&c, "stakeholder") &&
        parse_i64(opt(&c, "stakeholder"), 1, INT64_MAX, &g.stakeholder_id))
        desk_errs_add(&e, "--stakeholder", "'%s' is not a stakeholder id", opt(&c, "stakeholder"));
    int64_t id;
    if (e.n || deskdb_add_engagement(app->db, &w, c.pos[0], &g, app->today, &id, &e, &m))
        return bad(app, &e, &m);
    fprintf(app->out, "Engagement %" PRId64 " recorded for %s.\n", id, c.pos[0]);
    return EXIT_OK;
}

static int desk_followups(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct arena a;
    struct desk_engagement *g;
    size_t n;
    int rc;
    if ((rc = parse(app, "desk followups", "json", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "desk followups", &m)))
        return rc;
    arena_init(&a, 0);
    if (deskdb_overdue(app->db, c.pos[0], app->today, &a, &g, &n, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    if (opt(&c, "json")) {
        print_json(app, deskview_engagements(g, n, app->today));
    } else {
        struct table t;
        table_init(&t, ">Id,Due,With,Purpose");
        for (size_t i = 0; i < n; i++) {
            char id[24], iso[11];
            snprintf(id, sizeof id, "%" PRId64, g[i].id);
            date_format_iso(g[i].follow_up_due, iso);
            const char *cells[] = {id, iso, g[i].stakeholder_name, g[i].purpose};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
        fprintf(app->out, "%zu follow-up%s overdue.\n", n, n == 1 ? "" : "s");
    }
    arena_release(&a);
    return EXIT_OK;
}

static int desk_delegation(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct desk_actor w;
    struct arena a;
    int rc;
    const char *sub = argc > 0 && (!strcmp(argv[0], "add") || !strcmp(argv[0], "set")) ? argv[0]
                                                                                         : NULL;
    if ((rc = parse(app, "desk delegation",
                    "json,on=,area=,role=,title=,from=,lead=,lead-role=,cd-share=,note=",
                    argc - (sub != NULL), argv + (sub != NULL), &c)) ||
        (rc = open_pcn(app, &c, "desk delegation", &m)))
        return rc;
    deskdb_actor_cli(&w, time(NULL));
    arena_init(&a, 0);
    if (sub && sub[0] == 'a') {
        enum desk_area area;
        if (desk_area_parse(opt(&c, "area"), &area)) {
            rc = cli_usage(app, "--area: arrs_recruitment, iif, access, digital, "
                                "arrs_clinical_lead, int_liaison or own");
            goto out;
        }
        const char *title = area == AREA_OWN ? opt(&c, "title")
                            : area == AREA_ARRS_CLINICAL_LEAD
                                ? (opt(&c, "role") ? arena_printf(&a, "Clinical lead: %s",
                                                                  opt(&c, "role"))
                                                   : "")
                                : desk_area_label(area);
        int64_t id;
        if (deskdb_add_responsibility(app->db, &w, c.pos[0], area, opt(&c, "role"), title, &id, &e,
                                      &m)) {
            rc = bad(app, &e, &m);
            goto out;
        }
        fprintf(app->out, "Responsibility %" PRId64 " added to %s.\n", id, c.pos[0]);
        rc = EXIT_OK;
        goto out;
    }
    if (sub) {
        int64_t id;
        struct desk_delegation d = {.lead = opt(&c, "lead") ? opt(&c, "lead") : "",
                                    .lead_role = opt(&c, "lead-role") ? opt(&c, "lead-role") : "",
                                    .note = opt(&c, "note") ? opt(&c, "note") : ""};
        if (c.npos != 2 || parse_i64(c.pos[1], 1, INT64_MAX, &id) ||
            (rc = opt_date(app, &c, "from", &d.from)) || !opt(&c, "cd-share")) {
            rc = cli_usage(app, "desk delegation set PCN ID --from DATE --cd-share PCT "
                                "[--lead NAME] [--lead-role TEXT]");
            goto out;
        }
        if (desk_parse_percent(opt(&c, "cd-share"), &d.cd_share))
            d.cd_share = -1;
        if (deskdb_delegate(app->db, &w, c.pos[0], id, &d, app->today, &e, &m)) {
            rc = bad(app, &e, &m);
            goto out;
        }
        fprintf(app->out, "Delegation of responsibility %" PRId64 " recorded.\n", id);
        rc = EXIT_OK;
        goto out;
    }
    date_t on;
    struct desk_responsibility *r;
    size_t n;
    if ((rc = opt_date(app, &c, "on", &on)))
        goto out;
    if (on == DATE_NONE)
        on = app->today;
    if (deskdb_responsibilities(app->db, c.pos[0], &a, &r, &n, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (opt(&c, "json")) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, deskview_responsibility(&r[i], on));
        int64_t avg = desk_cd_share_avg_bp(r, n, on);
        print_json(app, json_pack("{s:s,s:o,s:o,s:o}", "pcn", c.pos[0], "on", deskview_date(on),
                                  "cd_share_avg_bp", avg >= 0 ? json_integer(avg) : json_null(),
                                  "responsibilities", arr));
    } else {
        struct table t;
        table_init(&t, ">Id,Responsibility,Lead,>CD holds %");
        for (size_t i = 0; i < n; i++) {
            const struct desk_delegation *cur = desk_delegation_on(&r[i], on);
            char id[24], share[8];
            snprintf(id, sizeof id, "%" PRId64, r[i].id);
            snprintf(share, sizeof share, "%d", desk_cd_share_on(&r[i], on));
            const char *cells[] = {id, r[i].title, cur && *cur->lead ? cur->lead : "-", share};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
    }
    rc = EXIT_OK;
out:
    arena_release(&a);
    return rc;
}

static int desk_brief(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct arena a;
    struct desk_brief b;
    int rc;
    if ((rc = parse(app, "desk brief", "audience=,json,xlsx=,rules=", argc, argv, &c)) ||
        (rc = open_pcn(app, &c, "desk brief", &m)))
        return rc;
    arena_init(&a, 0);
    /* Rules problems do not stop the brief: what they hold is used. */
    struct rules *r = ARENA_NEW(&a, struct rules);
    struct rules_diag *dg = ARENA_NEW(&a, struct rules_diag);
    struct deskrules *dr = ARENA_NEW(&a, struct deskrules);
    struct pcn_msg ignore = {0};
    rules_load(rules_dir_default(opt(&c, "rules")), &a, r, dg, &ignore);
    deskrules_load(rules_dir_default(opt(&c, "rules")), &a, dr, &ignore);
    if (deskbrief_build(app->db, r, dr, c.pos[0], app->today, opt(&c, "audience"), DATE_NONE,
                        &a, &b, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    if (opt(&c, "xlsx")) {
        struct sheet sh[8];
        size_t n;
        deskbrief_sheets(&b, &a, sh, &n);
        if (sheet_write_xlsx(sh, n, opt(&c, "xlsx"), &m) ||
            audit_cli(app->db, "desk-export", "pcn", c.pos[0],
                      json_pack("{s:s,s:s}", "record", "brief", "file", opt(&c, "xlsx")), &m)) {
            arena_release(&a);
            return cli_fail(app, &m);
        }
        fprintf(app->out, "Wrote the brief of %s to %s.\n", c.pos[0], opt(&c, "xlsx"));
    } else {
        print_json(app, deskbrief_json(&b));
    }
    arena_release(&a);
    return EXIT_OK;
}

static int desk_supervision(struct app *app, int argc, char **argv)
{
    struct copts c;
    struct pcn_msg m = {0};
    struct desk_errs e = {0};
    struct desk_actor w;
    struct arena a;
    int rc;
    const char *sub = argc > 0 && (!strcmp(argv[0], "log") || !strcmp(argv[0], "training") ||
                                   !strcmp(argv[0], "minimum"))
                          ? argv[0]
                          : NULL;
    if ((rc = parse(app, "desk supervision",
                    "json,staff=,date=,supervisor=,hours=,note=,course=,provider=,role=,days=,"
                    "clear,rules=",
                    argc - (sub != NULL), argv + (sub != NULL), &c)) ||
        (rc = open_pcn(app, &c, "desk supervision", &m)))
        return rc;
    deskdb_actor_cli(&w, time(NULL));
    arena_init(&a, 0);
    int64_t staff = 0, minutes = -1;
    if (opt(&c, "staff") && parse_i64(opt(&c, "staff"), 1, INT64_MAX, &staff))
        desk_errs_add(&e, "--staff", "'%s' is not a staff id", opt(&c, "staff"));
    if (opt(&c, "hours") && desk_parse_hours(opt(&c, "hours"), &minutes, &m))
        desk_errs_add(&e, "--hours", "%s", m.text);
    date_t date;
    if ((rc = opt_date(app, &c, "date", &date)))
        goto out;
    if (sub && !strcmp(sub, "log")) {
        struct desk_sup_session s = {.staff_id = staff, .date = date,
                                     .supervisor = opt(&c, "supervisor"), .minutes = minutes,
                                     .note = opt(&c, "note") ? opt(&c, "note") : ""};
        if (!s.supervisor) {
            struct desk_supervision all;
            if (desksup_load(app->db, NULL, NULL, c.pos[0], app->today, &a, &all, &m) == 0)
                for (size_t i = 0; i < all.n; i++)
                    if (all.rows[i].staff_id == staff && *all.rows[i].supervisor)
                        s.supervisor = all.rows[i].supervisor;
        }
        if (e.n || desksup_add_session(app->db, &w, c.pos[0], &s, app->today, NULL, &e, &m)) {
            rc = bad(app, &e, &m);
            goto out;
        }
        fprintf(app->out, "Supervision session of staff %" PRId64 " logged.\n", staff);
    } else if (sub && !strcmp(sub, "training")) {
        struct desk_training t = {.staff_id = staff, .attended = date, .course = opt(&c, "course"),
                                  .provider = opt(&c, "provider") ? opt(&c, "provider") : "",
                                  .minutes = minutes};
        if (e.n || desksup_add_training(app->db, &w, c.pos[0], &t, app->today, NULL, &e, &m)) {
            rc = bad(app, &e, &m);
            goto out;
        }
        fprintf(app->out, "Course of staff %" PRId64 " recorded.\n", staff);
    } else if (sub) {
        int64_t days = -1;
        if (!opt(&c, "role") || (!opt(&c, "days") == !opt(&c, "clear"))) {
            rc = cli_usage(app, "desk supervision minimum PCN --role ROLE|* (--days N | --clear)");
            goto out;
        }
        if (opt(&c, "days") && parse_i64(opt(&c, "days"), 1, 366, &days))
            desk_errs_add(&e, "--days", "give a whole number of days from 1 to 366");
        if (e.n || desksup_set_policy(app->db, &w, c.pos[0], opt(&c, "role"), days, &e, &m)) {
            rc = bad(app, &e, &m);
            goto out;
        }
        fprintf(app->out, "Minimum supervision of %s in %s saved.\n", opt(&c, "role"), c.pos[0]);
    } else {
        struct desk_supervision s;
        struct rules r;
        struct rules_diag dg = {0};
        struct pcn_msg ignore = {0};
        rules_load(rules_dir_default(opt(&c, "rules")), &a, &r, &dg, &ignore);
        const struct deskrules *dr = load_rules(app, &a, opt(&c, "rules"));
        if (desksup_load(app->db, dr, &r, c.pos[0], app->today, &a, &s, &m)) {
            rc = cli_fail(app, &m);
            goto out;
        }
        if (opt(&c, "json")) {
            print_json(app, desksup_json(c.pos[0], &s, app->today));
        } else {
            struct table t;
            table_init(&t, ">Id,Name,Role,Supervisor,Last session,Next due,Status");
            for (size_t i = 0; i < s.n; i++) {
                char id[24], last[11] = "-", due[11] = "-";
                snprintf(id, sizeof id, "%" PRId64, s.rows[i].staff_id);
                if (s.rows[i].st.last != DATE_NONE)
                    date_format_iso(s.rows[i].st.last, last);
                if (s.rows[i].st.due != DATE_NONE)
                    date_format_iso(s.rows[i].st.due, due);
                const char *cells[] = {id, s.rows[i].name, s.rows[i].role, s.rows[i].supervisor,
                                       last, due, desk_sup_id(s.rows[i].st.state)};
                table_row(&t, cells);
            }
            table_print(&t, app->out);
            table_release(&t);
            fprintf(app->out, "%zu overdue.\n", s.noverdue);
        }
    }
    rc = EXIT_OK;
out:
    arena_release(&a);
    return rc;
}

static int desk_rules(struct app *app, int argc, char **argv)
{
    struct arena a;
    struct deskrules r;
    struct pcn_msg m = {0};
    if (argc > 1)
        return cli_usage(app, "desk rules [DIR]");
    const char *dir = rules_dir_default(argc ? argv[0] : NULL);
    arena_init(&a, 0);
    int rc = deskrules_load(dir, &a, &r, &m);
    for (long i = 0; i < r.nerrors && i < DESKRULES_ERRORS_KEPT; i++)
        fprintf(app->err, "%s\n", r.errors[i]);
    if (rc == 0)
        fprintf(app->out, "%s: %zu clinical director time row%s and %zu supervision row%s, no "
                          "problems.\n",
                dir, r.ncd, r.ncd == 1 ? "" : "s", r.nsup, r.nsup == 1 ? "" : "s");
    else if (rc != PCN_EINVAL)
        fprintf(app->err, "pcnops: %s\n", m.text);
    arena_release(&a);
    return rc ? EXIT_BAD : EXIT_OK;
}

int cmd_desk(struct app *app, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(struct app *, int, char **);
    } subs[] = {
        {"requests", desk_requests},     {"request", desk_request},
        {"report", desk_report},         {"stakeholders", desk_stakeholders},
        {"stakeholder", desk_stakeholder}, {"engagement", desk_engagement},
        {"followups", desk_followups},   {"delegation", desk_delegation},
        {"brief", desk_brief},           {"supervision", desk_supervision},
        {"rules", desk_rules},           {"mps", desk_mps},
    };
    if (argc < 1)
        return cli_usage(app, "desk needs a PCN code or a command (requests, request, report, "
                              "stakeholders, stakeholder, engagement, followups, delegation, "
                              "brief, supervision, rules, mps)");
    if (strcmp(argv[0], "help") == 0) {
        fputs(desk_help, app->out);
        return EXIT_OK;
    }
    for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
        if (strcmp(argv[0], subs[i].name) == 0)
            return subs[i].fn(app, argc - 1, argv + 1);
    return desk_overview(app, argc, argv);
}
