#include "common.h"
#include "statics.h"
#include "buf.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILES 256
#define MAX_FILE_BYTES (2L * 1024 * 1024)

static const char *content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < ARRAY_SIZE(types); i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

static int add_file(struct statics *s, const char *path, const char *url, struct pcn_msg *m)
{
    const char *ct = content_type(url);
    if (!ct)
        return 0; /* not a kind of file we serve */
    if (s->n == MAX_FILES)
        return msg_set(m, PCN_ELIMIT, "more than %d static files", MAX_FILES);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return msg_set(m, PCN_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size > MAX_FILE_BYTES) {
        close(fd);
        return msg_set(m, PCN_ELIMIT, "%s: too large to serve", path);
    }
    unsigned char *data = xmalloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t k = read(fd, data + got, (size_t)st.st_size - got);
        if (k <= 0) {
            free(data);
            close(fd);
            return msg_set(m, PCN_EIO, "%s: cannot read", path);
        }
        got += (size_t)k;
    }
    close(fd);
    struct static_file *f = &s->files[s->n++];
    f->url = xstrdup(url);
    f->content_type = ct;
    f->data = data;
    f->len = got;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < got; i++) {
        h ^= data[i];
        h *= 1099511628211ULL;
    }
    snprintf(f->etag, sizeof f->etag, "\"%016" PRIx64 "\"", h);
    return 0;
}

/* Adds every file under dir (recursively) at url_prefix + relative path. */
static int add_dir(struct statics *s, const char *dir, const char *url_prefix, int depth,
                   struct pcn_msg *m)
{
    DIR *d = opendir(dir);
    if (!d)
        return PCN_ENOTFOUND;
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024], url[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(url, sizeof url, "%s/%s", url_prefix, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < 4)
                rc = add_dir(s, path, url, depth + 1, m);
        } else if (S_ISREG(st.st_mode)) {
            rc = add_file(s, path, url, m);
        }
    }
    closedir(d);
    return rc == PCN_ENOTFOUND ? 0 : rc;
}

int statics_load(struct statics *s, const char *ours, const char *vendor, struct pcn_msg *m)
{
    memset(s, 0, sizeof *s);
    s->files = xcalloc(MAX_FILES, sizeof *s->files);
    int rc = add_dir(s, ours, "/static", 0, m);
    if (rc)
        return rc;
    if (vendor) {
        char path[1024];
        snprintf(path, sizeof path, "%s/nhsuk-frontend-10.6.1.min.css", vendor);
        if (access(path, R_OK) == 0) {
            s->vendor_found = true;
            if ((rc = add_file(s, path, "/stylesheets/nhsuk-frontend-10.6.1.min.css", m)))
                return rc;
            snprintf(path, sizeof path, "%s/nhsuk-frontend-10.6.1.min.js", vendor);
            if ((rc = add_file(s, path, "/javascripts/nhsuk-frontend-10.6.1.min.js", m)))
                return rc;
            snprintf(path, sizeof path, "%s/assets", vendor);
            if ((rc = add_dir(s, path, "/assets", 0, m)))
                return rc;
        }
    }
    return 0;
}

void statics_release(struct statics *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->files[i].url);
        free(s->files[i].data);
    }
    free(s->files);
    memset(s, 0, sizeof *s);
}

const struct static_file *statics_find(const struct statics *s, const char *url)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (strcmp(s->files[i].url, url) == 0)
            return &s->files[i];
    return NULL;
}
