/* colfile.c — the qy columnar file; see colfile.h.
 *
 * The checksum hashes the bytes after the header in blocks of 256 KiB with
 * XXH3 (libxxhash: it runs at memory speed), then folds the block hashes in
 * order; blocks are independent, so a big file is read and checked on every
 * core, each block hashed as soon as it is in place, while it is in the cache.
 * The header's fields are folded in last, so no byte of the file goes
 * unchecked.
 */
#include "colfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "alloc.h"
#include "file.h"
#include "hash.h"
#include "mapping.h"
#include "parallel.h"

#define SECTION_ALIGN 64
#define BLOCK_BYTES ((size_t)256 << 10)   /* also what pread asks for at once */
#define THREADED_BLOCKS 64   /* from 16 MiB on, every core helps check the sum */

static const char magic[8] = {'q', 'y', 'c', 'o', 'l', '\r', '\n', '\x1a'};

typedef struct file_header {
    char magic[8];
    uint32_t version;
    uint32_t ncols;
    int64_t nrows;
    uint64_t file_size;
    uint64_t checksum;     /* of bytes [64, file_size) */
    uint64_t meta_off, meta_len;
    uint64_t dir_off;
} file_header;

typedef struct column_entry {
    uint32_t type;
    int32_t scale;
    int64_t null_count;
    uint64_t name_off, name_len;
    uint64_t values_off;
    uint64_t valid_off;    /* 0: no bitmap (no null) */
    uint64_t dict_off;     /* strings: the dictionary section */
    uint64_t unused;
} column_entry;

typedef struct dict_head {
    uint64_t count;        /* strings; count + 1 offsets follow, then the arena */
    uint64_t bytes;        /* arena length */
} dict_head;

_Static_assert(sizeof(file_header) == SECTION_ALIGN, "the header is 64 bytes");
_Static_assert(sizeof(column_entry) == SECTION_ALIGN, "a directory entry is 64 bytes");

/* ---- checksum ---------------------------------------------------------- */

/* A block's hash: XXH3 seeded with its index, so blocks that trade places
 * change the sum. */
static uint64_t block_hash(const unsigned char *p, size_t n, uint64_t index)
{
    return XXH3_64bits_withSeed(p, n, index);
}

static uint64_t fold(uint64_t sum, uint64_t block) { return qy_hash_u64(sum ^ block); }

static const uint64_t fold_start = 0x243f6a8885a308d3ULL;

/* The len bytes at data, hashed block by block where they lie, or, when
 * fd >= 0, first read there from the file (body at file offset
 * sizeof(file_header)) a block at a time, each block hashed while it is
 * still in the cache. Blocks are independent pieces of a parallel loop. */
typedef struct sum_job {
    unsigned char *data;
    size_t len;
    uint64_t *hashes;      /* one per block */
    int fd;
    qy_mapping *map;       /* data's, when fd >= 0 */
    atomic_int read_errno; /* a read failed: errno */
    atomic_bool short_read;   /* the file ended early */
} sum_job;

/* Reads block b's n bytes into place; false when the read failed or fell short. */
static bool read_block(sum_job *job, size_t at, size_t n)
{
    unsigned char *dst = job->data + at;
    qy_mapping_prepare(job->map, (size_t)(dst - job->map->data), n);
    ssize_t got = qy_file_read_at(job->fd, dst, n, sizeof(file_header) + at);
    if (got < 0) atomic_store(&job->read_errno, errno);
    if (got >= 0 && (size_t)got < n) atomic_store(&job->short_read, true);
    return got >= 0 && (size_t)got == n;
}

static void sum_block(void *ctx, size_t b)
{
    sum_job *job = ctx;
    size_t at = b * BLOCK_BYTES, left = job->len - at;
    size_t n = left < BLOCK_BYTES ? left : BLOCK_BYTES;
    if (job->fd >= 0 && !read_block(job, at, n)) return;
    job->hashes[b] = block_hash(job->data + at, n, b);   /* while the block is in the cache */
}

/* The checksum of job's bytes (see sum_job). QY_OK, QY_ENOMEM, or QY_EIO
 * with job saying why. */
static int checksum_job(sum_job *job, uint64_t *out)
{
    size_t nblocks = (job->len + BLOCK_BYTES - 1) / BLOCK_BYTES;
    job->hashes = qy_malloc((nblocks ? nblocks : 1) * sizeof *job->hashes);
    if (!job->hashes) return QY_ENOMEM;
    if (nblocks >= THREADED_BLOCKS) qy_parallel_for(nblocks, sum_block, job);
    else for (size_t b = 0; b < nblocks; b++) sum_block(job, b);
    bool failed = atomic_load(&job->read_errno) != 0 || atomic_load(&job->short_read);
    uint64_t sum = fold_start;
    for (size_t b = 0; b < nblocks && !failed; b++) sum = fold(sum, job->hashes[b]);
    qy_free(job->hashes);
    *out = qy_hash_u64(sum ^ job->len);
    return failed ? QY_EIO : QY_OK;
}

/* The checksum of data[0..len) in memory. QY_OK or QY_ENOMEM. */
static int checksum(unsigned char *data, size_t len, uint64_t *out)
{
    sum_job job = {.data = data, .len = len, .fd = -1};
    return checksum_job(&job, out);
}

/* The header's own share of the checksum: its fields, checksum zeroed. */
static uint64_t seal(const file_header *h, uint64_t body_sum)
{
    file_header copy = *h;
    copy.checksum = 0;
    return fold(body_sum, block_hash((const unsigned char *)&copy, sizeof copy, UINT64_MAX));
}

int qy_colfile_reseal(void *data, size_t len)
{
    file_header h;
    uint64_t sum;
    memcpy(&h, data, sizeof h);
    QY_RETURN_NOT_OK(checksum((unsigned char *)data + sizeof h, len - sizeof h, &sum));
    h.checksum = seal(&h, sum);
    memcpy(data, &h, sizeof h);
    return QY_OK;
}

/* ---- writing ----------------------------------------------------------- */

static uint64_t align_up(uint64_t n) { return (n + SECTION_ALIGN - 1) / SECTION_ALIGN * SECTION_ALIGN; }

/* Reserves len bytes at *cursor for a section; returns its offset. */
static uint64_t place(uint64_t *cursor, uint64_t len)
{
    uint64_t at = *cursor;
    *cursor = align_up(at + len);
    return at;
}

static uint64_t dict_section_bytes(const qy_dict *d)
{
    uint64_t count = qy_dict_size(d);
    const uint64_t *offsets;
    qy_dict_arena(d, &offsets);
    return sizeof(dict_head) + (count + 1) * sizeof(uint64_t) + offsets[count];
}

/* The column whose dict d is first, among cols[0..j), or -1. */
static int dict_owner(const qy_table *t, int j)
{
    for (int k = 0; k < j; k++)
        if (t->cols[k]->dict && t->cols[k]->dict == t->cols[j]->dict) return k;
    return -1;
}

static bool has_bitmap(const qy_column *c) { return c->valid != NULL && c->null_count > 0; }

/* Fills the directory and header with where everything goes. */
static void plan(const qy_table *t, size_t meta_len, file_header *h, column_entry *dir)
{
    uint64_t cursor = sizeof *h, names = 0;
    h->dir_off = place(&cursor, (uint64_t)t->ncols * sizeof *dir);
    for (int j = 0; j < t->ncols; j++) names += strlen(t->names[j]);
    uint64_t name_at = place(&cursor, names);
    for (int j = 0; j < t->ncols; j++) {
        dir[j].name_off = name_at;
        dir[j].name_len = strlen(t->names[j]);
        name_at += dir[j].name_len;
    }
    h->meta_off = place(&cursor, meta_len);
    h->meta_len = meta_len;
    for (int j = 0; j < t->ncols; j++) {
        const qy_column *c = t->cols[j];
        column_entry *e = &dir[j];
        e->type = (uint32_t)c->type;
        e->scale = c->scale;
        e->null_count = has_bitmap(c) ? c->null_count : 0;
        if (c->type == QY_STRING) {
            int k = dict_owner(t, j);
            e->dict_off = k >= 0 ? dir[k].dict_off : place(&cursor, dict_section_bytes(c->dict));
        }
        if (has_bitmap(c)) e->valid_off = place(&cursor, qy_bitmap_bytes(t->nrows));
        e->values_off = place(&cursor, (uint64_t)t->nrows * qy_type_width(c->type));
    }
    memcpy(h->magic, magic, sizeof magic);
    h->version = QY_COLFILE_VERSION;
    h->ncols = (uint32_t)t->ncols;
    h->nrows = t->nrows;
    h->file_size = cursor;
}

/* Bytes after the header pass through one block buffer, summed as they go. */
typedef struct col_writer {
    qy_file_writer *file;
    unsigned char *block;
    size_t used;
    uint64_t written;      /* bytes after the header so far */
    uint64_t nblocks;
    uint64_t sum;
    int rc;
    qy_error *err;
} col_writer;

static void flush_block(col_writer *w)
{
    if (w->used == 0 || w->rc != QY_OK) return;
    w->sum = fold(w->sum, block_hash(w->block, w->used, w->nblocks++));
    w->rc = qy_file_writer_write(w->file, w->block, w->used, w->err);
    w->used = 0;
}

static void emit(col_writer *w, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0 && w->rc == QY_OK) {
        size_t room = BLOCK_BYTES - w->used, n = len < room ? len : room;
        memcpy(w->block + w->used, p, n);
        w->used += n;
        w->written += n;
        p += n;
        len -= n;
        if (w->used == BLOCK_BYTES) flush_block(w);
    }
}

/* Zeroes up to the next section. */
static void emit_padding(col_writer *w)
{
    static const unsigned char zeros[SECTION_ALIGN];
    emit(w, zeros, (size_t)(align_up(w->written) - w->written));
}

static void emit_dict(col_writer *w, const qy_dict *d)
{
    const uint64_t *offsets;
    const char *arena = qy_dict_arena(d, &offsets);
    dict_head head = {qy_dict_size(d), offsets[qy_dict_size(d)]};
    emit(w, &head, sizeof head);
    emit(w, offsets, (size_t)(head.count + 1) * sizeof *offsets);
    emit(w, arena, (size_t)head.bytes);
    emit_padding(w);
}

static void emit_sections(col_writer *w, const qy_table *t, const column_entry *dir,
                          const void *meta, size_t meta_len)
{
    emit(w, dir, (size_t)t->ncols * sizeof *dir);
    emit_padding(w);
    for (int j = 0; j < t->ncols; j++) emit(w, t->names[j], strlen(t->names[j]));
    emit_padding(w);
    emit(w, meta, meta_len);
    emit_padding(w);
    for (int j = 0; j < t->ncols; j++) {
        const qy_column *c = t->cols[j];
        if (c->type == QY_STRING && dict_owner(t, j) < 0) emit_dict(w, c->dict);
        if (has_bitmap(c)) {
            emit(w, c->valid, qy_bitmap_bytes(t->nrows));
            emit_padding(w);
        }
        emit(w, c->v.any, (size_t)t->nrows * qy_type_width(c->type));
        emit_padding(w);
    }
    flush_block(w);
}

int qy_colfile_write(const qy_table *t, const char *path, const void *meta, size_t meta_len,
                     qy_error *err)
{
    file_header h;
    memset(&h, 0, sizeof h);
    column_entry *dir = qy_calloc((size_t)(t->ncols ? t->ncols : 1), sizeof *dir);
    unsigned char *block = qy_malloc(BLOCK_BYTES);
    if (!dir || !block) {
        qy_free(dir);
        qy_free(block);
        return qy_error_set(err, QY_ENOMEM, "not enough memory to write %s", path);
    }
    plan(t, meta_len, &h, dir);
    col_writer w = {NULL, block, 0, 0, 0, fold_start, QY_OK, err};
    w.rc = qy_file_writer_open(path, &w.file, err);
    if (w.rc == QY_OK) w.rc = qy_file_writer_write(w.file, &h, sizeof h, err);   /* checksum filled in below */
    if (w.rc == QY_OK) emit_sections(&w, t, dir, meta, meta_len);
    h.checksum = seal(&h, qy_hash_u64(w.sum ^ w.written));
    if (w.rc == QY_OK) w.rc = qy_file_writer_write_at(w.file, &h, sizeof h, 0, err);
    if (w.rc == QY_OK) w.rc = qy_file_writer_commit(w.file, err);
    else qy_file_writer_abort(w.file);
    qy_free(dir);
    qy_free(block);
    return w.rc;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct col_reader {
    const char *path;
    int fd;
    qy_mapping *map;       /* the file's bytes: a copy, or its pages (colfile.h) */
    const unsigned char *base;
    uint64_t size;
    file_header h;
    qy_error *err;
} col_reader;

static int corrupt(const col_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A QY_EFORMAT error "<path>: <what>". */
static int corrupt(const col_reader *r, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return qy_error_set(r->err, QY_EFORMAT, "%s: %s", r->path, what);
}

static bool in_file(const col_reader *r, uint64_t off, uint64_t len)
{
    return off <= r->size && len <= r->size - off;
}

static bool is_section(const col_reader *r, uint64_t off, uint64_t len)
{
    return off % SECTION_ALIGN == 0 && off >= sizeof r->h && in_file(r, off, len);
}

static int read_failed(const col_reader *r, int e)
{
    return qy_error_set(r->err, QY_EIO, "cannot read %s: %s", r->path, strerror(e));
}

/* The header, read on its own: is this a whole file of our version? */
static int read_header(col_reader *r)
{
    unsigned char head[sizeof r->h];
    size_t want = r->size < sizeof head ? (size_t)r->size : sizeof head;
    ssize_t got = qy_file_read_at(r->fd, head, want, 0);
    if (got < 0) return read_failed(r, errno);
    size_t have = (size_t)got < sizeof magic ? (size_t)got : sizeof magic;
    if (memcmp(head, magic, have) != 0)
        return corrupt(r, "not a qy columnar file");
    if ((size_t)got < sizeof head)
        return corrupt(r, "truncated: %llu bytes, shorter than the header", (unsigned long long)got);
    memcpy(&r->h, head, sizeof r->h);
    if (r->h.version != QY_COLFILE_VERSION)
        return corrupt(r, "format version %u, but this qylua reads version %d",
                       r->h.version, QY_COLFILE_VERSION);
    if (r->h.file_size > r->size)
        return corrupt(r, "truncated: %llu of %llu bytes", (unsigned long long)r->size,
                       (unsigned long long)r->h.file_size);
    if (r->h.file_size != r->size || r->size % SECTION_ALIGN != 0)
        return corrupt(r, "%llu bytes, but its header says %llu", (unsigned long long)r->size,
                       (unsigned long long)r->h.file_size);
    return QY_OK;
}

/* The file's own pages, mapped, the checksum computed over them on two
 * threads; the header read before must be the one mapped. */
static int map_body(col_reader *r, uint64_t *sum)
{
    if (qy_mapping_map_file(r->fd, (size_t)r->size, &r->map) != QY_OK) return read_failed(r, errno);
    r->base = r->map->data;
    if (memcmp(r->base, &r->h, sizeof r->h) != 0) return corrupt(r, "changed while it was read");
    int rc = checksum(r->map->data + sizeof r->h, (size_t)(r->size - sizeof r->h), sum);
    return rc == QY_OK ? QY_OK : qy_error_set(r->err, rc, "not enough memory to read %s", r->path);
}

/* The whole file copied into private memory, the checksum computed over the
 * copy as it arrives: the bytes checked are the bytes the table will use,
 * whatever happens to the file afterwards. */
static int copy_body(col_reader *r, uint64_t *sum)
{
    if (qy_mapping_new((size_t)r->size, &r->map) != QY_OK)
        return qy_error_set(r->err, QY_ENOMEM, "not enough memory to read %s", r->path);
    memcpy(r->map->data, &r->h, sizeof r->h);
    sum_job job = {.data = r->map->data + sizeof r->h, .len = (size_t)(r->size - sizeof r->h),
                   .fd = r->fd, .map = r->map};
    int rc = checksum_job(&job, sum);
    qy_mapping_seal(r->map);
    r->base = r->map->data;
    if (rc == QY_ENOMEM) return qy_error_set(r->err, rc, "not enough memory to read %s", r->path);
    if (rc != QY_OK && atomic_load(&job.read_errno)) return read_failed(r, atomic_load(&job.read_errno));
    return rc == QY_OK ? QY_OK : corrupt(r, "truncated while it was read");
}

static int check_layout(col_reader *r, uint64_t sum)
{
    if (seal(&r->h, sum) != r->h.checksum) return corrupt(r, "checksum mismatch: the file is corrupt");
    if (r->h.nrows < 0 || r->h.nrows > INT64_MAX / 8)
        return corrupt(r, "bad row count %lld", (long long)r->h.nrows);
    if (!is_section(r, r->h.dir_off, (uint64_t)r->h.ncols * sizeof(column_entry))
        || !is_section(r, r->h.meta_off, r->h.meta_len))
        return corrupt(r, "its directory points outside the file");
    return QY_OK;
}

/* Nulls among the first n bits of a bitmap. */
static int64_t count_nulls(const uint8_t *valid, int64_t n)
{
    int64_t set = 0;
    for (int64_t i = 0; i < n / 8; i++) set += __builtin_popcount(valid[i]);
    for (int64_t i = n / 8 * 8; i < n; i++) set += qy_bitmap_get(valid, i);
    return n - set;
}

/* ---- checking the values ------------------------------------------------
 * Every value a column borrows is checked before the table is handed out:
 * a null row's element is 0, a bool is 0 or 1, a string code names a string
 * of its dict, and each dict string ends in the arena with its NUL. The
 * checks are pieces of a parallel loop (a range of rows, or of strings), each
 * without branches on the data, so they run on every core at memory speed. */

#define CHECK_ROWS ((int64_t)1 << 18)   /* rows (or dict strings) a check piece covers */

typedef struct check_piece {
    const qy_column *col;   /* rows [from, to) of col, or */
    const qy_dict *dict;    /* strings [from, to) of dict, which col (its first column) shows */
    const uint64_t *offsets;
    const char *arena;
    int column;             /* the column, for the message */
    int64_t from, to;
    int64_t flaw;           /* set by the check: -1, or the first bad string (a dict), 0 (a column) */
} check_piece;

/* Element i as an integer, whatever its width (1, 4 or 8 bytes). */
static uint64_t element_bits(const void *values, size_t width, int64_t i)
{
    if (width == 1) return ((const uint8_t *)values)[i];
    if (width == 4) return ((const uint32_t *)values)[i];
    return ((const uint64_t *)values)[i];
}

/* Whether every null row of [from, to) (from a multiple of 8) has element 0;
 * looks only at bitmap bytes with a clear bit, and ORs a byte's null
 * elements together, without branches. */
static bool null_rows_zero(const qy_column *c, int64_t from, int64_t to)
{
    size_t w = qy_type_width(c->type);
    uint64_t seen = 0;
    for (int64_t byte = from / 8; c->valid && byte < (to + 7) / 8; byte++) {
        unsigned bits = c->valid[byte];
        if (bits == 0xff) continue;
        int64_t end = byte * 8 + 8 < to ? byte * 8 + 8 : to;
        for (int64_t i = byte * 8; i < end; i++) {
            uint64_t null_mask = (uint64_t)0 - (uint64_t)(((bits >> (i & 7)) & 1) == 0);
            seen |= element_bits(c->v.any, w, i) & null_mask;
        }
    }
    return seen == 0;
}

/* Whether every string code of [from, to) names a string of the dict (a
 * null row's code is 0, which passes when the dict is empty only through
 * the bitmap). Four running maxima, so the loop is not one long chain of
 * dependent steps. */
static bool codes_in_dict(const qy_column *c, int64_t from, int64_t to)
{
    uint32_t size = qy_dict_size(c->dict), m[4] = {0, 0, 0, 0};
    const uint32_t *code = c->v.code;
    int64_t i = from;
    for (; i + 4 <= to; i += 4)
        for (int k = 0; k < 4; k++) m[k] = code[i + k] > m[k] ? code[i + k] : m[k];
    for (; i < to; i++) m[0] = code[i] > m[0] ? code[i] : m[0];
    uint32_t max = m[0];
    for (int k = 1; k < 4; k++) max = m[k] > max ? m[k] : max;
    if (max < size) return true;
    for (i = from; i < to; i++)
        if (code[i] >= size && !qy_column_is_null(c, i)) return false;
    return true;
}

static void check_piece_run(void *ctx, size_t i)
{
    check_piece *p = &((check_piece *)ctx)[i];
    if (p->dict) {
        p->flaw = qy_dict_arena_flaw(p->offsets, p->arena, qy_dict_size(p->dict),
                                     (uint32_t)p->from, (uint32_t)p->to);
        return;
    }
    const qy_column *c = p->col;
    uint8_t bools = 0;
    if (c->type == QY_BOOL)
        for (int64_t k = p->from; k < p->to; k++) bools |= c->v.b[k];
    bool sound = bools <= 1 && (c->type != QY_STRING || codes_in_dict(c, p->from, p->to))
              && null_rows_zero(c, p->from, p->to);
    p->flaw = sound ? -1 : 0;
}

/* Appends to pieces (when not NULL) the pieces that cover [0, n) of what
 * `like` describes; returns how many that is. */
static size_t add_pieces(check_piece *pieces, size_t at, check_piece like, int64_t n)
{
    size_t count = 0;
    for (int64_t from = 0; from < n; from += CHECK_ROWS, count++) {
        if (!pieces) continue;
        check_piece *p = &pieces[at + count];
        *p = like;
        p->from = from;
        p->to = n - from < CHECK_ROWS ? n : from + CHECK_ROWS;
    }
    return count;
}
/* The dict of column j: shared with an earlier column of the same section,
 * or made from the section, its strings borrowed from the mapping and left
 * for the check pieces (*offsets and *arena then say where they are). One
 * reference for the caller. */
static int load_dict(col_reader *r, const column_entry *dir, int j, qy_dict *const *dicts,
                     const char *name, qy_dict **out, const uint64_t **offsets, const char **arena)
{
    uint64_t off = dir[j].dict_off;
    for (int k = 0; k < j; k++)
        if (dicts[k] && dir[k].dict_off == off) {
            *out = qy_dict_retain(dicts[k]);
            return QY_OK;
        }
    dict_head head;
    if (!is_section(r, off, sizeof head)) return corrupt(r, "column '%s': bad dictionary", name);
    memcpy(&head, r->base + off, sizeof head);
    uint64_t offsets_len = head.count < UINT32_MAX ? (head.count + 1) * sizeof(uint64_t) : 0;
    uint64_t arena_off = off + sizeof head + offsets_len;
    if (offsets_len == 0 || !in_file(r, off + sizeof head, offsets_len)
        || !in_file(r, arena_off, head.bytes))
        return corrupt(r, "column '%s': its dictionary points outside the file", name);
    *offsets = (const uint64_t *)(const void *)(r->base + off + sizeof head);
    *arena = (const char *)r->base + arena_off;
    if ((*offsets)[head.count] != head.bytes)
        return corrupt(r, "column '%s': bad dictionary length", name);
    qy_error why = {0};
    int rc = qy_dict_from_arena(*offsets, *arena, (uint32_t)head.count, r->map, out, &why);
    if (rc == QY_ENOMEM) return qy_error_set(r->err, rc, "not enough memory to read %s", r->path);
    return rc == QY_OK ? rc : corrupt(r, "column '%s': %s", name, why.msg);
}

static int check_entry(col_reader *r, const column_entry *e, const char *name)
{
    if (e->type > QY_BOOL || (e->type == QY_DECIMAL ? e->scale < 0 || e->scale > QY_DECIMAL_MAX_SCALE
                                                    : e->scale != 0))
        return corrupt(r, "column '%s': unknown type %u", name, e->type);
    uint64_t values = (uint64_t)r->h.nrows * qy_type_width((qy_type)e->type);
    if (!is_section(r, e->values_off, values))
        return corrupt(r, "column '%s': its values point outside the file", name);
    if (e->valid_off == 0)
        return e->null_count == 0 ? QY_OK : corrupt(r, "column '%s': nulls without a bitmap", name);
    if (!is_section(r, e->valid_off, qy_bitmap_bytes(r->h.nrows)))
        return corrupt(r, "column '%s': its bitmap points outside the file", name);
    if (e->null_count <= 0 || count_nulls(r->base + e->valid_off, r->h.nrows) != e->null_count)
        return corrupt(r, "column '%s': the null count does not match its bitmap", name);
    return QY_OK;
}

/* Column j, borrowing its buffers from the mapping; its values are checked
 * later (check_values). *offsets and *arena as load_dict sets them. */
static int load_column(col_reader *r, const column_entry *dir, int j, qy_dict **dicts,
                       const char *name, qy_column **out, const uint64_t **offsets,
                       const char **arena)
{
    const column_entry *e = &dir[j];
    QY_RETURN_NOT_OK(check_entry(r, e, name));
    if (e->type == QY_STRING)
        QY_RETURN_NOT_OK(load_dict(r, dir, j, dicts, name, &dicts[j], offsets, arena));
    const uint8_t *valid = e->valid_off ? r->base + e->valid_off : NULL;
    return qy_column_new_borrowed((qy_type)e->type, e->scale, dicts[j], r->h.nrows,
                                  r->base + e->values_off, valid, e->null_count, r->map,
                                  out, r->err);
}

/* The check pieces of every column of t (offsets[j] set: column j made
 * its dict's strings), written to pieces when it is not NULL; how many. */
static size_t plan_checks(const qy_table *t, const uint64_t *const *offsets,
                          const char *const *arenas, check_piece *pieces)
{
    size_t n = 0;
    for (int j = 0; j < t->ncols; j++) {
        const qy_column *c = t->cols[j];
        if (offsets[j])
            n += add_pieces(pieces, n, (check_piece){.dict = c->dict, .offsets = offsets[j],
                                                     .arena = arenas[j], .column = j},
                            qy_dict_size(c->dict));
        n += add_pieces(pieces, n, (check_piece){.col = c, .column = j}, c->length);
    }
    return n;
}

/* Checks every value of t on every core; the error names the first column
 * at fault. */
static int check_values(col_reader *r, const qy_table *t, const uint64_t *const *offsets,
                        const char *const *arenas)
{
    size_t n = plan_checks(t, offsets, arenas, NULL);
    check_piece *pieces = qy_malloc((n ? n : 1) * sizeof *pieces);
    if (!pieces) return qy_error_set(r->err, QY_ENOMEM, "not enough memory to read %s", r->path);
    plan_checks(t, offsets, arenas, pieces);
    qy_parallel_for(n, check_piece_run, pieces);
    int rc = QY_OK;
    for (size_t i = 0; i < n && rc == QY_OK; i++) {
        const char *name = t->names[pieces[i].column];
        if (pieces[i].flaw >= 0 && pieces[i].dict)
            rc = corrupt(r, "column '%s': dictionary string %lld is malformed", name,
                         (long long)pieces[i].flaw);
        else if (pieces[i].flaw >= 0)
            rc = corrupt(r, "column '%s': a value is out of range", name);
    }
    qy_free(pieces);
    return rc;
}

static int column_name(col_reader *r, const column_entry *e, int j, char **out)
{
    if (!in_file(r, e->name_off, e->name_len)
        || memchr(r->base + e->name_off, '\0', (size_t)e->name_len))
        return corrupt(r, "the name of column %d is malformed", j + 1);
    *out = qy_strndup((const char *)r->base + e->name_off, (size_t)e->name_len);
    return *out ? QY_OK : qy_error_set(r->err, QY_ENOMEM, "not enough memory to read %s", r->path);
}

static int load_columns(col_reader *r, qy_table *t)
{
    int ncols = (int)r->h.ncols;
    const column_entry *dir = (const column_entry *)(const void *)(r->base + r->h.dir_off);
    size_t slots = (size_t)(ncols ? ncols : 1);
    qy_dict **dicts = qy_calloc(slots, sizeof *dicts);
    const uint64_t **offsets = qy_calloc(slots, sizeof *offsets);
    const char **arenas = qy_calloc(slots, sizeof *arenas);
    int rc = dicts && offsets && arenas ? QY_OK
           : qy_error_set(r->err, QY_ENOMEM, "not enough memory to read %s", r->path);
    for (int j = 0; j < ncols && rc == QY_OK; j++) {
        char *name = NULL;
        qy_column *c = NULL;
        qy_error why = {0};
        rc = column_name(r, &dir[j], j, &name);
        if (rc == QY_OK) rc = load_column(r, dir, j, dicts, name, &c, &offsets[j], &arenas[j]);
        if (rc == QY_OK && qy_table_add_column(t, name, c, &why) != QY_OK)
            rc = corrupt(r, "%s", why.msg);
        qy_column_release(c);
        qy_free(name);
    }
    if (rc == QY_OK) rc = check_values(r, t, offsets, arenas);
    for (int j = 0; dicts && j < ncols; j++) qy_dict_release(dicts[j]);
    qy_free(dicts);
    qy_free(offsets);
    qy_free(arenas);
    return rc;
}

static int copy_meta(col_reader *r, void **meta, size_t *meta_len)
{
    char *copy = qy_malloc((size_t)r->h.meta_len + 1);
    if (!copy) return qy_error_set(r->err, QY_ENOMEM, "not enough memory to read %s", r->path);
    memcpy(copy, r->base + r->h.meta_off, (size_t)r->h.meta_len);
    copy[r->h.meta_len] = '\0';
    *meta = copy;
    *meta_len = (size_t)r->h.meta_len;
    return QY_OK;
}

int qy_colfile_read_fd(int fd, const char *name, qy_colfile_memory memory, qy_table **out,
                       void **meta, size_t *meta_len, qy_error *err)
{
    col_reader r;
    memset(&r, 0, sizeof r);
    r.path = name;
    r.fd = fd;
    r.err = err;
    struct stat st;
    if (fstat(fd, &st) != 0) return read_failed(&r, errno);
    if (!S_ISREG(st.st_mode))
        return qy_error_set(err, QY_EINVAL, "cannot read %s: not a regular file", name);
    r.size = (uint64_t)st.st_size;
    qy_table *t = NULL;
    uint64_t sum = 0;
    int rc = read_header(&r);
    if (rc == QY_OK) rc = memory == QY_COLFILE_MAP ? map_body(&r, &sum) : copy_body(&r, &sum);
    if (rc == QY_OK) rc = check_layout(&r, sum);
    if (rc == QY_OK) rc = qy_table_new(r.h.nrows, &t, err);
    if (rc == QY_OK) rc = load_columns(&r, t);
    if (rc == QY_OK && meta) rc = copy_meta(&r, meta, meta_len);
    qy_mapping_release(r.map);   /* the columns hold their own references */
    if (rc != QY_OK) {
        qy_table_release(t);
        return rc;
    }
    *out = t;
    return QY_OK;
}

int qy_colfile_read(const char *path, qy_table **out, void **meta, size_t *meta_len,
                    qy_error *err)
{
    int fd;
    QY_RETURN_NOT_OK(qy_file_open_regular(path, true, &fd, err));
    int rc = qy_colfile_read_fd(fd, path, QY_COLFILE_COPY, out, meta, meta_len, err);
    close(fd);
    return rc;
}
