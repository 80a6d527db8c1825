#include "common.h"
#include "rulestore.h"

#include <string.h>

/* Where the file of year fy (0: sources.csv) lives in dir. */
static const char *file_path(struct arena *a, const char *dir, fy_t fy, const char *name)
{
    char y[8];
    if (!fy)
        return arena_printf(a, "%s/%s", dir, name);
    fy_format_dir(fy, y);
    return arena_printf(a, "%s/%s/%s", dir, y, name);
}

/* The rows of rulestore_record, inside its transaction. */
static int record_rows(struct db *db, struct arena *a, const char *dir, fy_t fy,
                       const struct rulesfile_upload *up, size_t nup, const char *who, int64_t now,
                       struct pcn_msg *m)
{
    int64_t seq;
    int rc = rulestore_head(db, &seq, m);
    if (rc)
        return rc;
    struct db_stmt *st;
    if ((rc = db_cached(db,
                        "INSERT INTO rules_change (seq, fy, name, content, replaces_sha256, "
                        "changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        &st, m)))
        return rc;
    for (size_t i = 0; i < nup; i++) {
        fy_t y = up[i].file == RULESFILE_SOURCES ? 0 : fy;
        const char *old;
        size_t oldlen;
        bool had = rulesfile_read(a, file_path(a, dir, y, up[i].name), &old, &oldlen) == 0;
        db_reset(st);
        db_bind_int(st, 1, ++seq);
        db_bind_int(st, 2, y);
        db_bind_text(st, 3, up[i].name);
        db_bind_textn(st, 4, up[i].data, up[i].len);
        db_bind_text(st, 5, had ? rulesfile_sha256(a, old, oldlen) : NULL);
        db_bind_int(st, 6, now);
        db_bind_text(st, 7, who ? who : "");
        if ((rc = db_run(st, m)))
            return rc;
    }
    return 0;
}

int rulestore_record(struct db *db, struct arena *a, const char *dir, fy_t fy,
                     const struct rulesfile_upload *up, size_t nup, const char *who, int64_t now,
                     const struct audit_entry *note, struct pcn_msg *m)
{
    bool own;
    int rc = audit_change_begin(db, &own, m);
    if (rc)
        return rc;
    return audit_change_end(db, own, note, record_rows(db, a, dir, fy, up, nup, who, now, m), m);
}

int rulestore_head(struct db *db, int64_t *seq, struct pcn_msg *m)
{
    *seq = 0;
    return db_query_int(db, "SELECT COALESCE(MAX(seq), 0) FROM rules_change", seq, m);
}

/* Whether the store knows the bytes with this SHA-256 as a copy of the file
 * of year fy older than its newest: the file a change replaced, or a
 * change's own content. */
static int known_older(struct db *db, struct arena *a, fy_t fy, const char *name, const char *sha,
                       bool *known, struct pcn_msg *m)
{
    struct db_stmt *st;
    int rc = db_cached(db,
                       "SELECT content, replaces_sha256 FROM rules_change "
                       "WHERE fy = ? AND name = ? ORDER BY seq",
                       &st, m);
    if (rc)
        return rc;
    db_bind_int(st, 1, fy);
    db_bind_text(st, 2, name);
    *known = false;
    while (!*known && (rc = db_step(st, m)) == 1) {
        const char *content = db_col_text(st, 0);
        const char *replaced = db_col_text(st, 1);
        *known = (replaced && strcmp(replaced, sha) == 0) ||
                 strcmp(rulesfile_sha256(a, content, strlen(content)), sha) == 0;
    }
    db_reset(st);
    return rc < 0 ? rc : 0;
}

int rulestore_pull(struct db *db, struct arena *a, const char *dir, bool at_start, int64_t *seq,
                   int *written, struct pcn_msg *m)
{
    *written = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT c.seq, c.fy, c.name, c.content FROM rules_change c "
                        "WHERE c.seq > ? AND c.seq = (SELECT MAX(d.seq) FROM rules_change d "
                        "WHERE d.fy = c.fy AND d.name = c.name) ORDER BY c.seq",
                        &st, m);
    if (rc)
        return rc;
    db_bind_int(st, 1, *seq);
    int64_t newest = *seq;
    while ((rc = db_step(st, m)) == 1) {
        int64_t s = db_col_int(st, 0);
        fy_t fy = (fy_t)db_col_int(st, 1);
        const char *name = db_col_strdup(a, st, 2);
        const char *content = db_col_strdup(a, st, 3);
        if (s > newest)
            newest = s;
        int file = rulesfile_of(name);
        if (file < 0)
            continue; /* a file this program does not know: a newer program recorded it */
        const char *path = file_path(a, dir, fy, name);
        const char *old;
        size_t oldlen, len = strlen(content);
        bool had = rulesfile_read(a, path, &old, &oldlen) == 0;
        if (had && oldlen == len && memcmp(old, content, len) == 0)
            continue;
        if (at_start && had) {
            bool known;
            if ((rc = known_older(db, a, fy, name, rulesfile_sha256(a, old, oldlen), &known, m)))
                break;
            if (!known)
                continue; /* a copy the store never saw: deployed after the change */
        }
        struct rulesfile_upload up = {name, file, content, len};
        json_t *files;
        rc = rulesfile_write(a, dir, fy, &up, 1, &files, m);
        json_decref(files);
        if (rc)
            break;
        ++*written;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *seq = newest;
    return 0;
}
