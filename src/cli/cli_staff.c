/* cli_staff.c: `pcnops staff ...`: the ARRS staff register: its posts,
 * their changes of hours or pay, their ends, and the staff and workforce
 * imports (staff.h).
 *
 * The command line is an operator's tool on the store itself, so it shows
 * pay; every listing with pay is written to the audit log, as the web pages
 * do. */
#include "common.h"
#include "arrsview.h"
#include "audit.h"
#include "buf.h"
#include "cli.h"
#include "db.h"
#include "import.h"
#include "rules.h"
#include "staff.h"
#include "table.h"

static const char *money_str(struct buf *b, pence_t v)
{
    buf_reset(b);
    money_add_display2(b, v);
    return b->buf;
}

static const char *wte_str(struct buf *b, int64_t wte)
{
    buf_reset(b);
    fixed_add(b, wte, 4, 1, false);
    return b->buf;
}

/* Pay options shared by add and change. */
struct pay_opts {
    const char *wte, *band, *point, *salary, *oncost, *cost;
};

static int parse_terms(struct app *app, const struct pay_opts *p, date_t from, struct arrs_terms *t)
{
    memset(t, 0, sizeof *t);
    t->from = from;
    if (!p->wte || fixed_parse(p->wte, strlen(p->wte), 4, INT64_MIN / 2, INT64_MAX / 2, &t->wte_e4))
        return cli_usage(app, "--wte: give the hours as a WTE, like 0.8");
    t->band = p->band;
    if (p->point) {
        if (arrs_pay_point_parse(p->point, &t->point))
            return cli_usage(app, "--point: single, entry, intermediate or top");
        t->has_point = true;
    }
    struct {
        const char *s, *name;
        bool *has;
        pence_t *v;
    } money[] = {{p->salary, "--salary", &t->has_salary, &t->salary},
                 {p->oncost, "--oncost", &t->has_oncost, &t->oncost},
                 {p->cost, "--cost", &t->has_cost, &t->cost}};
    for (size_t i = 0; i < ARRAY_SIZE(money); i++) {
        if (!money[i].s)
            continue;
        if (money_parse(money[i].s, strlen(money[i].s), money[i].v) || *money[i].v < 0)
            return cli_usage(app, "%s: give pounds a year, like 52000 or 52000.50", money[i].name);
        *money[i].has = true;
    }
    return 0;
}

static void print_staff(struct app *app, const struct staff *s, size_t n)
{
    struct buf b1, b2;
    struct table t;
    buf_init(&b1, 64);
    buf_init(&b2, 64);
    table_init(&t, "Id,Name,Role,>WTE,Start,End,Annual cost");
    for (size_t i = 0; i < n; i++) {
        char id[24], start[11], end[11] = "in post";
        const struct arrs_terms *last = s[i].nterms ? &s[i].terms[s[i].nterms - 1] : NULL;
        snprintf(id, sizeof id, "%" PRId64, s[i].id);
        date_format_iso(s[i].start, start);
        if (s[i].end != DATE_NONE)
            date_format_iso(s[i].end, end);
        const char *cost = "to be entered";
        if (last && last->has_cost)
            cost = money_str(&b2, last->cost);
        else if (last && last->has_salary)
            cost = "salary entered";
        else if (last && last->has_point)
            cost = "AfC pay point";
        const char *cells[] = {id,    s[i].name, s[i].role, last ? wte_str(&b1, last->wte_e4) : "",
                               start, end,       cost};
        table_row(&t, cells);
    }
    table_print(&t, app->out);
    table_release(&t);
    buf_release(&b1);
    buf_release(&b2);
}

/* One run of a staff command: its options, the rules and the store open. */
struct staff_run {
    struct app *app;
    const char *verb;
    struct opts o;
    struct pay_opts pay;
    const char *rules_dir, *name, *role, *start, *end, *zone, *employment, *supervisor, *ref, *from,
        *last_day, *pcn;
    struct arena a;
    struct rules r;
    struct pcn_msg m;
};

static int staff_list_cmd(struct staff_run *x)
{
    struct app *app = x->app;
    struct staff *s;
    size_t n;
    int rc;
    if (x->o.nargs != 1)
        return cli_usage(app, "staff list PCN");
    if (staff_list(app->db, x->o.args[0], DATE_NONE, &x->a, &s, &n, &x->m))
        return cli_fail(app, &x->m);
    if ((rc = cli_audit(app, "staff-view", "pcn", x->o.args[0],
                        json_pack("{s:I}", "posts", (json_int_t)n))))
        return rc;
    if (x->o.json)
        cli_print_json(app, arrsview_staff_list(s, n, true));
    else
        print_staff(app, s, n);
    return EXIT_OK;
}

static int staff_show_cmd(struct staff_run *x)
{
    struct app *app = x->app;
    struct staff s;
    int64_t id;
    int rc;
    if (x->o.nargs != 1 || parse_i64(x->o.args[0], 1, INT64_MAX, &id))
        return cli_usage(app, "staff show ID");
    if (staff_get(app->db, id, &x->a, &s, &x->m))
        return cli_fail(app, &x->m);
    if ((rc = cli_audit(app, "staff-view", "staff", x->o.args[0], NULL)))
        return rc;
    if (x->o.json)
        cli_print_json(app, arrsview_staff(&s, true));
    else
        print_staff(app, &s, 1);
    return EXIT_OK;
}

static int staff_add_cmd(struct staff_run *x)
{
    struct app *app = x->app;
    struct staff s = {0};
    struct arrs_terms t;
    int64_t id;
    int rc;
    if (x->o.nargs != 1)
        return cli_usage(app, "staff add PCN --name NAME --role ROLE --wte WTE --start DATE ...");
    s.pcn = x->o.args[0];
    s.name = x->name;
    s.role = x->role;
    s.ref = x->ref;
    s.supervisor = x->supervisor;
    if ((rc = cli_date_opt(app, "--start", x->start, &s.start)) ||
        (rc = cli_date_opt(app, "--end", x->end, &s.end)) ||
        (rc = parse_terms(app, &x->pay, s.start, &t)))
        return rc;
    if (x->zone && arrs_zone_parse(x->zone, &s.zone))
        return cli_usage(app, "--zone: national, outer_london or inner_london");
    if (x->employment && arrs_employment_parse(x->employment, &s.employment))
        return cli_usage(app, "--employment: employed, lead_practice, subcontracted or "
                              "mhp_shared");
    s.terms = &t;
    s.nterms = 1;
    struct audit_entry note;
    audit_note_cli(&note, &x->a, "staff-add", "staff", NULL,
                   json_pack("{s:s,s:s,s:s}", "pcn", s.pcn, "name", s.name, "role", s.role));
    if (staff_add(app->db, &x->r, &s, time(NULL), &note, &id, &x->m))
        return cli_fail(app, &x->m);
    fprintf(app->out, "Added staff member %" PRId64 ": %s, %s.\n", id, s.name, s.role);
    return EXIT_OK;
}

static int staff_change_cmd(struct staff_run *x)
{
    struct app *app = x->app;
    struct arrs_terms t;
    date_t d;
    int64_t id;
    int rc;
    if (x->o.nargs != 1 || parse_i64(x->o.args[0], 1, INT64_MAX, &id) || !x->from)
        return cli_usage(app, "staff change ID --from DATE --wte WTE [pay options]");
    if ((rc = cli_date_opt(app, "--from", x->from, &d)) || (rc = parse_terms(app, &x->pay, d, &t)))
        return rc;
    struct audit_entry note;
    audit_note_cli(&note, &x->a, "staff-change", "staff", x->o.args[0],
                   json_pack("{s:s,s:s}", "from", x->from, "wte", x->pay.wte));
    if (staff_set_terms(app->db, &x->r, id, &t, time(NULL), &note, &x->m))
        return cli_fail(app, &x->m);
    fprintf(app->out, "Changed staff member %s from %s.\n", x->o.args[0], x->from);
    return EXIT_OK;
}

static int staff_end_cmd(struct staff_run *x)
{
    struct app *app = x->app;
    date_t d;
    int64_t id;
    int rc;
    if (x->o.nargs != 1 || parse_i64(x->o.args[0], 1, INT64_MAX, &id) || !x->last_day)
        return cli_usage(app, "staff end ID --last-day DATE");
    if ((rc = cli_date_opt(app, "--last-day", x->last_day, &d)))
        return rc;
    struct audit_entry note;
    audit_note_cli(&note, &x->a, "staff-end", "staff", x->o.args[0],
                   json_pack("{s:s}", "last_day", x->last_day));
    if (staff_set_end(app->db, id, d, time(NULL), &note, &x->m))
        return cli_fail(app, &x->m);
    fprintf(app->out, "Staff member %s's last day in post is %s.\n", x->o.args[0], x->last_day);
    return EXIT_OK;
}

/* staff import FILE (the staff CSV) or import-workforce FILE (NHS's). */
static int staff_import_cmd(struct staff_run *x)
{
    struct app *app = x->app;
    struct import_result res;
    date_t d;
    int rc;
    bool staff_csv = !strcmp(x->verb, "import");
    if (x->o.nargs != 1)
        return cli_usage(app, "staff %s FILE", x->verb);
    if ((rc = cli_date_opt(app, "--start", x->start, &d)))
        return rc;
    const char *file = x->o.args[0];
    struct audit_entry note;
    audit_note_cli(&note, &x->a, "staff-import", "file", file,
                   json_pack("{s:s}", "kind", staff_csv ? "staff" : "workforce"));
    struct import_src src = {.name = file, .path = file, .audit = &note};
    import_result_init(&res, IMPORT_LIST_SIZES);
    if (staff_csv ? staff_import_csv(app->db, &x->r, &src, time(NULL), &res, &x->m)
                  : staff_import_workforce(app->db, &x->r, rules_dir_default(x->rules_dir), x->pcn,
                                           d, &src, time(NULL), &res, &x->m)) {
        import_result_release(&res);
        fprintf(app->err, "pcnops: %s\npcnops: nothing was imported from %s.\n", x->m.text, file);
        return EXIT_BAD;
    }
    fprintf(app->out, "%s: %s\n", file, res.summary);
    for (long i = 0; i < res.nwarnings && i < LIMIT_WARNINGS_KEPT; i++)
        fprintf(app->err, "warning: %s\n", res.warnings[i]);
    import_result_release(&res);
    return EXIT_OK;
}

static const struct {
    const char *verb;
    int (*fn)(struct staff_run *x);
} staff_verbs[] = {
    {"list", staff_list_cmd},
    {"show", staff_show_cmd},
    {"add", staff_add_cmd},
    {"change", staff_change_cmd},
    {"end", staff_end_cmd},
    {"import", staff_import_cmd},
    {"import-workforce", staff_import_cmd},
};

int cmd_staff(struct app *app, int argc, char **argv)
{
    struct staff_run x = {.app = app};
    const struct cli_flag flags[] = {
        {"--rules", &x.rules_dir, NULL},
        {"--name", &x.name, NULL},
        {"--role", &x.role, NULL},
        {"--wte", &x.pay.wte, NULL},
        {"--band", &x.pay.band, NULL},
        {"--point", &x.pay.point, NULL},
        {"--salary", &x.pay.salary, NULL},
        {"--oncost", &x.pay.oncost, NULL},
        {"--cost", &x.pay.cost, NULL},
        {"--start", &x.start, NULL},
        {"--end", &x.end, NULL},
        {"--zone", &x.zone, NULL},
        {"--employment", &x.employment, NULL},
        {"--supervisor", &x.supervisor, NULL},
        {"--id", &x.ref, NULL},
        {"--from", &x.from, NULL},
        {"--last-day", &x.last_day, NULL},
        {"--pcn", &x.pcn, NULL},
    };
    int rc;

    if (argc < 1)
        return cli_usage(app, "staff needs list, show, add, change, end, import or "
                              "import-workforce");
    x.verb = argv[0];
    if ((rc = cli_parse_flags(app, argc - 1, argv + 1, flags, ARRAY_SIZE(flags), &x.o)))
        return rc;
    arena_init(&x.a, 0);
    if (!(rc = cli_open_rules(app, x.rules_dir, &x.a, &x.r))) {
        size_t i = 0;
        while (i < ARRAY_SIZE(staff_verbs) && strcmp(x.verb, staff_verbs[i].verb))
            i++;
        rc = i < ARRAY_SIZE(staff_verbs) ? staff_verbs[i].fn(&x)
                                         : cli_usage(app, "staff: unknown command '%s'", x.verb);
    }
    free(x.o.args);
    arena_release(&x.a);
    return rc;
}
