/* cli_web.c: serve, user add, token add, audit verify and store copy. */
#include "common.h"
#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "db.h"
#include "server.h"
#include "statics.h"
#include "storecopy.h"

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

static void ready(void *ctx, const char *addr)
{
    struct app *app = ctx;
    char store[512];
    db_name_shown(app->db_path, store, sizeof store);
    fprintf(app->out,
            "PCN Ops is running at http://%s/ on the store %s.\n"
            "Sign in with an account made by 'pcnops user add' (make run makes a demo one).\n"
            "Stop it with Ctrl+C.\n",
            addr, store);
    fflush(app->out);
}

int cmd_serve(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct web w;
    struct server_opts so = {.ready = ready, .ready_ctx = app};
    bool secure = false;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
            so.listen = argv[++i];
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            int64_t n;
            if (parse_i64(argv[++i], 1, 256, &n))
                return cli_usage(app, "--threads: give a number from 1 to 256");
            so.threads = (unsigned)n;
        } else if (strcmp(argv[i], "--behind-tls") == 0) {
            secure = true;
        } else {
            return cli_usage(app, "serve: unknown argument '%s'", argv[i]);
        }
    }
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    if (web_init(&w, app->db_path, NULL, &m))
        return cli_fail(app, &m);
    w.secure_cookies = secure;
    if (!w.statics->vendor_found)
        fprintf(app->err, "pcnops: warning: nhsuk-frontend is not installed "
                          "(node_modules/nhsuk-frontend): pages will have no styles. Run "
                          "scripts/setup.\n");
    int rc = server_run(&w, &so, &m);
    web_release(&w);
    return rc ? cli_fail(app, &m) : EXIT_OK;
}

/* Reads a password: from the terminal without echo, else the first line of
 * standard input. */
static int read_password(struct app *app, char *out, size_t outlen)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(app->err, "Password (10 characters or more): ");
        fflush(app->err);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *got = fgets(out, (int)outlen, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', app->err);
    }
    if (!got)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int cmd_user(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    const char *email = NULL, *role = NULL, *org = NULL, *name = NULL;
    char password[AUTH_PASSWORD_MAX + 2];
    struct web w;
    int64_t id;

    if (argc < 2 || strcmp(argv[0], "add") != 0)
        return cli_usage(app, "user add EMAIL --role ROLE [--org ODS] [--name NAME]");
    email = argv[1];
    for (int i = 2; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--role") == 0)
            role = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--org") == 0)
            org = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--name") == 0)
            name = argv[++i];
        else
            return cli_usage(app, "user add: unknown argument '%s'", argv[i]);
    }
    if (!role)
        return cli_usage(app, "user add needs --role (admin, icb, pcn-manager, "
                              "clinical-director or practice)");
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    if (read_password(app, password, sizeof password))
        return cli_usage(app, "user add: no password given on standard input");
    if (web_init(&w, app->db_path, NULL, &m))
        return cli_fail(app, &m);
    int rc = auth_user_add(app->db, &w, email, name ? name : email, role_parse(role), org,
                           password, &id, &m);
    sodium_memzero(password, sizeof password);
    web_release(&w);
    if (rc)
        return cli_fail(app, &m);
    if (audit_cli(app->db, "user-add", "user", email,
                  json_pack("{s:s,s:o}", "role", role, "org", org ? json_string(org) : json_null()),
                  &m))
        return cli_fail(app, &m);
    fprintf(app->out, "Added %s (%s%s%s).\n", email, role, org ? ", " : "", org ? org : "");
    return EXIT_OK;
}

int cmd_token(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct arena a;
    struct db_stmt *st;
    const char *label = NULL, *tok;

    if (argc < 2 || strcmp(argv[0], "add") != 0)
        return cli_usage(app, "token add EMAIL [--label TEXT]");
    for (int i = 2; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--label") == 0)
            label = argv[++i];
        else
            return cli_usage(app, "token add: unknown argument '%s'", argv[i]);
    }
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    if (sodium_init() < 0 || db_cached(app->db, "SELECT id FROM app_user WHERE email = ?", &st, &m))
        return cli_fail(app, &m);
    db_bind_text(st, 1, argv[1]);
    int rc = db_step(st, &m);
    int64_t id = rc == 1 ? db_col_int(st, 0) : 0;
    db_reset(st);
    if (rc < 0)
        return cli_fail(app, &m);
    if (!id) {
        msg_set(&m, PCN_ENOTFOUND, "no account for %s", argv[1]);
        return cli_fail(app, &m);
    }
    arena_init(&a, 0);
    rc = auth_token_create(app->db, id, label, time(NULL), &a, &tok, &m);
    if (!rc)
        rc = audit_cli(app->db, "token-create", "user", argv[1],
                       label ? json_pack("{s:s}", "label", label) : NULL, &m);
    if (!rc)
        fprintf(app->out, "%s\n", tok);
    arena_release(&a);
    return rc ? cli_fail(app, &m) : EXIT_OK;
}

int cmd_audit(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    long n;
    if (argc != 1 || strcmp(argv[0], "verify") != 0)
        return cli_usage(app, "audit verify");
    if (cli_open_db(app, &m) || audit_verify(app->db, &n, &m))
        return cli_fail(app, &m);
    fprintf(app->out, "The audit log is intact: %ld entries, each matching its hash.\n", n);
    return EXIT_OK;
}

static void copy_progress(void *arg, const char *table, size_t table_no, size_t tables,
                          int64_t done, int64_t total)
{
    struct app *app = arg;
    if (done == 0)
        fprintf(app->err, "store copy: table %zu of %zu, %s: %" PRId64 " rows\n", table_no,
                tables, table, total);
    else
        fprintf(app->err, "store copy: table %zu of %zu, %s: %" PRId64 " of %" PRId64 " rows\n",
                table_no, tables, table, done, total);
}

int cmd_store(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    const char *from = NULL, *to = NULL;
    if (argc < 1 || strcmp(argv[0], "copy") != 0)
        return cli_usage(app, "store copy --from PATH_OR_URL --to PATH_OR_URL");
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
            from = argv[++i];
        else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
            to = argv[++i];
        else
            return cli_usage(app, "store copy: unknown argument %s", argv[i]);
    }
    if (!from || !to)
        return cli_usage(app, "store copy --from PATH_OR_URL --to PATH_OR_URL");
    if (strcmp(from, to) == 0)
        return cli_usage(app, "store copy: --from and --to are the same store");
    struct storecopy_progress p = {copy_progress, app};
    struct storecopy_result r;
    if (storecopy_run(from, to, &p, &r, &m))
        return cli_fail(app, &m);
    fprintf(app->out,
            "Copied %zu tables, %" PRId64 " rows, in one transaction; every table's rows "
            "counted again, and the audit log is intact: %ld entries.\n",
            r.tables, r.rows, r.audit_entries);
    return EXIT_OK;
}
