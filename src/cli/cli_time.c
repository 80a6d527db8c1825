/* cli_time.c: the clinical director's time log on the command line
 * (cli_desk.h has what the desk commands share).
 *
 *   pcnops time add PCN --date D --hours H --category C [--title T] [--note T]
 *                       [--not-meeting] [--stakeholder ID]... [--request ID]...
 *   pcnops time list PCN [--from D] [--to D] [--json]
 *   pcnops time remove PCN ID
 *   pcnops time summary PCN --from D --to D [--json]
 *   pcnops time import PCN FILE.ics [--from D] [--to D] [--category C] [--save]
 *   pcnops time funded PCN [--json] | --from D (--hours H | --default) [--note T] */
#include "common.h"
#include "app.h"
#include "buf.h"
#include "cli.h"
#include "cli_desk.h"
#include "deskdb.h"
#include "deskrules.h"
#include "deskview.h"
#include "ics.h"
#include "table.h"

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
    "1:30; dates YYYY-MM-DD.  Funded time a week is the rules' figure (a WTE per so\n"
    "many registered patients, at the hours of one WTE: rules/YEAR/cd_time.csv;\n"
    "`time funded` shows it with its working) unless the PCN set its own.\n";

/* The ids of a repeated option (--stakeholder ID...), into an array of the
 * arena; each that is not one added to d->e as "'V' is not a WHAT id". */
static int64_t *ids(struct cli_desk *d, const char *name, const char *what, size_t *n)
{
    const char *const *v;
    int k = cli_desk_opt_all(d, name, &v);
    int64_t *out = ARENA_ARRAY(&d->a, int64_t, (size_t)k + 1);
    *n = 0;
    for (int i = 0; i < k; i++)
        if (parse_i64(v[i], 1, INT64_MAX, &out[(*n)++]))
            desk_errs_add(&d->e, arena_printf(&d->a, "--%s", name), "'%s' is not a %s id", v[i],
                          what);
    return out;
}

static int time_add(struct cli_desk *d)
{
    struct app *app = d->app;
    int rc;
    if (d->c.npos != 1)
        return cli_usage(app, "time add takes one PCN code");
    struct desk_activity x = {
        .source = "cli", .uid = "", .meeting = !cli_desk_opt(d, "not-meeting")};
    if ((rc = cli_desk_date(d, "date", &x.date)))
        return rc;
    if (!cli_desk_opt(d, "date"))
        return cli_usage(app, "time add needs --date YYYY-MM-DD");
    if (!cli_desk_opt(d, "hours"))
        return cli_usage(app, "time add needs --hours H (like 1.5 or 1:30)");
    if (!cli_desk_opt(d, "category"))
        return cli_usage(app, "time add needs --category (practices, pcn_operations, "
                              "system_meetings, place_int, lmc, mp_engagement, "
                              "clinical_leadership, training_hub or other)");
    if (desk_parse_hours(cli_desk_opt(d, "hours"), &x.minutes, &d->m)) {
        desk_errs_add(&d->e, "--hours", "%s", d->m.text);
        x.minutes = 1;
    }
    if (desk_category_parse(cli_desk_opt(d, "category"), &x.cat)) {
        desk_errs_add(&d->e, "--category",
                      "'%s' is not a category: practices, pcn_operations, "
                      "system_meetings, place_int, lmc, mp_engagement, "
                      "clinical_leadership, training_hub or other",
                      cli_desk_opt(d, "category"));
        x.cat = DC_OTHER;
    }
    x.title = cli_desk_str(d, "title");
    x.note = cli_desk_str(d, "note");
    x.stakeholders = ids(d, "stakeholder", "stakeholder", &x.nstakeholders);
    x.requests = ids(d, "request", "request", &x.nrequests);
    int64_t id = 0;
    if (d->e.n || deskdb_add_activities(app->db, &d->w, d->pcn, &x, 1, app->today, "desk-time-add",
                                        &d->a, &id, &d->e, &d->m))
        return cli_desk_bad(d);
    struct buf b;
    buf_init(&b, 256);
    desk_add_duration(&b, x.minutes);
    fprintf(app->out, "Logged %s on %s for %s, category %s (activity %" PRId64 ").\n", b.buf,
            cli_desk_opt(d, "date"), d->pcn, desk_category_id(x.cat), id);
    buf_release(&b);
    return EXIT_OK;
}

static int time_list(struct cli_desk *d)
{
    struct desk_activity *v;
    size_t n;
    date_t from, to;
    int rc;
    if ((rc = cli_desk_period(d, 84, &from, &to)))
        return rc;
    if (deskdb_activities(d->app->db, d->pcn, from, to, &d->a, &v, &n, &d->m))
        return cli_fail(d->app, &d->m);
    if (cli_desk_opt(d, "json")) {
        cli_desk_json(d, deskview_activities(v, n));
        return EXIT_OK;
    }
    struct table t;
    struct buf b;
    buf_init(&b, 64);
    table_init(&t, ">Id,Date,Category,>Hours,Meeting,Title");
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        date_format_iso(v[i].date, iso);
        const char *cells[] = {arena_printf(&d->a, "%" PRId64, v[i].id),
                               iso,
                               desk_category_id(v[i].cat),
                               cli_desk_hours(&b, v[i].minutes * 1000),
                               v[i].meeting ? "yes" : "no",
                               v[i].title};
        table_row(&t, cells);
    }
    cli_print_table(d->app, &t);
    buf_release(&b);
    return EXIT_OK;
}

static int time_remove(struct cli_desk *d)
{
    int64_t id;
    if (d->c.npos != 2 || parse_i64(d->c.pos[1], 1, INT64_MAX, &id))
        return cli_usage(d->app, "time remove PCN ID");
    if (deskdb_delete_activity(d->app->db, &d->w, d->pcn, id, &d->m))
        return cli_fail(d->app, &d->m);
    fprintf(d->app->out, "Removed activity %" PRId64 " from %s.\n", id, d->pcn);
    return EXIT_OK;
}

static int time_summary(struct cli_desk *d)
{
    struct app *app = d->app;
    struct desk_funding f;
    struct desk_funded fd;
    struct desk_summary s;
    struct desk_activity *v;
    size_t n;
    date_t from, to;
    int rc;
    if (!cli_desk_opt(d, "from") || !cli_desk_opt(d, "to"))
        return cli_usage(app, "time summary needs --from DATE and --to DATE");
    if ((rc = cli_desk_period(d, 1, &from, &to)))
        return rc;
    const struct deskrules *r = cli_desk_rules(d, cli_desk_opt(d, "rules"));
    if (deskdb_funding(app->db, r, d->pcn, to, &d->a, &f, &d->m) ||
        desk_funded_on(&f, to, &fd, &d->m) ||
        deskdb_activities(app->db, d->pcn, from, to, &d->a, &v, &n, &d->m) ||
        desk_summarise(v, n, from, to, &f, &d->a, &s, &d->m))
        return cli_fail(app, &d->m);
    if (cli_desk_opt(d, "json")) {
        cli_desk_json(d, deskview_summary(d->pcn, &s, &fd));
        return EXIT_OK;
    }
    struct buf b;
    buf_init(&b, 256);
    fprintf(app->out, "Time of the clinical director of %s, %s to %s\n\n", d->pcn,
            cli_desk_opt(d, "from"), cli_desk_opt(d, "to"));
    struct table t;
    table_init(&t, "Category,Side,>Hours");
    for (int i = 0; i < DC_COUNT; i++) {
        const char *cells[] = {desk_category_id((enum desk_category)i),
                               desk_side_id(desk_category_side((enum desk_category)i)),
                               cli_desk_hours(&b, s.t.minutes[i] * 1000)};
        table_row(&t, cells);
    }
    cli_print_table(app, &t);
    fprintf(app->out, "\nLogged            %s hours\n", cli_desk_hours(&b, s.t.total * 1000));
    fprintf(app->out, "Funded            %s%s\n",
            s.funded_known ? cli_desk_hours(&b, s.funded_mmin) : "not known",
            !s.funded_known ? ""
            : conf_doubtful(s.funded_conf)
                ? arena_printf(&d->a, " hours (%s)", conf_label(s.funded_conf))
                : " hours");
    fprintf(app->out, "Internal          %s hours\n", cli_desk_hours(&b, s.t.internal * 1000));
    fprintf(app->out, "External          %s hours\n", cli_desk_hours(&b, s.t.external * 1000));
    fprintf(app->out, "With practices    %s hours\n", cli_desk_hours(&b, s.t.practices * 1000));
    fprintf(app->out, "System meetings   %s hours\n", cli_desk_hours(&b, s.t.system * 1000));
    fprintf(app->out, "Meetings          %ld\n", s.t.meetings);
    for (size_t i = 0; i < s.nalerts; i++)
        fprintf(app->out, "Alert (%s): %s\n", desk_alert_kind_id(s.alerts[i].kind),
                s.alerts[i].text);
    buf_release(&b);
    return EXIT_OK;
}

/* Reads the calendar file into data (at most LIMIT_ICS_BYTES). */
static int read_ics(struct cli_desk *d, const char *path, struct buf *data)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        msg_set(&d->m, PCN_EIO, "%s: %s", path, strerror(errno));
        return cli_fail(d->app, &d->m);
    }
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (buf_add(data, chunk, got))
            break;
    fclose(fp);
    if (!buf_ok(data)) {
        msg_set(&d->m, PCN_ELIMIT, "%s: larger than %ld bytes", path, (long)LIMIT_ICS_BYTES);
        return cli_fail(d->app, &d->m);
    }
    return 0;
}

/* The meetings of the calendar, shown; added to the time log with --save. */
static int import_meetings(struct cli_desk *d, const struct ics_result *r,
                           enum desk_category forced)
{
    struct app *app = d->app;
    struct desk_activity *acts = ARENA_ARRAY(&d->a, struct desk_activity, r->nevents + 1);
    size_t n = 0;
    for (size_t i = 0; i < r->nevents; i++) {
        const struct ics_event *ev = &r->events[i];
        acts[n++] = (struct desk_activity){
            .date = ev->date,
            .minutes = ev->minutes,
            .cat = forced != DC_COUNT ? forced : desk_category_guess(ev->summary),
            .meeting = true,
            .title = ev->summary,
            .note = "",
            .source = "calendar",
            .uid = ev->uid};
    }
    struct table t;
    struct buf b;
    buf_init(&b, 64);
    table_init(&t, "Date,>Hours,Category,Title");
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        date_format_iso(acts[i].date, iso);
        const char *cells[] = {iso, cli_desk_hours(&b, acts[i].minutes * 1000),
                               desk_category_id(acts[i].cat), acts[i].title};
        table_row(&t, cells);
    }
    cli_print_table(app, &t);
    buf_release(&b);
    if (!cli_desk_opt(d, "save")) {
        fprintf(app->out,
                "%zu meeting%s found; nothing saved.  Add --save to add them to the "
                "time log.\n",
                n, n == 1 ? "" : "s");
        return EXIT_OK;
    }
    if (n == 0) {
        fputs("pcnops: no meetings to add.\n", app->err);
        return EXIT_BAD;
    }
    if (deskdb_add_activities(app->db, &d->w, d->pcn, acts, n, app->today, "desk-time-import",
                              &d->a, NULL, &d->e, &d->m))
        return cli_desk_bad(d);
    fprintf(app->out, "Added %zu meeting%s to the time log of %s.\n", n, n == 1 ? "" : "s", d->pcn);
    return EXIT_OK;
}

static int time_import(struct cli_desk *d)
{
    struct app *app = d->app;
    struct ics_result r;
    date_t from, to;
    int rc;
    if ((rc = cli_desk_date(d, "from", &from)) || (rc = cli_desk_date(d, "to", &to)))
        return rc;
    if (d->c.npos != 2)
        return cli_usage(app, "time import PCN FILE.ics");
    enum desk_category forced = DC_COUNT;
    if (cli_desk_opt(d, "category") && desk_category_parse(cli_desk_opt(d, "category"), &forced))
        return cli_usage(app, "--category: '%s' is not a category", cli_desk_opt(d, "category"));
    struct buf data;
    buf_init(&data, LIMIT_ICS_BYTES + 1);
    if ((rc = read_ics(d, d->c.pos[1], &data)))
        goto out;
    /* Repeating meetings are expanded in the dates asked for; without dates,
     * in the dates the time log accepts. */
    date_t win_from = from != DATE_NONE ? from : desk_date_min();
    date_t win_to = to != DATE_NONE ? to : desk_date_max(app->today);
    if (win_to < win_from) {
        msg_set(&d->m, PCN_EINVAL, "--to: %s is before --from", cli_desk_opt(d, "to"));
        rc = cli_fail(app, &d->m);
        goto out;
    }
    if (ics_parse(d->c.pos[1], data.buf, data.len, win_from, win_to, &d->a, &r, &d->m)) {
        fprintf(app->err, "pcnops: %s\npcnops: nothing was added.\n", d->m.text);
        rc = EXIT_BAD;
        goto out;
    }
    for (long i = 0; i < r.nwarnings && i < LIMIT_WARNINGS_KEPT; i++)
        fprintf(app->err, "pcnops: warning: %s\n", r.warnings[i]);
    rc = import_meetings(d, &r, forced);
out:
    buf_release(&data);
    return rc;
}

static int time_funded(struct cli_desk *d)
{
    struct app *app = d->app;
    struct desk_funding f;
    struct desk_funded fd;
    struct trail t;
    date_t from;
    int rc;
    if ((rc = cli_desk_date(d, "from", &from)))
        return rc;
    if (cli_desk_opt(d, "hours") || cli_desk_opt(d, "default")) {
        if (!cli_desk_opt(d, "from") || (cli_desk_opt(d, "hours") && cli_desk_opt(d, "default")))
            return cli_usage(app, "time funded PCN --from DATE (--hours H | --default)");
        int64_t minutes = -1;
        if (cli_desk_opt(d, "hours") && desk_parse_hours(cli_desk_opt(d, "hours"), &minutes, &d->m))
            desk_errs_add(&d->e, "--hours", "%s", d->m.text);
        if (d->e.n || deskdb_set_funded(app->db, &d->w, d->pcn, from, minutes,
                                        cli_desk_str(d, "note"), app->today, &d->e, &d->m))
            return cli_desk_bad(d);
        fprintf(app->out, "Funded time of %s from %s: %s.\n", d->pcn, cli_desk_opt(d, "from"),
                cli_desk_opt(d, "hours") ? "set" : "the rules' figure again");
        return EXIT_OK;
    }
    const struct deskrules *r = cli_desk_rules(d, cli_desk_opt(d, "rules"));
    if (deskdb_funding(app->db, r, d->pcn, app->today, &d->a, &f, &d->m) ||
        desk_funded_on(&f, app->today, &fd, &d->m))
        return cli_fail(app, &d->m);
    trail_init(&t, &d->a);
    desk_funded_trail(&f, &fd, &t);
    if (cli_desk_opt(d, "json")) {
        json_t *j = json_pack("{s:s,s:o,s:b,s:o,s:b,s:o}", "pcn", d->pcn, "on",
                              deskview_date(app->today), "known", fd.known, "minutes_per_week",
                              fd.known ? json_integer((fd.mmin_per_week + 500) / 1000)
                                       : json_null(),
                              "set_by_pcn", fd.is_override, "trail", deskview_trail(&t));
        json_object_set_new(j, "hours_per_week",
                            fd.known ? deskview_hours_mmin(fd.mmin_per_week) : json_null());
        cli_desk_json(d, j);
        return EXIT_OK;
    }
    for (size_t i = 0; i < t.n; i++) {
        const struct trail_step *s = &t.steps[i];
        fprintf(app->out, "%s%s%s%s\n", s->text, s->source ? " [" : "", s->source ? s->source : "",
                !s->source                ? ""
                : !conf_doubtful(s->conf) ? "]"
                : s->conf == CONF_CARRIED ? "] (provisional)"
                                          : "] (unconfirmed)");
    }
    if (!fd.known)
        fprintf(app->out, "Funded time is not known: %s.\n", fd.why ? fd.why : "");
    return EXIT_OK;
}

const struct cli_desk_cmd cli_time_cmds[] = {
    {"add", "time add", "date=,hours=,category=,note=,title=,not-meeting,stakeholder=*,request=*",
     true, NULL, NULL, time_add},
    {"list", "time list", "from=,to=,json", true, NULL, NULL, time_list},
    {"remove", "time remove", "", true, NULL, NULL, time_remove},
    {"summary", "time summary", "from=,to=,json,rules=", true, NULL, NULL, time_summary},
    {"import", "time import", "from=,to=,category=,save", true, NULL, NULL, time_import},
    {"funded", "time funded", "from=,hours=,default,note=,json,rules=", true, NULL, NULL,
     time_funded},
};
const size_t cli_time_ncmds = ARRAY_SIZE(cli_time_cmds);

int cmd_time(struct app *app, int argc, char **argv)
{
    if (argc < 1)
        return cli_usage(app, "time needs add, list, remove, summary, import or funded");
    if (strcmp(argv[0], "help") == 0) {
        fputs(time_help, app->out);
        return EXIT_OK;
    }
    const struct cli_desk_cmd *c = cli_desk_find(cli_time_cmds, cli_time_ncmds, argv[0]);
    if (c)
        return cli_desk_run(app, c, argc - 1, argv + 1);
    return cli_usage(app,
                     "time: unknown command '%s' (add, list, remove, summary, import or "
                     "funded)",
                     argv[0]);
}
