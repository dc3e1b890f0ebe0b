/* cache.c — the cache policy; see cache.h. */
#define _XOPEN_SOURCE 700   /* realpath */
#include "cache.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "colfile.h"
#include "file.h"
#include "hash.h"

#define CACHE_DIR ".qycache"

/* What identifies one cache entry. */
typedef struct cache_entry {
    char *dir;          /* <dir of source>/.qycache */
    char *file;         /* the entry's path */
    qy_strbuf key;      /* the full key, stored in the entry's metadata */
} cache_entry;

static void entry_free(cache_entry *e)
{
    qy_free(e->dir);
    qy_free(e->file);
    qy_strbuf_free(&e->key);
}

/* The entry of the file at path (st: its stat); QY_EIO when the path cannot
 * be resolved, QY_ENOMEM. */
static int entry_init(const char *path, const qy_cache_loader *l, const char *identity,
                      const struct stat *st, cache_entry *e, qy_error *err)
{
    memset(e, 0, sizeof *e);
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        return qy_error_set(err, QY_EIO, "cannot resolve %s: %s", path, strerror(errno));
    const char *slash = strrchr(abs, '/');
    size_t dirlen = slash == abs ? 1 : (size_t)(slash - abs);
    qy_strbuf dir = QY_STRBUF_INIT, file = QY_STRBUF_INIT;
    int rc = qy_strbuf_printf(&e->key, "qy %s cache\nreader %d\npath %zu:%s\n", l->kind,
                              l->version, strlen(abs), abs);
    if (rc == QY_OK) rc = qy_strbuf_puts(&e->key, identity);
    uint64_t name_hash = rc == QY_OK ? qy_hash_bytes(e->key.data, e->key.len) : 0;
    if (rc == QY_OK)
        rc = qy_strbuf_printf(&e->key, "size %lld\nmtime %lld.%09ld\nctime %lld.%09ld\n"
                              "inode %llu\n", (long long)st->st_size,
                              (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec,
                              (long long)st->st_ctim.tv_sec, (long)st->st_ctim.tv_nsec,
                              (unsigned long long)st->st_ino);
    if (rc == QY_OK) rc = qy_strbuf_printf(&dir, "%.*s/" CACHE_DIR, (int)dirlen, abs);
    if (rc == QY_OK)
        rc = qy_strbuf_printf(&file, "%s/%s-%016llx.qyc", dir.data, slash + 1,
                              (unsigned long long)name_hash);
    e->dir = qy_strbuf_steal(&dir, NULL);
    e->file = qy_strbuf_steal(&file, NULL);
    if (rc != QY_OK) {
        entry_free(e);
        return qy_error_set(err, QY_ENOMEM, "not enough memory to cache %s", path);
    }
    return QY_OK;
}

int qy_cache_path(const char *path, const qy_cache_loader *loader, const char *identity,
                  char **out, qy_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return qy_error_set(err, QY_EIO, "cannot open %s: %s", path, strerror(errno));
    cache_entry e;
    QY_RETURN_NOT_OK(entry_init(path, loader, identity, &st, &e, err));
    *out = e.file;
    e.file = NULL;
    entry_free(&e);
    return QY_OK;
}

/* Whether meta is key followed by a report the loader parses; fills report. */
static bool meta_matches(const char *meta, size_t len, const qy_strbuf *key,
                         const qy_cache_loader *l, void *report)
{
    if (len < key->len || memcmp(meta, key->data, key->len) != 0) return false;
    return l->parse_report(meta + key->len, len - key->len, report) == QY_OK;
}

/* The table of a valid entry, or NULL: any problem only means a rebuild.
 * The entry is opened without following a link and without waiting on a
 * FIFO, and checked to be a regular file after it is opened: anything else
 * in its place is ignored with a warning (the rebuild then replaces it).
 * The table maps the entry's pages rather than copying them: entries are
 * only ever replaced by a rename (file.h), which leaves the file a table
 * maps as it was, so the copy's guard against writes in place buys nothing
 * here and would cost most of the load. */
static qy_table *load_entry(const cache_entry *e, const qy_cache_loader *l, void *report,
                            qy_error *warning)
{
    int fd;
    qy_error why = {0};
    if (qy_file_open_regular(e->file, false, &fd, &why) != QY_OK) {
        if (why.code == QY_EINVAL)
            qy_error_set(warning, QY_EINVAL, "%s is not a regular file: not used", e->file);
        return NULL;
    }
    qy_table *t = NULL;
    void *meta = NULL;
    size_t len = 0;
    int rc = qy_colfile_read_fd(fd, e->file, QY_COLFILE_MAP, &t, &meta, &len, NULL);
    close(fd);
    if (rc != QY_OK) return NULL;
    if (!meta_matches(meta, len, &e->key, l, report)) {
        qy_table_release(t);
        t = NULL;
    }
    qy_free(meta);
    return t;
}

static int make_dir(const char *dir, qy_error *err)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST) return QY_OK;
    return qy_error_set(err, QY_EIO, "cannot create %s: %s", dir, strerror(errno));
}

static int store_entry(const cache_entry *e, const qy_cache_loader *l, const qy_table *t,
                       const void *report, qy_error *err)
{
    QY_RETURN_NOT_OK(make_dir(e->dir, err));
    qy_strbuf meta = QY_STRBUF_INIT;
    int rc = qy_strbuf_append(&meta, e->key.data, e->key.len);
    if (rc == QY_OK) rc = l->format_report(report, &meta);
    if (rc != QY_OK) rc = qy_error_set(err, QY_ENOMEM, "not enough memory to write %s", e->file);
    else rc = qy_colfile_write(t, e->file, meta.data, meta.len, err);
    qy_strbuf_free(&meta);
    return rc;
}

static bool same_time(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

static bool same_file_state(const struct stat *a, const struct stat *b)
{
    return a->st_size == b->st_size && a->st_ino == b->st_ino
        && same_time(&a->st_mtim, &b->st_mtim) && same_time(&a->st_ctim, &b->st_ctim);
}

/* Reads the source and writes its entry; a failure to write is a warning
 * (unless warning already holds one, which stays). */
static int rebuild(const char *path, const qy_cache_loader *l, const cache_entry *e,
                   const struct stat *before, qy_table **out, void *report,
                   qy_error *warning, qy_error *err)
{
    QY_RETURN_NOT_OK(l->load(l->ctx, path, out, report, err));
    qy_error why = {0};
    struct stat after;
    if (stat(path, &after) != 0 || !same_file_state(before, &after))
        qy_error_set(&why, QY_EIO, "%s changed while it was read: not cached", path);
    else
        store_entry(e, l, *out, report, &why);
    if (warning && warning->code == QY_OK) *warning = why;
    return QY_OK;
}

int qy_cache_read(const char *path, const qy_cache_loader *loader, const char *identity,
                  qy_table **out, void *report, bool *from_cache, qy_error *warning,
                  qy_error *err)
{
    if (warning) *warning = (qy_error){0};
    *from_cache = false;
    struct stat st;
    if (stat(path, &st) != 0 || S_ISDIR(st.st_mode))   /* the reader says what is wrong */
        return loader->load(loader->ctx, path, out, report, err);
    if (!S_ISREG(st.st_mode)) {   /* a pipe, a FIFO, a terminal: read once, as it comes */
        qy_error_set(warning, QY_EINVAL, "%s is not a regular file: not cached", path);
        return loader->load(loader->ctx, path, out, report, err);
    }
    cache_entry e;
    qy_error why = {0};
    int keyed = entry_init(path, loader, identity, &st, &e, &why);
    if (keyed == QY_EIO) {   /* no path to key it by (a deleted file): read it all the same */
        qy_error_set(warning, keyed, "%s: not cached", why.msg);
        return loader->load(loader->ctx, path, out, report, err);
    }
    if (keyed != QY_OK) {
        if (err) *err = why;
        return keyed;
    }
    qy_table *t = load_entry(&e, loader, report, warning);
    int rc = QY_OK;
    if (t) {
        *out = t;
        *from_cache = true;
    } else {
        rc = rebuild(path, loader, &e, &st, out, report, warning, err);
    }
    entry_free(&e);
    return rc;
}
