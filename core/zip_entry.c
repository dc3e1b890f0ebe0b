/* zip_entry.c — see zip_entry.h. libzip reads the file through a source of
 * our own that calls pread(2): the file offset is never shared, so archives
 * on one descriptor can be read from several threads at once. */
#include "zip_entry.h"

#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <zip.h>

#include "alloc.h"
#include "file.h"

enum { PIECE = 256 * 1024 };

static const qy_zip_caps DEFAULT_CAPS = {
    .entry_max = UINT64_C(4) << 30,
    .ratio_from = UINT64_C(32) << 20,
    .ratio = 500,
};

static _Atomic(const qy_zip_caps *) caps_in_force = &DEFAULT_CAPS;
static qy_zip_caps set_caps;

qy_zip_caps qy_zip_caps_get(void) { return *atomic_load(&caps_in_force); }

void qy_zip_set_caps(const qy_zip_caps *caps)
{
    if (!caps) {
        atomic_store(&caps_in_force, &DEFAULT_CAPS);
        return;
    }
    set_caps = *caps;
    atomic_store(&caps_in_force, &set_caps);
}

struct qy_zip {
    zip_t *archive;
    const char *name;
    qy_zip_caps caps;
};

/* The source libzip reads the archive from: a borrowed descriptor, a size
 * and a position of its own. */
typedef struct fd_source {
    int fd;
    uint64_t size, pos;
    zip_error_t error;
} fd_source;

static zip_int64_t fd_source_call(void *state, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    fd_source *s = state;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        s->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        if (len > s->size - s->pos) len = s->size - s->pos;
        ssize_t n = qy_file_read_at(s->fd, data, (size_t)len, s->pos);
        if (n < 0) {
            zip_error_set(&s->error, ZIP_ER_READ, errno);
            return -1;
        }
        s->pos += (uint64_t)n;
        return n;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &s->error);
        if (!st) return -1;
        zip_stat_init(st);
        st->size = s->size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&s->error, data, len);
    case ZIP_SOURCE_FREE:
        zip_error_fini(&s->error);
        qy_free(s);
        return 0;
    case ZIP_SOURCE_SEEK: {
        zip_int64_t at = zip_source_seek_compute_offset(s->pos, s->size, data, len, &s->error);
        if (at < 0) return -1;
        s->pos = (uint64_t)at;
        return 0;
    }
    case ZIP_SOURCE_TELL:
        return (zip_int64_t)s->pos;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
                                              ZIP_SOURCE_SUPPORTS, -1);
    default:
        zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

static int zip_code(int ze) { return ze == ZIP_ER_MEMORY ? QY_ENOMEM : QY_EFORMAT; }

int qy_zip_open(int fd, const char *name, qy_zip **out, qy_error *err)
{
    *out = NULL;
    struct stat st;
    if (fstat(fd, &st) != 0) return qy_error_set(err, QY_EIO, "cannot read %s", name);
    qy_zip *z = qy_calloc(1, sizeof *z);
    fd_source *state = qy_calloc(1, sizeof *state);
    if (!z || !state) {
        qy_free(z);
        qy_free(state);
        return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", name);
    }
    state->fd = fd;
    state->size = (uint64_t)st.st_size;
    zip_error_init(&state->error);
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *src = zip_source_function_create(fd_source_call, state, &error);
    if (!src) {
        zip_error_fini(&state->error);
        qy_free(state);
        qy_free(z);
        zip_error_fini(&error);
        return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", name);
    }
    z->archive = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (!z->archive) {
        zip_source_free(src);   /* frees state */
        int rc = zip_code(zip_error_code_zip(&error));
        qy_error_set(err, rc, "%s is not a readable zip archive: %s", name,
                     zip_error_strerror(&error));
        zip_error_fini(&error);
        qy_free(z);
        return rc;
    }
    zip_error_fini(&error);
    z->name = name;
    z->caps = qy_zip_caps_get();
    *out = z;
    return QY_OK;
}

void qy_zip_close(qy_zip *z)
{
    if (!z) return;
    zip_discard(z->archive);
    qy_free(z);
}

int64_t qy_zip_find(qy_zip *z, const char *name)
{
    return zip_name_locate(z->archive, name, ZIP_FL_NOCASE);
}

static int entry_error(const char *where, zip_error_t *e, qy_error *err)
{
    int rc = zip_code(zip_error_code_zip(e));
    return qy_error_set(err, rc, "%s: %s", where, zip_error_strerror(e));
}

int qy_zip_read(qy_zip *z, int64_t index, uint64_t max, const char *where, qy_zip_sink sink,
                void *ctx, qy_error *err)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->archive, (zip_uint64_t)index, 0, &st) != 0)
        return entry_error(where, zip_get_error(z->archive), err);
    uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    zip_file_t *f = zip_fopen_index(z->archive, (zip_uint64_t)index, 0);
    if (!f) return entry_error(where, zip_get_error(z->archive), err);
    char *buf = qy_malloc(PIECE);
    if (!buf) {
        zip_fclose(f);
        return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", where);
    }
    int rc = QY_OK;
    uint64_t total = 0;
    for (;;) {
        uint64_t want = PIECE;
        if (max && max - total < want) want = max - total;
        if (want == 0) break;
        zip_int64_t n = zip_fread(f, buf, want);
        if (n < 0) {
            rc = entry_error(where, zip_file_get_error(f), err);
            break;
        }
        if (n == 0) break;
        total += (uint64_t)n;
        if (total > z->caps.entry_max) {
            rc = qy_error_set(err, QY_EFORMAT, "%s inflates past %" PRIu64 " MiB (a zip bomb?)",
                              where, z->caps.entry_max >> 20);
            break;
        }
        if (total > z->caps.ratio_from && total / z->caps.ratio > compressed) {
            rc = qy_error_set(err, QY_EFORMAT,
                              "%s inflates to more than %" PRIu64
                              " times its compressed size (a zip bomb?)",
                              where, z->caps.ratio);
            break;
        }
        rc = sink(ctx, buf, (size_t)n, err);
        if (rc != QY_OK) break;
    }
    qy_free(buf);
    zip_fclose(f);
    return rc;
}
