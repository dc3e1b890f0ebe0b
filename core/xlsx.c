/* xlsx.c — the .xlsx (Office Open XML) workbook: the package's parts found
 * through their relationships, the sheet list, the styles' number formats,
 * and a sheet read with its shared strings parsed at once on a second
 * thread (xlsx_sheet.c parses both).
 *
 * Parts are found as OPC says: _rels/.rels names the workbook part (by
 * default xl/workbook.xml), the workbook's relationships name its sheets,
 * styles and shared strings. Every part is read as it inflates
 * (zip_entry.h, xml_part.h), none is held whole.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "workbook_impl.h"
#include "xlsx_rows.h"
#include "xlsx_sheet.h"
#include "xml_part.h"
#include "zip_entry.h"

enum { WHERE_SIZE = 1024, DIMENSION_BYTES = 64 * 1024, MAX_PARSERS = 4 };

typedef struct xlsx_book {
    int fd;
    qy_zip *zip;           /* for the caller's thread */
    char **parts;          /* per sheet: its part, NULL when the workbook names none */
    int nparts;
    char *styles_part, *shared_part;   /* NULL when the workbook has none */
    bool date1904;
    bool styles_read;
    qy_grid_format *formats;   /* the workbook's number formats, formats[0] General */
    uint32_t nformats;
    uint32_t *xf_fmt;      /* cellXfs index -> index into formats */
    uint32_t nxf;
} xlsx_book;

static void xlsx_close(void *impl)
{
    xlsx_book *k = impl;
    qy_zip_close(k->zip);
    close(k->fd);
    for (int i = 0; i < k->nparts; i++) qy_free(k->parts[i]);
    qy_free(k->parts);
    qy_free(k->styles_part);
    qy_free(k->shared_part);
    for (uint32_t i = 0; k->formats && i < k->nformats; i++) qy_free(k->formats[i].code);
    qy_free(k->formats);
    qy_free(k->xf_fmt);
    qy_free(k);
}

/* ---- part names ---- */

/* target resolved against the folder base ("" or "xl", no trailing '/'), as
 * a zip entry name: "/xl/a.xml" and "worksheets/../a.xml" from "xl" are
 * both "xl/a.xml". NULL when out of memory. */
static char *resolve(const char *base, const char *target)
{
    size_t blen = strlen(base), tlen = strlen(target);
    char *joined = qy_malloc(blen + tlen + 2);
    if (!joined) return NULL;
    if (target[0] == '/') {
        memcpy(joined, target + 1, tlen);
    } else {
        memcpy(joined, base, blen);
        joined[blen] = '/';
        memcpy(joined + blen + 1, target, tlen + 1);
        if (blen == 0) memmove(joined, joined + 1, tlen + 1);
    }
    /* "." and ".." segments out, in place: the output never outruns the input */
    char *r = joined, *w = joined;
    while (*r) {
        char *end = strchr(r, '/');
        size_t n = end ? (size_t)(end - r) : strlen(r);
        if (n == 0 || (n == 1 && r[0] == '.')) {
        } else if (n == 2 && r[0] == '.' && r[1] == '.') {
            while (w > joined && w[-1] == '/') w--;
            while (w > joined && w[-1] != '/') w--;
        } else {
            memmove(w, r, n);
            w += n;
            if (end) *w++ = '/';
        }
        r += n + (end ? 1 : 0);
    }
    *w = '\0';
    return joined;
}

/* The folder of a part name ("xl/workbook.xml" is "xl"), in buf. */
static void folder_of(const char *part, char *buf, size_t cap)
{
    const char *slash = strrchr(part, '/');
    size_t n = slash ? (size_t)(slash - part) : 0;
    if (n >= cap) n = cap - 1;
    memcpy(buf, part, n);
    buf[n] = '\0';
}

/* ---- relationships ---- */

typedef struct rel {
    char *id, *kind, *target;   /* kind: the type's last segment ("worksheet") */
} rel;

typedef struct rels_parse {
    const char *base;      /* the folder targets are relative to */
    const char *path;
    rel *items;
    size_t n, cap;
} rels_parse;

static void rels_free(rels_parse *p)
{
    for (size_t i = 0; i < p->n; i++) {
        qy_free(p->items[i].id);
        qy_free(p->items[i].kind);
        qy_free(p->items[i].target);
    }
    qy_free(p->items);
}

static void rels_start(void *ctx, qy_xml *x, const char *name, const char **atts)
{
    rels_parse *p = ctx;
    if (strcmp(name, "Relationship") != 0) return;
    const char *id = qy_xml_attr(atts, "Id"), *type = qy_xml_attr(atts, "Type"),
               *target = qy_xml_attr(atts, "Target"), *mode = qy_xml_attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0)) return;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        rel *more = qy_realloc(p->items, cap * sizeof *more);
        if (!more) goto nomem;
        p->items = more;
        p->cap = cap;
    }
    const char *slash = strrchr(type, '/');
    const char *kind = slash ? slash + 1 : type;
    rel r = {qy_strndup(id, strlen(id)), qy_strndup(kind, strlen(kind)), resolve(p->base, target)};
    if (!r.id || !r.kind || !r.target) {
        qy_free(r.id);
        qy_free(r.kind);
        qy_free(r.target);
        goto nomem;
    }
    p->items[p->n++] = r;
    return;
nomem:
    qy_error_set(qy_xml_err(x), QY_ENOMEM, "%s: not enough memory", p->path);
    qy_xml_stop(x, QY_ENOMEM);
}

static void ignore_end(void *ctx, qy_xml *x, const char *name) {}

/* Reads the relationships part rels_name, if there is one (none: no
 * relationships), targets resolved against base. */
static int read_rels(qy_zip *z, const char *path, const char *rels_name, const char *base,
                     rels_parse *out, qy_error *err)
{
    *out = (rels_parse){.base = base, .path = path};
    int64_t index = qy_zip_find(z, rels_name);
    if (index < 0) return QY_OK;
    char where[WHERE_SIZE];
    snprintf(where, sizeof where, "%s: %s", path, rels_name);
    static const qy_xml_handlers handlers = {rels_start, ignore_end, NULL};
    return qy_xml_parse(z, index, 0, where, &handlers, out, err);
}

static const rel *rel_of_kind(const rels_parse *r, const char *kind)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].kind, kind) == 0) return &r->items[i];
    return NULL;
}

static const rel *rel_of_id(const rels_parse *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].id, id) == 0) return &r->items[i];
    return NULL;
}

/* ---- the workbook part: its sheets ---- */

typedef struct workbook_parse {
    qy_book *b;
    xlsx_book *k;
    const rels_parse *rels;
    int cap;
} workbook_parse;

static bool xml_true(const char *v) { return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0); }

static void workbook_start(void *ctx, qy_xml *x, const char *name, const char **atts)
{
    workbook_parse *p = ctx;
    qy_book *b = p->b;
    if (strcmp(name, "workbookPr") == 0) {
        p->k->date1904 = xml_true(qy_xml_attr(atts, "date1904"));
        return;
    }
    if (strcmp(name, "sheet") != 0) return;
    const char *sheet_name = qy_xml_attr(atts, "name"), *state = qy_xml_attr(atts, "state"),
               *id = qy_xml_attr(atts, "id");
    if (!sheet_name) sheet_name = "";
    if (b->nsheets == p->cap) {
        int cap = p->cap ? p->cap * 2 : 4;
        qy_sheet_info *sheets = qy_realloc(b->sheets, (size_t)cap * sizeof *sheets);
        if (!sheets) goto nomem;
        b->sheets = sheets;
        char **parts = qy_realloc(p->k->parts, (size_t)cap * sizeof *parts);
        if (!parts) goto nomem;
        p->k->parts = parts;
        p->cap = cap;
    }
    const rel *r = id ? rel_of_id(p->rels, id) : NULL;
    qy_sheet_info info = {
        .name = qy_strndup(sheet_name, strlen(sheet_name)),
        .state = !state                          ? QY_SHEET_VISIBLE
               : strcmp(state, "hidden") == 0     ? QY_SHEET_HIDDEN
               : strcmp(state, "veryHidden") == 0 ? QY_SHEET_VERY_HIDDEN
                                                  : QY_SHEET_VISIBLE,
        .is_worksheet = !r || strcmp(r->kind, "worksheet") == 0,
    };
    char *part = r ? qy_strndup(r->target, strlen(r->target)) : NULL;
    if (!info.name || (r && !part)) {
        qy_free(info.name);
        qy_free(part);
        goto nomem;
    }
    p->k->parts[p->k->nparts++] = part;
    b->sheets[b->nsheets++] = info;
    return;
nomem:
    qy_error_set(qy_xml_err(x), QY_ENOMEM, "%s: not enough memory", b->path);
    qy_xml_stop(x, QY_ENOMEM);
}

/* ---- a sheet's stated dimension ---- */

static void dimension_start(void *ctx, qy_xml *x, const char *name, const char **atts)
{
    qy_sheet_info *info = ctx;
    if (strcmp(name, "sheetData") == 0) {
        qy_xml_stop(x, QY_OK);
        return;
    }
    if (strcmp(name, "dimension") != 0) return;
    qy_xml_stop(x, QY_OK);
    const char *ref = qy_xml_attr(atts, "ref");
    size_t len = ref ? strlen(ref) : 0;
    if (len == 0 || len >= sizeof info->dimension) return;
    const char *colon = strchr(ref, ':');
    const char *last = colon ? colon + 1 : ref;
    uint32_t r0, c0, r1, c1;
    if ((colon && qy_cell_ref_parse(ref, (size_t)(colon - ref), &r0, &c0) != QY_OK)
        || qy_cell_ref_parse(last, strlen(last), &r1, &c1) != QY_OK)
        return;
    info->rows = (int64_t)r1 + 1;
    info->cols = (int64_t)c1 + 1;
    memcpy(info->dimension, ref, len + 1);
}

/* The dimension the start of the sheet's part states, if any; a part that
 * is missing or unreadable states none here, and says why when read. */
static int read_dimension(qy_book *b, xlsx_book *k, int i, qy_error *err)
{
    int64_t index = k->parts[i] ? qy_zip_find(k->zip, k->parts[i]) : -1;
    if (index < 0) return QY_OK;
    qy_error ignored = {0};
    static const qy_xml_handlers handlers = {dimension_start, ignore_end, NULL};
    int rc = qy_xml_parse(k->zip, index, DIMENSION_BYTES, b->path, &handlers, &b->sheets[i],
                          &ignored);
    if (rc == QY_ENOMEM) return qy_error_set(err, rc, "%s: not enough memory", b->path);
    if (rc != QY_OK) {
        b->sheets[i].rows = b->sheets[i].cols = 0;
        b->sheets[i].dimension[0] = '\0';
    }
    return QY_OK;
}

/* ---- opening ---- */

static int read_sheet(qy_book *b, int i, qy_grid *out, qy_error *err);

static const qy_book_ops XLSX_OPS = {read_sheet, xlsx_close};

/* Reads the package's relationships, the workbook's and the workbook. */
static int read_package(qy_book *b, xlsx_book *k, qy_error *err)
{
    rels_parse root, wb_rels;
    int rc = read_rels(k->zip, b->path, "_rels/.rels", "", &root, err);
    const rel *office = rc == QY_OK ? rel_of_kind(&root, "officeDocument") : NULL;
    char *workbook = rc != QY_OK ? NULL
                   : office      ? qy_strndup(office->target, strlen(office->target))
                                 : qy_strndup("xl/workbook.xml", 15);
    rels_free(&root);
    if (rc != QY_OK) return rc;
    if (!workbook) return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", b->path);
    int64_t index = qy_zip_find(k->zip, workbook);
    if (index < 0) {
        qy_free(workbook);
        return qy_error_set(err, QY_EFORMAT, "%s is a zip archive without an Excel workbook in it",
                            b->path);
    }
    char folder[WHERE_SIZE], rels_name[WHERE_SIZE * 2], where[WHERE_SIZE];
    folder_of(workbook, folder, sizeof folder);
    const char *file = strrchr(workbook, '/') ? strrchr(workbook, '/') + 1 : workbook;
    snprintf(rels_name, sizeof rels_name, "%s%s_rels/%s.rels", folder, folder[0] ? "/" : "", file);
    snprintf(where, sizeof where, "%s: %s", b->path, workbook);
    qy_free(workbook);
    rc = read_rels(k->zip, b->path, rels_name, folder, &wb_rels, err);
    if (rc == QY_OK) {
        workbook_parse p = {.b = b, .k = k, .rels = &wb_rels};
        static const qy_xml_handlers handlers = {workbook_start, ignore_end, NULL};
        rc = qy_xml_parse(k->zip, index, 0, where, &handlers, &p, err);
    }
    const rel *styles = rel_of_kind(&wb_rels, "styles"), *shared = rel_of_kind(&wb_rels, "sharedStrings");
    if (rc == QY_OK && styles && !(k->styles_part = qy_strndup(styles->target, strlen(styles->target))))
        rc = QY_ENOMEM;
    if (rc == QY_OK && shared && !(k->shared_part = qy_strndup(shared->target, strlen(shared->target))))
        rc = QY_ENOMEM;
    rels_free(&wb_rels);
    if (rc == QY_ENOMEM) return qy_error_set(err, rc, "%s: not enough memory", b->path);
    return rc;
}

int qy_xlsx_open(qy_book *b, int fd, qy_error *err)
{
    xlsx_book *k = qy_calloc(1, sizeof *k);
    if (!k) {
        close(fd);
        return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", b->path);
    }
    k->fd = fd;
    b->impl = k;   /* from here on qy_book_close releases k, and fd with it */
    b->ops = &XLSX_OPS;
    QY_RETURN_NOT_OK(qy_zip_open(fd, b->path, &k->zip, err));
    QY_RETURN_NOT_OK(read_package(b, k, err));
    for (int i = 0; i < b->nsheets; i++)
        if (b->sheets[i].is_worksheet) QY_RETURN_NOT_OK(read_dimension(b, k, i, err));
    return QY_OK;
}

/* ---- styles: which number format each cell style shows ---- */

/* A map from uint32 ids to uint32 values, open addressing; a slot holds
 * id << 32 | value, EMPTY when free (no value is UINT32_MAX). */
#define EMPTY UINT64_MAX

typedef struct id_map {
    uint64_t *slots;
    uint32_t mask;
} id_map;

static bool id_map_init(id_map *m, uint32_t n)
{
    uint32_t cap = 16;
    while (cap < 2 * (uint64_t)n && cap < (UINT32_C(1) << 31)) cap *= 2;
    m->slots = qy_malloc((size_t)cap * sizeof *m->slots);
    if (!m->slots) return false;
    memset(m->slots, 0xFF, (size_t)cap * sizeof *m->slots);
    m->mask = cap - 1;
    return true;
}

/* The slot of id: holding it, or free for it. */
static uint64_t *id_map_slot(id_map *m, uint32_t id)
{
    uint32_t at = (id * UINT32_C(2654435761)) & m->mask;
    while (m->slots[at] != EMPTY && (uint32_t)(m->slots[at] >> 32) != id) at = (at + 1) & m->mask;
    return &m->slots[at];
}

typedef struct numfmt_def {
    uint32_t id;
    char *code;
} numfmt_def;

typedef struct styles_parse {
    const char *where;
    bool in_numfmts, in_xfs;
    numfmt_def *defs;
    uint32_t ndefs, defs_cap;
    uint32_t *xf_id;       /* per cellXfs entry: its numFmtId */
    uint32_t nxf, xf_cap;
} styles_parse;

static bool parse_id(const char *s, uint32_t *out)
{
    uint64_t v = 0;
    if (!*s) return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > UINT32_MAX / 10) return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (v > UINT32_MAX) return false;
    *out = (uint32_t)v;
    return true;
}

static void styles_start(void *ctx, qy_xml *x, const char *name, const char **atts)
{
    styles_parse *p = ctx;
    if (strcmp(name, "numFmts") == 0) {
        p->in_numfmts = true;
    } else if (strcmp(name, "cellXfs") == 0) {
        p->in_xfs = true;
    } else if ((p->in_numfmts && strcmp(name, "numFmt") == 0)
               || (p->in_xfs && strcmp(name, "xf") == 0)) {
        const char *id_text = qy_xml_attr(atts, "numFmtId");
        uint32_t id = 0;
        if (id_text && !parse_id(id_text, &id)) {
            qy_error_set(qy_xml_err(x), QY_EFORMAT, "%s:%lu: numFmtId '%s' is malformed",
                         p->where, qy_xml_line(x), id_text);
            qy_xml_stop(x, QY_EFORMAT);
            return;
        }
        if (p->in_xfs) {
            if (p->nxf == p->xf_cap) {
                uint32_t cap = p->xf_cap ? p->xf_cap * 2 : 16;
                uint32_t *more = qy_realloc(p->xf_id, (size_t)cap * sizeof *more);
                if (!more) goto nomem;
                p->xf_id = more;
                p->xf_cap = cap;
            }
            p->xf_id[p->nxf++] = id;
            return;
        }
        const char *code = qy_xml_attr(atts, "formatCode");
        if (!code || !id_text) return;
        if (p->ndefs == p->defs_cap) {
            uint32_t cap = p->defs_cap ? p->defs_cap * 2 : 16;
            numfmt_def *more = qy_realloc(p->defs, (size_t)cap * sizeof *more);
            if (!more) goto nomem;
            p->defs = more;
            p->defs_cap = cap;
        }
        numfmt_def d = {id, qy_strndup(code, strlen(code))};
        if (!d.code) goto nomem;
        p->defs[p->ndefs++] = d;
    }
    return;
nomem:
    qy_error_set(qy_xml_err(x), QY_ENOMEM, "%s: not enough memory", p->where);
    qy_xml_stop(x, QY_ENOMEM);
}

static void styles_end(void *ctx, qy_xml *x, const char *name)
{
    styles_parse *p = ctx;
    if (strcmp(name, "numFmts") == 0) p->in_numfmts = false;
    else if (strcmp(name, "cellXfs") == 0) p->in_xfs = false;
}

/* From the parse to k's formats (each distinct id once, General first) and
 * the map from a style to them. A workbook without styles has one: General. */
static int build_formats(xlsx_book *k, styles_parse *p)
{
    static const uint32_t general_only = 0;
    const uint32_t *xf_id = p->nxf ? p->xf_id : &general_only;
    uint32_t nxf = p->nxf ? p->nxf : 1;
    id_map defs = {0}, seen = {0};
    int rc = QY_ENOMEM;
    k->xf_fmt = qy_malloc((size_t)nxf * sizeof *k->xf_fmt);
    k->formats = qy_calloc((size_t)nxf + 1, sizeof *k->formats);
    if (!k->xf_fmt || !k->formats || !id_map_init(&defs, p->ndefs) || !id_map_init(&seen, nxf + 1))
        goto done;
    for (uint32_t i = 0; i < p->ndefs; i++) {
        uint64_t *slot = id_map_slot(&defs, p->defs[i].id);
        if (*slot == EMPTY) *slot = (uint64_t)p->defs[i].id << 32 | i;   /* the first one counts */
    }
    k->formats[0] = (qy_grid_format){0, NULL};
    k->nformats = 1;
    *id_map_slot(&seen, 0) = 0;
    for (uint32_t i = 0; i < nxf; i++) {
        uint64_t *slot = id_map_slot(&seen, xf_id[i]);
        if (*slot == EMPTY) {
            if (k->nformats == QY_GRID_MAX_FORMATS) {
                rc = QY_ERANGE;
                goto done;
            }
            uint64_t *def = id_map_slot(&defs, xf_id[i]);
            qy_grid_format f = {xf_id[i], NULL};
            if (*def != EMPTY) {
                const char *code = p->defs[(uint32_t)*def].code;
                if (!(f.code = qy_strndup(code, strlen(code)))) goto done;
            }
            *slot = (uint64_t)xf_id[i] << 32 | k->nformats;
            k->formats[k->nformats++] = f;
        }
        k->xf_fmt[i] = (uint32_t)*slot;
    }
    k->nxf = nxf;
    rc = QY_OK;
done:
    qy_free(defs.slots);
    qy_free(seen.slots);
    return rc;
}

static int read_styles(qy_book *b, xlsx_book *k, qy_error *err)
{
    char where[WHERE_SIZE];
    snprintf(where, sizeof where, "%s: %s", b->path, k->styles_part ? k->styles_part : "");
    styles_parse p = {.where = where};
    int rc = QY_OK;
    int64_t index = k->styles_part ? qy_zip_find(k->zip, k->styles_part) : -1;
    if (index >= 0) {
        static const qy_xml_handlers handlers = {styles_start, styles_end, NULL};
        rc = qy_xml_parse(k->zip, index, 0, where, &handlers, &p, err);
    }
    if (rc == QY_OK) {
        rc = build_formats(k, &p);
        if (rc == QY_ERANGE)
            qy_error_set(err, rc, "%s: more than %d number formats in use", where,
                         QY_GRID_MAX_FORMATS);
        else if (rc != QY_OK)
            qy_error_set(err, rc, "%s: not enough memory", b->path);
    }
    if (rc != QY_OK) {   /* a later read tries again */
        for (uint32_t i = 0; k->formats && i < k->nformats; i++) qy_free(k->formats[i].code);
        qy_free(k->formats);
        qy_free(k->xf_fmt);
        k->formats = NULL;
        k->xf_fmt = NULL;
        k->nformats = k->nxf = 0;
    }
    for (uint32_t i = 0; i < p.ndefs; i++) qy_free(p.defs[i].code);
    qy_free(p.defs);
    qy_free(p.xf_id);
    if (rc == QY_OK) k->styles_read = true;
    return rc;
}

static int copy_formats(const xlsx_book *k, qy_grid *g, const char *path, qy_error *err)
{
    g->formats = qy_calloc(k->nformats, sizeof *g->formats);
    if (!g->formats) return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", path);
    for (uint32_t i = 0; i < k->nformats; i++) {
        g->formats[i].id = k->formats[i].id;
        const char *code = k->formats[i].code;
        if (code && !(g->formats[i].code = qy_strndup(code, strlen(code)))) {
            g->nformats = i;
            return qy_error_set(err, QY_ENOMEM, "%s: not enough memory", path);
        }
        g->nformats = i + 1;
    }
    return QY_OK;
}

/* ---- reading a sheet ---- */

/* The shared strings, read on a thread of their own from an archive of
 * their own (libzip: one archive, one thread). */
typedef struct shared_job {
    int fd;
    const char *path, *part;
    qy_grid *g;
    qy_error err;
    int rc;
} shared_job;

static void *read_shared_strings(void *arg)
{
    shared_job *job = arg;
    char where[WHERE_SIZE];
    snprintf(where, sizeof where, "%s: %s", job->path, job->part);
    qy_zip *z = NULL;
    job->rc = qy_zip_open(job->fd, job->path, &z, &job->err);
    if (job->rc != QY_OK) return NULL;
    int64_t index = qy_zip_find(z, job->part);
    job->rc = index < 0 ? qy_error_set(&job->err, QY_EFORMAT, "%s is missing", where)
                        : qy_xlsx_read_shared(z, index, where, job->g, &job->err);
    qy_zip_close(z);
    return NULL;
}

static int read_sheet(qy_book *b, int i, qy_grid *out, qy_error *err)
{
    xlsx_book *k = b->impl;
    const char *sheet = b->sheets[i].name, *part = k->parts[i];
    int64_t index = part ? qy_zip_find(k->zip, part) : -1;
    if (!part)
        return qy_error_set(err, QY_EFORMAT, "%s: sheet '%s': the workbook names no part for it",
                            b->path, sheet);
    if (index < 0)
        return qy_error_set(err, QY_EFORMAT, "%s: sheet '%s': its part %s is missing", b->path,
                            sheet, part);
    if (!k->styles_read) QY_RETURN_NOT_OK(read_styles(b, k, err));
    QY_RETURN_NOT_OK(copy_formats(k, out, b->path, err));
    out->date1904 = k->date1904;

    shared_job job = {.fd = k->fd, .path = b->path, .part = k->shared_part, .g = out};
    pthread_t thread;
    bool threaded = k->shared_part && pthread_create(&thread, NULL, read_shared_strings, &job) == 0;

    char where[WHERE_SIZE];
    snprintf(where, sizeof where, "%s: sheet '%s', %s", b->path, sheet, part);
    qy_xlsx_sheet_ref ref = {b->path, sheet, where, k->xf_fmt, k->nxf};
    qy_grid own = {0};
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int parsers = cpus < 1 ? 1 : cpus > MAX_PARSERS ? MAX_PARSERS : (int)cpus;
    int rc = qy_xlsx_read_rows(k->zip, index, &ref, parsers, 0, out, &own, err);

    if (threaded) pthread_join(thread, NULL);
    else if (k->shared_part) read_shared_strings(&job);   /* no thread to be had: in turn */
    if (rc == QY_OK && job.rc != QY_OK) {
        rc = job.rc;
        if (err) *err = job.err;
    }
    if (rc == QY_OK) rc = qy_xlsx_join_strings(out, &own, &ref, err);
    qy_grid_free(&own);
    return rc;
}
