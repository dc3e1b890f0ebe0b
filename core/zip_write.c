/* zip_write.c — a ZIP archive built in memory by libzip, written atomically.
 * See zip_write.h. */
#include "zip_write.h"

#include <string.h>
#include <zip.h>

#include "alloc.h"
#include "file.h"

/* The message for a libzip failure while building the archive: it is about
 * memory (the archive lives in a buffer) unless libzip says otherwise. */
static int build_error(const char *path, zip_error_t *ze, qy_error *err)
{
    int code = zip_error_code_zip(ze);
    if (code == ZIP_ER_MEMORY) return qy_error_set(err, QY_ENOMEM, "not enough memory to write %s", path);
    return qy_error_set(err, QY_EIO, "cannot write %s: %s", path, zip_error_strerror(ze));
}

/* Adds each member to za (data borrowed until zip_close). */
static int add_members(zip_t *za, const char *path, const qy_zip_member *m, size_t n, qy_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!m[i].name || !*m[i].name)
            return qy_error_set(err, QY_EINVAL, "cannot write %s: member #%zu has an empty name",
                                path, i + 1);
        zip_source_t *src = zip_source_buffer(za, m[i].len ? m[i].data : "", m[i].len, 0);
        if (!src) return build_error(path, zip_get_error(za), err);
        if (zip_file_add(za, m[i].name, src, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(src);
            if (zip_error_code_zip(zip_get_error(za)) == ZIP_ER_EXISTS)
                return qy_error_set(err, QY_EINVAL, "cannot write %s: member %s appears twice",
                                    path, m[i].name);
            return build_error(path, zip_get_error(za), err);
        }
    }
    return QY_OK;
}

/* Copies the finished archive out of its buffer source into *bytes (caller
 * frees with qy_free). */
static int take_bytes(zip_source_t *buf, const char *path, char **bytes, size_t *len, qy_error *err)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(buf, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(buf) < 0)
        return build_error(path, zip_source_error(buf), err);
    char *data = qy_malloc(st.size ? st.size : 1);
    zip_int64_t got = data ? zip_source_read(buf, data, st.size) : -1;
    zip_source_close(buf);
    if (!data) return qy_error_set(err, QY_ENOMEM, "not enough memory to write %s", path);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        qy_free(data);
        return build_error(path, zip_source_error(buf), err);
    }
    *bytes = data;
    *len = (size_t)st.size;
    return QY_OK;
}

int qy_zip_write(const char *path, const qy_zip_member *members, size_t n, qy_error *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!buf) {
        int rc = build_error(path, &ze, err);
        zip_error_fini(&ze);
        return rc;
    }
    zip_source_keep(buf);                       /* outlives the archive: we read it after */
    zip_t *za = zip_open_from_source(buf, ZIP_TRUNCATE, &ze);
    if (!za) {
        int rc = build_error(path, &ze, err);
        zip_error_fini(&ze);
        zip_source_free(buf);
        return rc;
    }
    zip_error_fini(&ze);
    int rc = add_members(za, path, members, n, err);
    if (rc != QY_OK) {
        zip_discard(za);
        zip_source_free(buf);
        return rc;
    }
    if (zip_close(za) < 0) {
        rc = build_error(path, zip_get_error(za), err);
        zip_discard(za);
        zip_source_free(buf);
        return rc;
    }
    char *bytes = NULL;
    size_t len = 0;
    rc = take_bytes(buf, path, &bytes, &len, err);
    zip_source_free(buf);
    if (rc == QY_OK) rc = qy_file_write_atomic(path, bytes, len, err);
    qy_free(bytes);
    return rc;
}
