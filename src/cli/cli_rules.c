/* cli_rules.c: loading the rules for a command (cli.h), and the rules'
 * layers on the command line (layers.h, override.h).
 *
 *   rules override (--pcn CODE | --icb CODE) --file FILE --row KEY --value VALUE
 *                  --from DATE [--to DATE] --source TEXT [--source-date DATE]
 *                  [--confidence official|single-source|unconfirmed] [--name NAME]
 *                  [--agreement TEXT] [--signed CODE,CODE]
 *   rules overrides [--pcn CODE | --icb CODE] [--json]
 *   rules override-end (--pcn CODE | --icb CODE) ID --to DATE
 *   rules override-remove (--pcn CODE | --icb CODE) ID
 *
 * FILE is a rules file's name without .csv (stream_rates, arrs_maxima,
 * arrs_roles) and KEY its key columns joined by '/'. */
#include "common.h"
#include "cli.h"
#include "app.h"
#include "db.h"
#include "deskdb.h"
#include "jsonfmt.h"
#include "layers.h"
#include "override.h"
#include "rules.h"
#include "table.h"

#include <time.h>

void cli_rules_errors(struct app *app, const struct rules_diag *d)
{
    long kept = d->nerrors < LIMIT_RULES_ERRORS_KEPT ? d->nerrors : LIMIT_RULES_ERRORS_KEPT;
    for (long i = 0; i < kept; i++)
        fprintf(app->err, "%s\n", d->errors[i]);
}

int cli_rules_load(struct app *app, const char *dir, struct arena *a, struct rules *r)
{
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    if (rules_load(rules_dir_default(dir), a, r, &d, &m)) {
        cli_rules_errors(app, &d);
        return cli_fail(app, &m);
    }
    return 0;
}

int cli_open_rules(struct app *app, const char *dir, struct arena *a, struct rules *r)
{
    struct pcn_msg m = {0};
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    return cli_rules_load(app, dir, a, r);
}

/* The rules for a change of the layers: their problems are not this
 * command's to print. */
static int load(struct app *app, const char *dir, struct arena *a, struct rules *r)
{
    struct rules_diag d = {0};
    struct pcn_msg m = {0};
    int rc = rules_load(rules_dir_default(dir), a, r, &d, &m);
    if (rc && rc != PCN_EINVAL)
        return cli_fail(app, &m);
    return 0;
}

/* --pcn CODE or --icb CODE: exactly one. */
static int scope_of(struct app *app, const char *pcn, const char *icb, enum layer_scope *scope,
                    const char **org)
{
    if (!!pcn == !!icb)
        return cli_usage(app, "give --pcn CODE (the PCN's own figure) or --icb CODE (the ICB's "
                              "local variation)");
    *scope = pcn ? SCOPE_PCN : SCOPE_ICB;
    *org = pcn ? pcn : icb;
    return 0;
}

static int add(struct app *app, int argc, char **argv)
{
    const char *pcn = NULL, *icb = NULL, *file = NULL, *row = NULL, *value = NULL, *from = NULL,
               *to = NULL, *source = NULL, *sdate = NULL, *conf = NULL, *name = NULL,
               *agreement = NULL, *signed_by = NULL, *dir = NULL;
    const struct cli_flag flags[] = {
        {"--pcn", &pcn, NULL},
        {"--icb", &icb, NULL},
        {"--file", &file, NULL},
        {"--row", &row, NULL},
        {"--value", &value, NULL},
        {"--from", &from, NULL},
        {"--to", &to, NULL},
        {"--source", &source, NULL},
        {"--source-date", &sdate, NULL},
        {"--confidence", &conf, NULL},
        {"--name", &name, NULL},
        {"--agreement", &agreement, NULL},
        {"--signed", &signed_by, NULL},
        {"--rules", &dir, NULL},
    };
    struct opts o;
    struct rule_override ov = {.conf = CONF_OFFICIAL, .source_date = DATE_NONE};
    struct pcn_msg m = {0};
    struct arena a;
    struct rules r;
    int rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o);
    if (rc)
        return rc;
    arena_init(&a, 0);
    if (o.nargs || o.json || o.icb) {
        rc = cli_usage(app, "rules override takes only its --options");
        goto out;
    }
    if ((rc = scope_of(app, pcn, icb, &ov.scope, &ov.org)) ||
        (rc = cli_date_opt(app, "--from", from, &ov.from)) ||
        (rc = cli_date_opt(app, "--to", to, &ov.to)) ||
        (rc = cli_date_opt(app, "--source-date", sdate, &ov.source_date)))
        goto out;
    if (!file || layers_file_parse(file, &ov.file)) {
        rc = cli_usage(app, "--file: stream_rates, arrs_maxima or arrs_roles");
        goto out;
    }
    if (conf && (conf_parse(conf, strlen(conf), &ov.conf) || ov.conf == CONF_CARRIED)) {
        rc = cli_usage(app, "--confidence: official, single-source or unconfirmed");
        goto out;
    }
    if (ov.scope == SCOPE_PCN && (agreement || signed_by)) {
        rc = cli_usage(app, "--agreement and --signed are for an ICB's local variation (--icb)");
        goto out;
    }
    ov.key = row;
    ov.value = value;
    ov.source = source;
    ov.name = name;
    ov.agreement = agreement;
    ov.signed_by = signed_by;
    if ((rc = load(app, dir, &a, &r)))
        goto out;
    struct layers_errors e = {0};
    if (!layers_check(&r, &ov, &a, &e)) {
        for (size_t i = 0; i < e.n; i++)
            fprintf(app->err, "pcnops: --%s: %s\n",
                    strcmp(e.e[i].field, "row") == 0 ? "row" : e.e[i].field, e.e[i].text);
        rc = EXIT_BAD;
        goto out;
    }
    struct desk_actor who;
    deskdb_actor_cli(&who, time(NULL));
    if (cli_open_db(app, &m) || override_add(app->db, &ov, &who, &a, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    fprintf(app->out, "Saved %s: %s %s = %s from %s, as %s.\n", ov.id, layers_file_name(ov.file),
            ov.key, layers_value_text(&a, &ov), from, layers_scope_label(ov.scope));
    int64_t national;
    if (ov.scope == SCOPE_ICB && layers_national(&r, &ov, &national) && ov.amount < national &&
        ov.file != RF_ROLES)
        fprintf(app->out,
                "Warning: this pays less than the national figure. A local variation must "
                "invest more in total than the national entitlement (Network Contract DES, "
                "Part B B.2.1).\n");
    rc = EXIT_OK;
out:
    arena_release(&a);
    free(o.args);
    return rc;
}

static int list(struct app *app, int argc, char **argv)
{
    const char *pcn = NULL, *icb = NULL;
    const struct cli_flag flags[] = {{"--pcn", &pcn, NULL}, {"--icb", &icb, NULL}};
    struct opts o;
    struct pcn_msg m = {0};
    struct arena a;
    struct rule_override *ov;
    size_t n;
    int rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o);
    if (rc)
        return rc;
    arena_init(&a, 0);
    if (o.nargs || o.icb || (pcn && icb)) {
        rc = cli_usage(app, "rules overrides [--pcn CODE | --icb CODE] [--json]");
        goto out;
    }
    if (cli_open_db(app, &m) || override_list(app->db, pcn ? pcn : icb, &a, &ov, &n, &m)) {
        rc = cli_fail(app, &m);
        goto out;
    }
    if (o.json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, override_json(&ov[i]));
        cli_print_json(app, arr);
    } else if (n == 0) {
        fprintf(app->out, "No figures of a PCN or an ICB are entered: every figure comes from "
                          "the national rules.\n");
    } else {
        struct table t;
        table_init(&t, "Id,Layer,Org,File,Row,>Value,From,To");
        for (size_t i = 0; i < n; i++) {
            char f[11], to[11] = "open";
            date_format_iso(ov[i].from, f);
            if (ov[i].to != DATE_NONE)
                date_format_iso(ov[i].to, to);
            const char *cells[] = {ov[i].id,  layers_scope_name(ov[i].scope),
                                   ov[i].org, layers_file_name(ov[i].file),
                                   ov[i].key, ov[i].value,
                                   f,         to};
            table_row(&t, cells);
        }
        table_print(&t, app->out);
        table_release(&t);
    }
    rc = EXIT_OK;
out:
    arena_release(&a);
    free(o.args);
    return rc;
}

static int change(struct app *app, int argc, char **argv, bool end)
{
    const char *pcn = NULL, *icb = NULL, *to = NULL;
    const struct cli_flag flags[] = {
        {"--pcn", &pcn, NULL}, {"--icb", &icb, NULL}, {"--to", &to, NULL}};
    struct opts o;
    struct pcn_msg m = {0};
    enum layer_scope scope = SCOPE_PCN;
    const char *org = NULL;
    date_t last = DATE_NONE;
    int rc = cli_parse_flags(app, argc, argv, flags, ARRAY_SIZE(flags), &o);
    if (rc)
        return rc;
    if (o.nargs != 1 || o.json || o.icb || (end ? !to : !!to)) {
        rc = cli_usage(app, end ? "rules override-end (--pcn CODE | --icb CODE) ID --to DATE"
                                : "rules override-remove (--pcn CODE | --icb CODE) ID");
        goto out;
    }
    if ((rc = scope_of(app, pcn, icb, &scope, &org)) || (rc = cli_date_opt(app, "--to", to, &last)))
        goto out;
    struct desk_actor who;
    deskdb_actor_cli(&who, time(NULL));
    if (cli_open_db(app, &m) || (end ? override_end(app->db, org, o.args[0], last, &who, &m)
                                     : override_remove(app->db, org, o.args[0], &who, &m))) {
        rc = cli_fail(app, &m);
        goto out;
    }
    fprintf(app->out, end ? "Ended %s on %s.\n" : "Removed %s%s.\n", o.args[0], end ? to : "");
    rc = EXIT_OK;
out:
    free(o.args);
    return rc;
}

int cli_rules_layers(struct app *app, int argc, char **argv)
{
    if (strcmp(argv[0], "override") == 0)
        return add(app, argc - 1, argv + 1);
    if (strcmp(argv[0], "overrides") == 0)
        return list(app, argc - 1, argv + 1);
    if (strcmp(argv[0], "override-end") == 0)
        return change(app, argc - 1, argv + 1, true);
    return change(app, argc - 1, argv + 1, false);
}
