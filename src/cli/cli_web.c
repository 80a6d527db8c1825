/* cli_web.c: serve, user add|disable|enable|password|role, token add|list|revoke,
 * audit verify and store copy.  Every change is one transaction with its audit
 * entry. */
#include "common.h"
#include "account.h"
#include "audit.h"
#include "auth.h"
#include "authtoken.h"
#include "cli.h"
#include "db.h"
#include "server.h"
#include "statics.h"
#include "storecopy.h"
#include "backup.h"
#include "table.h"
#include "webapp.h"

#include <sodium.h>
#include <arpa/inet.h>
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
        } else if (strcmp(argv[i], "--trusted-proxy") == 0 && i + 1 < argc) {
            unsigned char bin[16];
            so.trusted_proxy = argv[++i];
            if (inet_pton(AF_INET, so.trusted_proxy, bin) != 1 &&
                inet_pton(AF_INET6, so.trusted_proxy, bin) != 1)
                return cli_usage(app,
                                 "--trusted-proxy: '%s' is not an IP address (like "
                                 "127.0.0.1)",
                                 so.trusted_proxy);
        } else if (strcmp(argv[i], "--behind-tls") == 0) {
            secure = true;
        } else {
            return cli_usage(app, "serve: unknown argument '%s'", argv[i]);
        }
    }
    if (cli_open_db(app, &m) || audit_key_ensure(app->db, &m))
        return cli_fail(app, &m);
    if (webapp_init(&w, app->db_path, NULL, &m))
        return cli_fail(app, &m);
    w.secure_cookies = secure;
    if (!w.statics->vendor_found)
        fprintf(app->err, "pcnops: warning: nhsuk-frontend is not installed "
                          "(node_modules/nhsuk-frontend): pages will have no styles. Run "
                          "scripts/setup.\n");
    int rc = server_run(&w, &so, &m);
    webapp_release(&w);
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

#define USER_USAGE                                                                                 \
    "user add EMAIL --role ROLE [--org ODS] [--name NAME] | user disable EMAIL | "                 \
    "user enable EMAIL | user password EMAIL | user role EMAIL --role ROLE [--org ODS]"

static int user_add(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    const char *email = argv[1], *role = NULL, *org = NULL, *name = NULL;
    char password[AUTH_PASSWORD_MAX + 2];
    struct web w;
    int64_t id;

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
    if (webapp_init(&w, app->db_path, NULL, &m))
        return cli_fail(app, &m);
    struct arena a;
    struct audit_entry note;
    arena_init(&a, 0);
    audit_note_cli(
        &note, &a, "user-add", "user", email,
        json_pack("{s:s,s:o}", "role", role, "org", org ? json_string(org) : json_null()));
    int rc = account_add(app->db, &w, email, name ? name : email, role_parse(role), org, password,
                         &note, &id, &m);
    sodium_memzero(password, sizeof password);
    webapp_release(&w);
    arena_release(&a);
    if (rc)
        return cli_fail(app, &m);
    fprintf(app->out, "Added %s (%s%s%s).\n", email, role, org ? ", " : "", org ? org : "");
    return EXIT_OK;
}

static int user_disable(struct app *app, const char *email, bool disable)
{
    struct pcn_msg m = {0};
    bool was;
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    struct arena a;
    struct audit_entry note;
    arena_init(&a, 0);
    audit_note_cli(&note, &a, disable ? "user-disable" : "user-enable", "user", email, NULL);
    int rc = account_set_disabled(app->db, email, disable, &note, &was, &m);
    arena_release(&a);
    if (rc)
        return cli_fail(app, &m);
    if (disable)
        fprintf(app->out, "Disabled %s%s: its sessions and API tokens no longer work.\n", email,
                was ? " (it was already)" : "");
    else
        fprintf(app->out, "Enabled %s%s.\n", email, was ? "" : " (it was not disabled)");
    return EXIT_OK;
}

static int user_password(struct app *app, const char *email)
{
    struct pcn_msg m = {0};
    char password[AUTH_PASSWORD_MAX + 2];
    struct web w;
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    if (read_password(app, password, sizeof password))
        return cli_usage(app, "user password: no password given on standard input");
    if (webapp_init(&w, app->db_path, NULL, &m))
        return cli_fail(app, &m);
    struct arena a;
    struct audit_entry note;
    arena_init(&a, 0);
    audit_note_cli(&note, &a, "user-password", "user", email, NULL);
    int rc = account_set_password(app->db, &w, email, password, &note, &m);
    sodium_memzero(password, sizeof password);
    webapp_release(&w);
    arena_release(&a);
    if (rc)
        return cli_fail(app, &m);
    fprintf(app->out, "Changed the password of %s; its sessions have ended.\n", email);
    return EXIT_OK;
}

static int user_role(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    const char *email = argv[1], *role = NULL, *org = NULL;
    struct arena a;
    struct audit_entry note;
    for (int i = 2; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--role") == 0)
            role = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--org") == 0)
            org = argv[++i];
        else
            return cli_usage(app, "user role: unknown argument '%s'", argv[i]);
    }
    if (!role)
        return cli_usage(app, "user role needs --role (admin, icb, pcn-manager, "
                              "clinical-director or practice)");
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    arena_init(&a, 0);
    audit_note_cli(&note, &a, "user-role", "user", email, NULL);
    int rc = account_set_role(app->db, email, role_parse(role), org, &a, &note, &m);
    arena_release(&a);
    if (rc)
        return cli_fail(app, &m);
    fprintf(app->out, "%s is now %s%s%s.\n", email, role,
            org && role_parse(role) != ROLE_ADMIN ? ", " : "",
            org && role_parse(role) != ROLE_ADMIN ? org : "");
    return EXIT_OK;
}

int cmd_user(struct app *app, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage(app, USER_USAGE);
    if (strcmp(argv[0], "add") == 0)
        return user_add(app, argc, argv);
    if (argc == 2 && strcmp(argv[0], "disable") == 0)
        return user_disable(app, argv[1], true);
    if (argc == 2 && strcmp(argv[0], "enable") == 0)
        return user_disable(app, argv[1], false);
    if (argc == 2 && strcmp(argv[0], "password") == 0)
        return user_password(app, argv[1]);
    if (strcmp(argv[0], "role") == 0)
        return user_role(app, argc, argv);
    return cli_usage(app, USER_USAGE);
}

#define TOKEN_USAGE                                                                                \
    "token add EMAIL [--label TEXT] [--expires DAYS] | token list [EMAIL] | token revoke ID"

static const char *when(struct arena *a, time_t t)
{
    struct tm tm;
    if (!t)
        return "";
    gmtime_r(&t, &tm);
    return arena_printf(a, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                        tm.tm_hour, tm.tm_min);
}

static int token_list(struct app *app, const char *email)
{
    struct pcn_msg m = {0};
    struct auth_token *t;
    struct arena a;
    struct table tab;
    size_t n;
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    arena_init(&a, 0);
    if (auth_token_list(app->db, email, &a, &t, &n, &m)) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    time_t now = time(NULL);
    table_init(&tab, ">ID,Account,Label,Created (UTC),Last used,Ends,State");
    for (size_t i = 0; i < n; i++) {
        const char *state = t[i].user_disabled              ? "account disabled"
                            : t[i].ends && t[i].ends <= now ? "ended"
                                                            : "works";
        const char *cells[] = {arena_printf(&a, "%lld", (long long)t[i].id),
                               t[i].email,
                               t[i].label,
                               when(&a, t[i].created),
                               when(&a, t[i].last_used),
                               t[i].ends ? when(&a, t[i].ends) : "when revoked",
                               state};
        table_row(&tab, cells);
    }
    if (n)
        table_print(&tab, app->out);
    else
        fprintf(app->out, "No API tokens%s%s.\n", email ? " for " : "", email ? email : "");
    table_release(&tab);
    arena_release(&a);
    return EXIT_OK;
}

static int token_revoke(struct app *app, const char *idtext)
{
    struct pcn_msg m = {0};
    struct arena a;
    const char *owner = NULL;
    int64_t id;
    if (parse_i64(idtext, 1, INT64_MAX, &id))
        return cli_usage(app, "token revoke: give the token's ID from 'pcnops token list'");
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    arena_init(&a, 0);
    struct audit_entry note;
    audit_note_cli(&note, &a, "token-revoke", "user", NULL,
                   json_pack("{s:I}", "token", (json_int_t)id));
    int rc = account_token_revoke(app->db, id, time(NULL), &a, &note, &owner, &m);
    if (rc) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    fprintf(app->out, "Revoked API token %lld of %s: it no longer works.\n", (long long)id, owner);
    arena_release(&a);
    return EXIT_OK;
}

int cmd_token(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct arena a;
    const char *label = NULL, *tok;
    int64_t days = 0;

    if (argc >= 1 && argc <= 2 && strcmp(argv[0], "list") == 0)
        return token_list(app, argc == 2 ? argv[1] : NULL);
    if (argc == 2 && strcmp(argv[0], "revoke") == 0)
        return token_revoke(app, argv[1]);
    if (argc < 2 || strcmp(argv[0], "add") != 0)
        return cli_usage(app, TOKEN_USAGE);
    for (int i = 2; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--label") == 0) {
            label = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--expires") == 0) {
            if (parse_i64(argv[++i], 1, AUTH_TOKEN_MAX_DAYS, &days))
                return cli_usage(app, "--expires: give a number of days from 1 to %d",
                                 AUTH_TOKEN_MAX_DAYS);
        } else {
            return cli_usage(app, "token add: unknown argument '%s'", argv[i]);
        }
    }
    if (cli_open_db(app, &m))
        return cli_fail(app, &m);
    int64_t id;
    if (sodium_init() < 0 || auth_user_id(app->db, argv[1], &id, &m))
        return cli_fail(app, &m);
    arena_init(&a, 0);
    time_t now = time(NULL), expires = days ? now + (time_t)days * 86400 : 0;
    struct audit_entry note;
    audit_note_cli(&note, &a, "token-create", "user", argv[1],
                   json_pack("{s:s?,s:o}", "label", label, "expires",
                             expires ? json_string(when(&a, expires)) : json_null()));
    int rc = account_token_create(app->db, id, label, now, expires, &a, &note, &tok, &m);
    if (rc) {
        arena_release(&a);
        return cli_fail(app, &m);
    }
    fprintf(app->out, "%s\n", tok);
    if (expires)
        fprintf(app->err, "It works until %s UTC.\n", when(&a, expires));
    arena_release(&a);
    return EXIT_OK;
}

int cmd_audit(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    long n;
    if (argc >= 1 && strcmp(argv[0], "checkpoint") == 0 && argc <= 2) {
        struct audit_head h;
        char text[256];
        if (cli_open_db(app, &m) || audit_checkpoint(app->db, argc == 2 ? argv[1] : NULL, &h, &m))
            return cli_fail(app, &m);
        audit_head_format(&h, text, sizeof text);
        fputs(text, app->out);
        return EXIT_OK;
    }
    const char *ck = NULL;
    if (argc == 3 && strcmp(argv[0], "verify") == 0 && strcmp(argv[1], "--checkpoint") == 0)
        ck = argv[2];
    else if (argc != 1 || strcmp(argv[0], "verify") != 0)
        return cli_usage(app, "audit verify [--checkpoint FILE] | audit checkpoint [FILE]");
    if (cli_open_db(app, &m) || audit_verify_checkpoint(app->db, ck, &n, &m))
        return cli_fail(app, &m);
    fprintf(app->out, "The audit log is intact: %ld entries, each matching its MAC%s.\n", n,
            ck ? " and the checkpoint" : "");
    return EXIT_OK;
}

static void copy_progress(void *arg, const char *table, size_t table_no, size_t tables,
                          int64_t done, int64_t total)
{
    struct app *app = arg;
    if (done == 0)
        fprintf(app->err, "store copy: table %zu of %zu, %s: %" PRId64 " rows\n", table_no, tables,
                table, total);
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

int cmd_backup(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct backup_result r;
    if (argc != 1 || argv[0][0] == '-')
        return cli_usage(app, "backup FILE (a new file)");
    if (cli_open_db(app, &m) || backup_take(app->db, argv[0], &r, &m))
        return cli_fail(app, &m);
    fprintf(app->out,
            "Backed up to %s (schema version %d); its integrity and its audit log (%ld entries) "
            "checked. Its audit key is in %s.audit-key: keep it apart from the backup.\n",
            argv[0], r.schema_version, r.audit_entries, argv[0]);
    return EXIT_OK;
}

int cmd_restore(struct app *app, int argc, char **argv)
{
    struct pcn_msg m = {0};
    struct backup_result r;
    bool force = false;
    const char *file = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--force") == 0)
            force = true;
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else
            return cli_usage(app, "restore FILE [--force]");
    }
    if (!file)
        return cli_usage(app, "restore FILE [--force]");
    if (backup_restore(app->db_path, file, force, &r, &m))
        return cli_fail(app, &m);
    fprintf(app->out,
            "Restored %s from %s: its integrity, schema version %d and audit log (%ld entries) "
            "checked first.\n",
            app->db_path, file, r.schema_version, r.audit_entries);
    return EXIT_OK;
}
