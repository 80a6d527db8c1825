#include "common.h"
#include "infile.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (256 * 1024)

struct src {
    const char *name;
    int fd; /* -1 for memory */
    const unsigned char *mem;
    size_t mem_len, mem_off;
};

/* Reads up to n bytes; returns the count, 0 at the end, -1 on error. */
static ssize_t src_read(struct src *s, unsigned char *out, size_t n)
{
    if (s->fd < 0) {
        size_t left = s->mem_len - s->mem_off;
        size_t k = left < n ? left : n;
        if (k) { /* an empty upload may have no buffer (NULL) */
            memcpy(out, s->mem + s->mem_off, k);
            s->mem_off += k;
        }
        return (ssize_t)k;
    }
    for (;;) {
        ssize_t k = read(s->fd, out, n);
        if (k < 0 && errno == EINTR)
            continue;
        return k;
    }
}

static int too_big(const char *name, struct pcn_msg *m)
{
    return msg_set(m, PCN_ELIMIT, "%s: larger than %ld MiB uncompressed", name,
                   LIMIT_IMPORT_BYTES / (1024 * 1024));
}

static int stream(struct src *s, infile_chunk_fn fn, void *ctx, struct pcn_msg *m)
{
    unsigned char *in = xmalloc(CHUNK), *out = NULL;
    size_t total = 0;
    int rc = 0;
    bool gz = false, first = true, ended = false;
    z_stream z;
    bool z_open = false;

    for (;;) {
        ssize_t k = src_read(s, in, CHUNK);
        if (k < 0) {
            rc = msg_set(m, PCN_EIO, "%s: cannot read: %s", s->name, strerror(errno));
            goto out;
        }
        if (first) {
            first = false;
            gz = k >= 2 && in[0] == 0x1f && in[1] == 0x8b;
            if (gz) {
                memset(&z, 0, sizeof z);
                if (inflateInit2(&z, 15 + 16) != Z_OK) {
                    rc = msg_set(m, PCN_ENOMEM, "%s: cannot start gzip decompression", s->name);
                    goto out;
                }
                z_open = true;
                out = xmalloc(CHUNK);
            }
        }
        if (k == 0)
            break;
        if (!gz) {
            total += (size_t)k;
            if (total > (size_t)LIMIT_IMPORT_BYTES) {
                rc = too_big(s->name, m);
                goto out;
            }
            if ((rc = fn(ctx, (const char *)in, (size_t)k, m)))
                goto out;
            continue;
        }
        z.next_in = in;
        z.avail_in = (uInt)k;
        while (z.avail_in > 0) {
            z.next_out = out;
            z.avail_out = CHUNK;
            int zr = inflate(&z, Z_NO_FLUSH);
            if (zr != Z_OK && zr != Z_STREAM_END) {
                rc = msg_set(m, PCN_EINVAL, "%s: not a valid gzip file (%s)", s->name,
                             z.msg ? z.msg : "corrupt data");
                goto out;
            }
            ended = zr == Z_STREAM_END;
            size_t got = CHUNK - z.avail_out;
            total += got;
            if (total > (size_t)LIMIT_IMPORT_BYTES) {
                rc = too_big(s->name, m);
                goto out;
            }
            if (got && (rc = fn(ctx, (const char *)out, got, m)))
                goto out;
            if (zr == Z_STREAM_END) {
                /* A concatenated gzip member may follow. */
                if (z.avail_in == 0)
                    break;
                if (inflateReset(&z) != Z_OK) {
                    rc = msg_set(m, PCN_EINVAL, "%s: not a valid gzip file", s->name);
                    goto out;
                }
            }
        }
    }
    if (gz && !ended) {
        rc = msg_set(m, PCN_EINVAL, "%s: gzip file is truncated", s->name);
        goto out;
    }
out:
    if (z_open)
        inflateEnd(&z);
    free(in);
    free(out);
    return rc;
}

int infile_stream(const char *path, const char *name, infile_chunk_fn fn, void *ctx,
                  struct pcn_msg *m)
{
    struct src s = {.name = name ? name : path, .fd = -1};

    s.fd = open(path, O_RDONLY | O_CLOEXEC);
    if (s.fd < 0)
        return msg_set(m, errno == ENOENT ? PCN_ENOTFOUND : PCN_EIO, "%s: cannot open: %s", s.name,
                       strerror(errno));
    int rc = stream(&s, fn, ctx, m);
    close(s.fd);
    return rc;
}

int infile_stream_mem(const char *name, const void *data, size_t len, infile_chunk_fn fn, void *ctx,
                      struct pcn_msg *m)
{
    struct src s = {.name = name, .fd = -1, .mem = data, .mem_len = len};
    return stream(&s, fn, ctx, m);
}
