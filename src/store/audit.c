#include "common.h"
#include "audit.h"
#include "buf.h"
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the key and the checkpoint ------------------------------------------ */

#define AUDIT_PATH_BYTES 4096

/* The key of one store, cached for the process. */
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char path[AUDIT_PATH_BYTES];
    unsigned char key[AUDIT_KEY_BYTES];
    bool have;
} key_cache;

static bool in_memory(const char *dbpath)
{
    return !dbpath || !*dbpath || strcmp(dbpath, ":memory:") == 0;
}

/* The file beside the store: "STORE.audit-key" for a SQLite file; for a
 * PostgreSQL URL, which is no place for a file, "DIR/pcnops-HASH.audit-key"
 * where DIR is $PCNOPS_AUDIT_DIR (else the current folder) and HASH names
 * the URL, so each database has its own. */
static int beside(const char *dbpath, const char *suffix, char *out, size_t outlen)
{
    int n;
    if (dbpath && db_is_url(dbpath)) {
        unsigned char h[8];
        char hex[2 * sizeof h + 1];
        crypto_generichash(h, sizeof h, (const unsigned char *)dbpath, strlen(dbpath), NULL, 0);
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        const char *dir = getenv("PCNOPS_AUDIT_DIR");
        n = snprintf(out, outlen, "%s/pcnops-%s.%s", dir && *dir ? dir : ".", hex, suffix);
    } else {
        n = snprintf(out, outlen, "%s.%s", dbpath ? dbpath : "", suffix);
    }
    return n < 0 || (size_t)n >= outlen ? PCN_ELIMIT : 0;
}

int audit_key_path(const char *dbpath, char *out, size_t outlen)
{
    const char *env = getenv("PCNOPS_AUDIT_KEY");
    if (env && *env) {
        int n = snprintf(out, outlen, "%s", env);
        return n < 0 || (size_t)n >= outlen ? PCN_ELIMIT : 0;
    }
    return beside(dbpath, "audit-key", out, outlen);
}

int audit_checkpoint_path(const char *dbpath, char *out, size_t outlen)
{
    const char *env = getenv("PCNOPS_AUDIT_CHECKPOINT");
    if (env && *env) {
        int n = snprintf(out, outlen, "%s", env);
        return n < 0 || (size_t)n >= outlen ? PCN_ELIMIT : 0;
    }
    return beside(dbpath, "audit-checkpoint", out, outlen);
}

/* Reads the store's key, or makes it (32 random bytes as hex, mode 0600)
 * when create is set and there is none.  PCN_ENOTFOUND when there is none
 * and create is not set. */
static int load_key(struct db *db, bool create, unsigned char key[AUDIT_KEY_BYTES],
                    struct pcn_msg *m)
{
    char path[AUDIT_PATH_BYTES];
    const char *dbpath = db_path(db);
    int rc = 0;
    if (audit_key_path(in_memory(dbpath) ? "" : dbpath, path, sizeof path))
        return msg_set(m, PCN_ELIMIT, "the audit key's path is too long");
    pthread_mutex_lock(&key_lock);
    if (key_cache.have && strcmp(key_cache.path, path) == 0) {
        memcpy(key, key_cache.key, AUDIT_KEY_BYTES);
        pthread_mutex_unlock(&key_lock);
        return 0;
    }
    if (in_memory(dbpath) && !getenv("PCNOPS_AUDIT_KEY")) {
        /* a store in memory: a key for the process */
        randombytes_buf(key, AUDIT_KEY_BYTES);
        goto keep;
    }
    char hex[2 * AUDIT_KEY_BYTES + 2];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            randombytes_buf(key, AUDIT_KEY_BYTES);
            sodium_bin2hex(hex, sizeof hex, key, AUDIT_KEY_BYTES);
            hex[2 * AUDIT_KEY_BYTES] = '\n';
            bool ok = write(fd, hex, 2 * AUDIT_KEY_BYTES + 1) == 2 * AUDIT_KEY_BYTES + 1 &&
                      fsync(fd) == 0;
            close(fd);
            if (!ok) {
                unlink(path);
                rc = msg_set(m, PCN_EIO, "cannot write the audit key %s: %s", path,
                             strerror(errno));
                goto out;
            }
            goto keep;
        }
        if (errno != EEXIST) {
            rc = msg_set(m, PCN_EIO,
                         "cannot make the audit key %s: %s (set PCNOPS_AUDIT_KEY "
                         "to a file the service may write; docs/deploying.md)",
                         path, strerror(errno));
            goto out;
        }
        fd = open(path, O_RDONLY | O_CLOEXEC); /* another process made it first */
    }
    if (fd < 0) {
        rc = errno == ENOENT
                 ? msg_set(m, PCN_ENOTFOUND, "the audit key %s is missing", path)
                 : msg_set(m, PCN_EIO, "cannot read the audit key %s: %s", path, strerror(errno));
        goto out;
    }
    struct stat sb;
    ssize_t got = fstat(fd, &sb) == 0 ? read(fd, hex, sizeof hex - 1) : -1;
    close(fd);
    if (got >= 0 && (sb.st_mode & 077))
        fprintf(stderr, "pcnops: warning: the audit key %s can be read by others: chmod 600 it\n",
                path);
    size_t klen = 0;
    if (got < 2 * AUDIT_KEY_BYTES ||
        sodium_hex2bin(key, AUDIT_KEY_BYTES, hex, 2 * AUDIT_KEY_BYTES, NULL, &klen, NULL) != 0 ||
        klen != AUDIT_KEY_BYTES) {
        rc = msg_set(m, PCN_EINVAL, "the audit key %s is not %d hex digits", path,
                     2 * AUDIT_KEY_BYTES);
        goto out;
    }
keep:
    snprintf(key_cache.path, sizeof key_cache.path, "%s", path);
    memcpy(key_cache.key, key, AUDIT_KEY_BYTES);
    key_cache.have = true;
out:
    pthread_mutex_unlock(&key_lock);
    return rc;
}

int audit_key_ensure(struct db *db, struct pcn_msg *m)
{
    unsigned char key[AUDIT_KEY_BYTES];
    int rc = load_key(db, true, key, m);
    sodium_memzero(key, sizeof key);
    return rc;
}

/* ---- the chain -------------------------------------------------------------- */

/* A row's MAC, "m1:" and hex keyed BLAKE2b-256 over its id, every column
 * and its predecessor's MAC; key NULL: the unkeyed hash of the rows written
 * before the log was keyed (64 hex digits, no id). */
static void entry_mac(const unsigned char *key, const char *prev, const struct audit_entry *e,
                      char out[AUDIT_MAC_CHARS])
{
    crypto_generichash_state s;
    unsigned char h[32];
    char num[96];
    const char *parts[] = {prev,      e->user_email,  e->role,        e->org_code, e->ip,
                           e->action, e->target_kind, e->target_code, e->detail};

    crypto_generichash_init(&s, key, key ? AUDIT_KEY_BYTES : 0, sizeof h);
    if (key)
        snprintf(num, sizeof num, "m1\x1f%" PRId64 "\x1f%" PRId64 "\x1f%" PRId64 "\x1f", e->id,
                 (int64_t)e->at, e->user_id);
    else
        snprintf(num, sizeof num, "%" PRId64 "\x1f%" PRId64 "\x1f", (int64_t)e->at, e->user_id);
    crypto_generichash_update(&s, (const unsigned char *)num, strlen(num));
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
        const char *p = parts[i] ? parts[i] : "";
        /* a NULL and an empty text differ (keyed rows) */
        if (key)
            crypto_generichash_update(&s, (const unsigned char *)(parts[i] ? "t" : "n"), 1);
        crypto_generichash_update(&s, (const unsigned char *)p, strlen(p));
        crypto_generichash_update(&s, (const unsigned char *)"\x1f", 1);
    }
    crypto_generichash_final(&s, h, sizeof h);
    if (key) {
        memcpy(out, "m1:", 3);
        sodium_bin2hex(out + 3, AUDIT_MAC_CHARS - 3, h, sizeof h);
    } else {
        sodium_bin2hex(out, AUDIT_MAC_CHARS, h, sizeof h);
    }
}

static int insert(struct db *db, const struct audit_entry *in, struct pcn_msg *m)
{
    struct db_stmt *st;
    struct audit_entry e = *in;
    unsigned char key[AUDIT_KEY_BYTES];
    char prev[AUDIT_MAC_CHARS] = "", mac[AUDIT_MAC_CHARS];
    int rc = load_key(db, true, key, m);
    if (rc)
        return rc;
    if ((rc = db_cached(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &st, m)))
        return rc;
    rc = db_step(st, m);
    e.id = 1;
    if (rc == 1) {
        e.id = db_col_int(st, 0) + 1;
        snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
    }
    db_reset(st);
    if (rc < 0)
        return rc;
    /* the id is the MAC's, so it is chosen here, in the write transaction
     * (which must serialise writers, as the chain always needed) */
    entry_mac(key, prev, &e, mac);
    sodium_memzero(key, sizeof key);
    if ((rc = db_cached(db,
                        "INSERT INTO audit_log (id, at, user_id, user_email, role, org_code, ip, "
                        "action, target_kind, target_code, detail, prev_hash, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &st, m)))
        return rc;
    db_bind_int(st, 1, e.id);
    db_bind_int(st, 2, (int64_t)e.at);
    if (e.user_id)
        db_bind_int(st, 3, e.user_id);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, e.user_email);
    db_bind_text(st, 5, e.role);
    db_bind_text(st, 6, e.org_code);
    db_bind_text(st, 7, e.ip);
    db_bind_text(st, 8, e.action);
    db_bind_text(st, 9, e.target_kind);
    db_bind_text(st, 10, e.target_code);
    db_bind_text(st, 11, e.detail);
    db_bind_text(st, 12, prev);
    db_bind_text(st, 13, mac);
    return db_run(st, m);
}

/* The log's head: its rows, and the newest one's id and MAC. */
static int head(struct db *db, struct audit_head *h, struct pcn_msg *m)
{
    struct db_stmt *st;
    memset(h, 0, sizeof *h);
    int rc = db_query_int(db, "SELECT COUNT(*) FROM audit_log", &h->count, m);
    if (rc ||
        (rc = db_cached(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &st, m)))
        return rc;
    rc = db_step(st, m);
    if (rc == 1) {
        h->last_id = db_col_int(st, 0);
        snprintf(h->last_mac, sizeof h->last_mac, "%s", db_col_text(st, 1));
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int audit_head_format(const struct audit_head *h, char *out, size_t outlen)
{
    int n = snprintf(out, outlen,
                     "pcnops-audit-checkpoint 1 count %" PRId64 " last %" PRId64 " mac %s\n",
                     h->count, h->last_id, h->last_mac[0] ? h->last_mac : "-");
    return n < 0 || (size_t)n >= outlen ? PCN_ELIMIT : 0;
}

int audit_head_parse(const char *text, struct audit_head *h)
{
    char mac[AUDIT_MAC_CHARS];
    long long count, last;
    memset(h, 0, sizeof *h);
    if (sscanf(text, "pcnops-audit-checkpoint 1 count %lld last %lld mac %67s", &count, &last,
               mac) != 3 ||
        count < 0 || last < 0)
        return PCN_EINVAL;
    h->count = count;
    h->last_id = last;
    if (strcmp(mac, "-") != 0)
        memcpy(h->last_mac, mac, sizeof h->last_mac);
    return 0;
}

/* durable: fsync before the rename (an explicit checkpoint; the one that
 * follows each entry skips it, a lower bound being enough) */
static int write_head(struct db *db, const char *path_in, bool durable, struct audit_head *h,
                      struct pcn_msg *m)
{
    char path[AUDIT_PATH_BYTES], tmp[AUDIT_PATH_BYTES + 32], text[256];
    int rc;
    if ((rc = head(db, h, m)))
        return rc;
    if (path_in)
        snprintf(path, sizeof path, "%s", path_in);
    else if (in_memory(db_path(db)))
        return 0;
    else if (audit_checkpoint_path(db_path(db), path, sizeof path))
        return msg_set(m, PCN_ELIMIT, "the audit checkpoint's path is too long");
    audit_head_format(h, text, sizeof text);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return msg_set(m, PCN_EIO, "cannot write the audit checkpoint %s: %s", tmp,
                       strerror(errno));
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len && (!durable || fsync(fd) == 0);
    close(fd);
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return msg_set(m, PCN_EIO, "cannot write the audit checkpoint %s: %s", path, strerror(e));
    }
    return 0;
}

int audit_checkpoint(struct db *db, const char *path, struct audit_head *h, struct pcn_msg *m)
{
    return write_head(db, path, true, h, m);
}

/* After a committed entry: the checkpoint file follows the head.  A later
 * write may land first (two processes); the checkpoint is a lower bound,
 * and audit_verify reads it so. */
static void follow(struct db *db)
{
    struct pcn_msg m = {0};
    struct audit_head h;
    if (write_head(db, NULL, false, &h, &m))
        fprintf(stderr, "pcnops: audit log: %s\n", m.text);
}

/* Entries written inside a caller's transaction on this thread, whose
 * checkpoint waits for audit_settle. */
static _Thread_local bool unsettled;

void audit_settle(struct db *db)
{
    if (unsettled && !db_in_transaction(db)) {
        unsettled = false;
        follow(db);
    }
}

int audit_write(struct db *db, const struct audit_entry *e, struct pcn_msg *m)
{
    if (db_in_transaction(db)) {
        int rc = insert(db, e, m); /* the caller commits, then audit_settle */
        unsettled |= rc == 0;
        return rc;
    }
    int rc = db_begin(db, m);
    if (rc)
        return rc;
    if ((rc = insert(db, e, m))) {
        db_rollback(db);
        return rc;
    }
    if ((rc = db_commit(db, m)))
        return rc;
    follow(db);
    return 0;
}

int audit_cli(struct db *db, const char *action, const char *target_kind, const char *target_code,
              json_t *detail, struct pcn_msg *m)
{
    const char *user = getenv("USER");
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(detail);
    struct audit_entry e = {.at = time(NULL),
                            .action = action,
                            .target_kind = target_kind,
                            .target_code = target_code,
                            .detail = text,
                            .ip = "command line",
                            .user_email = user && *user ? user : NULL};
    int rc = audit_write(db, &e, m);
    free(text);
    return rc;
}

static const char *dump_in(struct arena *a, json_t *detail)
{
    if (!detail)
        return NULL;
    char *text = json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(detail);
    if (!text)
        return NULL;
    const char *kept = arena_strdup(a, text);
    free(text);
    return kept;
}

void audit_note_cli(struct audit_entry *e, struct arena *a, const char *action,
                    const char *target_kind, const char *target_code, json_t *detail)
{
    const char *user = getenv("USER");
    *e = (struct audit_entry){.at = time(NULL),
                              .action = action,
                              .target_kind = target_kind,
                              .target_code = target_code,
                              .ip = "command line",
                              .user_email = user && *user ? user : NULL};
    e->detail = dump_in(a, detail);
}

int audit_note_write(struct db *db, const struct audit_entry *note, const char *target_code,
                     json_t *extra, struct pcn_msg *m)
{
    if (!note) {
        json_decref(extra);
        return 0;
    }
    if (!db_in_transaction(db))
        BUG("audit_note_write outside the change's transaction");
    struct audit_entry e = *note;
    char *text = NULL;
    if (target_code)
        e.target_code = target_code;
    if (extra) {
        json_error_t err;
        json_t *d = e.detail ? json_loads(e.detail, 0, &err) : json_object();
        if (!json_is_object(d)) {
            json_decref(d);
            d = json_object();
        }
        json_object_update(d, extra);
        json_decref(extra);
        text = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(d);
        e.detail = text;
    }
    int rc = audit_write(db, &e, m);
    free(text);
    return rc;
}

int audit_commit(struct db *db, struct pcn_msg *m)
{
    int rc = db_commit(db, m);
    audit_settle(db);
    return rc;
}

int audit_change_begin(struct db *db, bool *own, struct pcn_msg *m)
{
    *own = !db_in_transaction(db);
    return *own ? db_begin(db, m) : 0;
}

int audit_change_end(struct db *db, bool own, const struct audit_entry *note, int rc,
                     struct pcn_msg *m)
{
    return audit_change_end_with(db, own, note, NULL, NULL, rc, m);
}

int audit_change_end_with(struct db *db, bool own, const struct audit_entry *note,
                          const char *target_code, json_t *extra, int rc, struct pcn_msg *m)
{
    if (!rc)
        rc = audit_note_write(db, note, target_code, extra, m);
    else
        json_decref(extra);
    if (!own)
        return rc;
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return audit_commit(db, m);
}

const char *audit_who(struct arena *a, const struct audit_entry *e)
{
    bool cli = e->ip && strcmp(e->ip, "command line") == 0;
    if (cli)
        return e->user_email ? arena_printf(a, "Command line (%s)", e->user_email) : "Command line";
    return e->user_email ? e->user_email : "Not signed in";
}

#define AUDIT_COLS                                                                                 \
    "id, at, user_id, user_email, role, org_code, ip, action, target_kind, target_code, "          \
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
    return audit_verify_checkpoint(db, NULL, checked, m);
}

/* The checkpoint to check against: the one given, else the store's own
 * (none in memory or when it has not been written).  *have false when there
 * is none; an error when a given one cannot be read or is not one. */
static int read_checkpoint(struct db *db, const char *checkpoint, char *path, size_t pathlen,
                           struct audit_head *ck, bool *have, struct pcn_msg *m)
{
    *have = false;
    if (checkpoint)
        snprintf(path, pathlen, "%s", checkpoint);
    else if (in_memory(db_path(db)) || audit_checkpoint_path(db_path(db), path, pathlen))
        path[0] = '\0';
    if (!path[0])
        return 0;
    char text[256] = "";
    FILE *fp = fopen(path, "r");
    if (!fp && checkpoint)
        return msg_set(m, PCN_EIO, "cannot read the checkpoint %s: %s", path, strerror(errno));
    if (!fp)
        return 0;
    if (!fgets(text, sizeof text, fp) || audit_head_parse(text, ck)) {
        fclose(fp);
        return msg_set(m, PCN_EINVAL, "%s is not an audit checkpoint", path);
    }
    fclose(fp);
    *have = true;
    return 0;
}

/* Walks the chain: every entry's hash (or MAC, with the key) from the one
 * before it.  *checked entries; *at_ck the count up to ck_id (-1: not met). */
static int verify_chain(struct db *db, const unsigned char *key, int64_t ck_id, long *checked,
                        int64_t *at_ck, struct pcn_msg *m)
{
    struct db_stmt *st;
    struct arena a;
    bool keyed = false;
    char prev[AUDIT_MAC_CHARS] = "", want[AUDIT_MAC_CHARS];
    int64_t last_id = 0;
    int rc;
    if ((rc = db_prepare(db, "SELECT " AUDIT_COLS ", prev_hash, hash FROM audit_log ORDER BY id",
                         &st, m)))
        return rc;
    arena_init(&a, 0);
    *checked = 0;
    while ((rc = db_step(st, m)) == 1) {
        struct audit_entry e;
        entry_from_row(&a, st, &e);
        const char *got = db_col_text(st, 12);
        bool is_keyed = strncmp(got, "m1:", 3) == 0;
        if (keyed && !is_keyed) {
            rc = msg_set(m, PCN_ECONFLICT,
                         "audit log entry %" PRId64 " has no MAC after keyed entries: the log "
                         "was changed outside PCN Ops",
                         e.id);
            break;
        }
        if (is_keyed && !key) {
            rc = msg_set(m, PCN_ECONFLICT,
                         "audit log entry %" PRId64 " has a MAC but the audit key is missing "
                         "(PCNOPS_AUDIT_KEY, or the store's .audit-key file)",
                         e.id);
            break;
        }
        keyed = is_keyed;
        entry_mac(is_keyed ? key : NULL, prev, &e, want);
        if (e.id <= last_id || strcmp(db_col_text(st, 11), prev) != 0 || strcmp(got, want) != 0) {
            rc = msg_set(m, PCN_ECONFLICT,
                         "audit log entry %" PRId64 " does not match its hash: the log was "
                         "changed outside PCN Ops",
                         e.id);
            break;
        }
        last_id = e.id;
        snprintf(prev, sizeof prev, "%s", got);
        (*checked)++;
        if (e.id == ck_id)
            *at_ck = *checked;
        arena_reset(&a);
    }
    db_finalize(st);
    arena_release(&a);
    return rc;
}

/* The checkpoint is a lower bound: its newest entry must be there, with
 * its MAC and as many entries up to it. */
static int verify_against(struct db *db, const struct audit_head *ck, const char *path,
                          long checked, int64_t at_ck, struct pcn_msg *m)
{
    int rc;
    if (at_ck < 0)
        return msg_set(m, PCN_ECONFLICT,
                       "the checkpoint %s says %" PRId64 " entries up to entry %" PRId64
                       ", which is not in the log (%ld entries): entries were deleted",
                       path, ck->count, ck->last_id, checked);
    if (at_ck != ck->count)
        return msg_set(m, PCN_ECONFLICT,
                       "the checkpoint %s says %" PRId64 " entries up to entry %" PRId64
                       ", the log has %ld: entries were deleted or inserted",
                       path, ck->count, ck->last_id, (long)at_ck);
    /* the entry is there: is it the one the checkpoint saw? */
    struct db_stmt *q;
    if ((rc = db_prepare(db, "SELECT hash FROM audit_log WHERE id = ?", &q, m)))
        return rc;
    db_bind_int(q, 1, ck->last_id);
    rc = db_step(q, m);
    bool same = rc == 1 && strcmp(db_col_text(q, 0), ck->last_mac) == 0;
    db_finalize(q);
    if (rc < 0)
        return rc;
    if (!same)
        return msg_set(m, PCN_ECONFLICT,
                       "entry %" PRId64 " is not the one the checkpoint %s saw: the log was "
                       "rewritten",
                       ck->last_id, path);
    return 0;
}

int audit_verify_checkpoint(struct db *db, const char *checkpoint, long *checked, struct pcn_msg *m)
{
    unsigned char key[AUDIT_KEY_BYTES];
    struct audit_head ck = {0};
    bool have_ck;
    int64_t at_ck = -1;
    char path[AUDIT_PATH_BYTES];
    int rc = read_checkpoint(db, checkpoint, path, sizeof path, &ck, &have_ck, m);
    if (rc)
        return rc;
    rc = load_key(db, false, key, m);
    if (rc && rc != PCN_ENOTFOUND)
        return rc;
    bool have_key = rc == 0;
    rc = verify_chain(db, have_key ? key : NULL, have_ck ? ck.last_id : -1, checked, &at_ck, m);
    sodium_memzero(key, sizeof key);
    if (rc < 0 || rc == PCN_ECONFLICT)
        return rc;
    if (have_ck && ck.count > 0)
        return verify_against(db, &ck, path, *checked, at_ck, m);
    return 0;
}

int audit_key_copy(struct db *from, struct db *to, struct pcn_msg *m)
{
    unsigned char key[AUDIT_KEY_BYTES], have[AUDIT_KEY_BYTES];
    char path[AUDIT_PATH_BYTES];
    int rc = load_key(from, false, key, m);
    if (rc == PCN_ENOTFOUND)
        return 0; /* the source has never written an entry: nothing to carry */
    if (rc)
        return rc;
    const char *tp = db_path(to);
    if (in_memory(tp) || audit_key_path(tp, path, sizeof path))
        return msg_set(m, PCN_ELIMIT, "the target's audit key has no place");
    if (load_key(to, false, have, m) == 0) {
        rc = sodium_memcmp(key, have, AUDIT_KEY_BYTES) == 0
                 ? 0
                 : msg_set(m, PCN_ECONFLICT,
                           "the target has an audit key of its own (%s): its copied log "
                           "could not be checked; remove it or set PCNOPS_AUDIT_KEY",
                           path);
        goto out;
    }
    char hex[2 * AUDIT_KEY_BYTES + 2];
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = msg_set(m, PCN_EIO, "cannot make the audit key %s: %s", path, strerror(errno));
        goto out;
    }
    sodium_bin2hex(hex, sizeof hex, key, AUDIT_KEY_BYTES);
    hex[2 * AUDIT_KEY_BYTES] = '\n';
    bool ok = write(fd, hex, 2 * AUDIT_KEY_BYTES + 1) == 2 * AUDIT_KEY_BYTES + 1 && fsync(fd) == 0;
    close(fd);
    if (!ok) {
        unlink(path);
        rc = msg_set(m, PCN_EIO, "cannot write the audit key %s", path);
    }
out:
    sodium_memzero(key, sizeof key);
    sodium_memzero(have, sizeof have);
    return rc;
}

json_t *audit_change_json(const char *record, int64_t id, json_t *before, json_t *after)
{
    return json_pack("{s:s,s:I,s:o,s:o}", "record", record, "id", (json_int_t)id, "before",
                     before ? before : json_null(), "after", after ? after : json_null());
}
