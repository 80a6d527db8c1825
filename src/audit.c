#include "common.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "web.h"
#include "auth.h"

#include <sodium.h>

static void entry_hash(const char *prev, const struct audit_entry *e, char out[65])
{
    crypto_generichash_state s;
    unsigned char h[32];
    char num[64];
    const char *parts[] = {prev, e->user_email, e->role, e->org_code, e->ip, e->action,
                           e->target_kind, e->target_code, e->detail};

    crypto_generichash_init(&s, NULL, 0, sizeof h);
    snprintf(num, sizeof num, "%" PRId64 "\x1f%" PRId64 "\x1f", (int64_t)e->at, e->user_id);
    crypto_generichash_update(&s, (const unsigned char *)num, strlen(num));
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
        const char *p = parts[i] ? parts[i] : "";
        crypto_generichash_update(&s, (const unsigned char *)p, strlen(p));
        crypto_generichash_update(&s, (const unsigned char *)"\x1f", 1);
    }
    crypto_generichash_final(&s, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int insert(struct db *db, const struct audit_entry *e, struct pcn_msg *m)
{
    struct db_stmt *st;
    char prev[65] = "", hash[65];
    int rc = db_cached(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", &st, m);
    if (rc)
        return rc;
    rc = db_step(st, m);
    if (rc == 1)
        snprintf(prev, sizeof prev, "%s", db_col_text(st, 0));
    db_reset(st);
    if (rc < 0)
        return rc;
    entry_hash(prev, e, hash);
    if ((rc = db_cached(db,
                        "INSERT INTO audit_log (at, user_id, user_email, role, org_code, ip, "
                        "action, target_kind, target_code, detail, prev_hash, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, (int64_t)e->at);
    if (e->user_id)
        db_bind_int(st, 2, e->user_id);
    else
        db_bind_null(st, 2);
    db_bind_text(st, 3, e->user_email);
    db_bind_text(st, 4, e->role);
    db_bind_text(st, 5, e->org_code);
    db_bind_text(st, 6, e->ip);
    db_bind_text(st, 7, e->action);
    db_bind_text(st, 8, e->target_kind);
    db_bind_text(st, 9, e->target_code);
    db_bind_text(st, 10, e->detail);
    db_bind_text(st, 11, prev);
    db_bind_text(st, 12, hash);
    return db_run(st, m);
}

int audit_write(struct db *db, const struct audit_entry *e, struct pcn_msg *m)
{
    if (db_in_transaction(db))
        return insert(db, e, m);
    int rc = db_begin(db, m);
    if (rc)
        return rc;
    if ((rc = insert(db, e, m))) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db, m);
}

int audit_ctx(struct ctx *c, const char *action, const char *target_kind,
              const char *target_code, json_t *detail)
{
    struct pcn_msg m = {0};
    struct audit_entry e = {
        .at = c->q->now,
        .ip = c->q->remote,
        .action = action,
        .target_kind = target_kind,
        .target_code = target_code,
    };
    if (c->user) {
        e.user_id = c->user->id;
        e.user_email = c->user->email;
        e.role = role_name(c->user->role);
        e.org_code = c->user->org;
    }
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(detail);
    e.detail = text;
    int rc = audit_write(c->db, &e, &m);
    free(text);
    if (rc)
        fprintf(stderr, "pcnops: audit log: %s\n", m.text);
    return rc;
}

int audit_cli(struct db *db, const char *action, const char *target_kind,
              const char *target_code, json_t *detail, struct pcn_msg *m)
{
    const char *user = getenv("USER");
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(detail);
    struct audit_entry e = {.at = time(NULL), .action = action, .target_kind = target_kind,
                            .target_code = target_code, .detail = text, .ip = "command line",
                            .user_email = user && *user ? user : NULL};
    int rc = audit_write(db, &e, m);
    free(text);
    return rc;
}

const char *audit_who(struct arena *a, const struct audit_entry *e)
{
    bool cli = e->ip && strcmp(e->ip, "command line") == 0;
    if (cli)
        return e->user_email ? arena_printf(a, "Command line (%s)", e->user_email) : "Command line";
    return e->user_email ? e->user_email : "Not signed in";
}

#define AUDIT_COLS                                                                          \
    "id, at, user_id, user_email, role, org_code, ip, action, target_kind, target_code, "  \
    "detail"

static void entry_from_row(struct arena *a, struct db_stmt *st, struct audit_entry *e)
{
#define S(i) (db_col_null(st, i) ? NULL : arena_strdup(a, db_col_text(st, i)))
    e->id = db_col_int(st, 0);
    e->at = (time_t)db_col_int(st, 1);
    e->user_id = db_col_int(st, 2);
    e->user_email = S(3);
    e->role = S(4);
    e->org_code = S(5);
    e->ip = S(6);
    e->action = S(7);
    e->target_kind = S(8);
    e->target_code = S(9);
    e->detail = S(10);
#undef S
}

int audit_query(struct db *db, const struct audit_filter *f, struct arena *a,
                struct audit_entry **out, size_t *n, struct pcn_msg *m)
{
    struct db_stmt *st;
    int limit = f->limit > 0 && f->limit <= 1000 ? f->limit : 100;
    int rc = db_cached(db,
                       "SELECT " AUDIT_COLS " FROM audit_log "
                       "WHERE (? IS NULL OR action = ?) AND (? IS NULL OR user_email = ?) "
                       "AND (? IS NULL OR target_code = ?) AND at >= ? AND at < ? "
                       "ORDER BY id DESC LIMIT ?",
                       &st, m);
    if (rc)
        return rc;
    db_bind_text(st, 1, f->action);
    db_bind_text(st, 2, f->action);
    db_bind_text(st, 3, f->user_email);
    db_bind_text(st, 4, f->user_email);
    db_bind_text(st, 5, f->target_code);
    db_bind_text(st, 6, f->target_code);
    db_bind_int(st, 7, (int64_t)f->from);
    db_bind_int(st, 8, f->to ? (int64_t)f->to : INT64_MAX);
    db_bind_int(st, 9, limit);
    size_t cap = 0, k = 0;
    struct audit_entry *rows = NULL;
    while ((rc = db_step(st, m)) == 1) {
        rows = arena_grow(a, rows, k, &cap, sizeof *rows);
        entry_from_row(a, st, &rows[k++]);
    }
    db_reset(st);
    *out = rows;
    *n = k;
    return rc < 0 ? rc : 0;
}

int audit_verify(struct db *db, long *checked, struct pcn_msg *m)
{
    struct db_stmt *st;
    struct arena a;
    char prev[65] = "", want[65];
    int rc = db_prepare(db, "SELECT " AUDIT_COLS ", prev_hash, hash FROM audit_log ORDER BY id",
                        &st, m);
    if (rc)
        return rc;
    arena_init(&a, 0);
    *checked = 0;
    while ((rc = db_step(st, m)) == 1) {
        struct audit_entry e;
        entry_from_row(&a, st, &e);
        entry_hash(prev, &e, want);
        if (strcmp(db_col_text(st, 11), prev) != 0 || strcmp(db_col_text(st, 12), want) != 0) {
            rc = msg_set(m, PCN_ECONFLICT,
                         "audit log entry %" PRId64 " does not match its hash: the log was "
                         "changed outside PCN Ops",
                         e.id);
            break;
        }
        snprintf(prev, sizeof prev, "%s", db_col_text(st, 12));
        (*checked)++;
        arena_reset(&a);
    }
    db_finalize(st);
    arena_release(&a);
    return rc < 0 ? rc : (rc == PCN_ECONFLICT ? rc : 0);
}
