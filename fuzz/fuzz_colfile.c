/* fuzz_colfile.c — libFuzzer harness for the columnar file reader (colfile.h).
 *
 * Byte 0 chooses the mode:
 *   even  the rest of the input is the whole file;
 *   odd   a valid file of a small table of every type (fixtures.h: nulls,
 *         a shared dict, CJK text) gets bytes 1-2 as an offset (modulo its length)
 *         and the rest written over it from there, then its checksum is
 *         made right again (qy_colfile_reseal), so the checks behind the
 *         checksum meet the damage: the header, the directory, dict
 *         offsets, codes in the dict, zero elements of null rows.
 * Either way the read must not crash or leak, and a table it accepts must
 * hold only sound values: every cell is formatted.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "colfile.h"
#include "file.h"
#include "fixtures.h"

static char path[64];
static char *valid_file;
static size_t valid_len;

static void remove_file(void) { unlink(path); }

/* The valid file, written once per process. */
static void make_valid_file(void)
{
    snprintf(path, sizeof path, "/tmp/fuzz_colfile_%ld.qyc", (long)getpid());
    atexit(remove_file);
    qy_table *t = every_type_with_nulls();
    if (qy_colfile_write(t, path, "meta", 4, NULL) != QY_OK) abort();
    qy_table_release(t);
    if (qy_file_read_all(path, &valid_file, &valid_len, NULL) != QY_OK) abort();
}

/* Reads path, copied or mapped (as cache entries are): every error names
 * what is wrong, and an accepted table has every cell formatted and a lookup
 * in each dict (which builds its index). */
static void read_and_touch(qy_colfile_memory memory)
{
    qy_table *t = NULL;
    void *meta = NULL;
    size_t meta_len = 0;
    qy_error err = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) abort();
    int rc = qy_colfile_read_fd(fd, path, memory, &t, &meta, &meta_len, &err);
    close(fd);
    if (rc != QY_OK) {
        if (err.msg[0] == '\0') __builtin_trap();   /* every error names what is wrong */
        return;
    }
    for (int j = 0; j < t->ncols; j++) {
        uint32_t code;
        if (t->cols[j]->type == QY_STRING) qy_dict_find(t->cols[j]->dict, "x", 1, &code);
    }
    for (int j = 0; j < t->ncols; j++)
        for (int64_t i = 0; i < t->nrows; i++) {
            char buf[64];
            const char *text;
            qy_column_format(t->cols[j], i, buf, sizeof buf, &text);
        }
    qy_free(meta);
    qy_table_release(t);
}

static void write_file(const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!valid_file) make_valid_file();
    if (size < 1) return 0;
    if ((data[0] & 1) == 0) {
        write_file(data + 1, size - 1);
        read_and_touch(QY_COLFILE_COPY);
        read_and_touch(QY_COLFILE_MAP);
        return 0;
    }
    if (size < 3) return 0;
    char *image = malloc(valid_len);
    if (!image) abort();
    memcpy(image, valid_file, valid_len);
    size_t at = ((size_t)data[1] | (size_t)data[2] << 8) % valid_len;
    size_t n = size - 3 < valid_len - at ? size - 3 : valid_len - at;
    memcpy(image + at, data + 3, n);
    if (qy_colfile_reseal(image, valid_len) != QY_OK) abort();
    write_file(image, valid_len);
    free(image);
    read_and_touch(QY_COLFILE_COPY);
    read_and_touch(QY_COLFILE_MAP);
    return 0;
}
