/* test_workbook.c — telling what a file is before reading it as a workbook
 * (workbook.c): the messages for files that are not workbooks, among them
 * OLE2 documents written here by libgsf's own writer -- a password-protected
 * Office file (its EncryptionInfo and EncryptedPackage streams, as Office
 * writes an encrypted .xlsx) and a Word-like document -- and the cell
 * references every reader shares. */
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "file.h"
#include "workbook.h"

static char dir[] = "/tmp/qy_workbook_XXXXXX";

static const char *path_of(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* An OLE2 compound file with one stream per name, each holding a few bytes. */
static const char *write_ole2(const char *name, const char *const *streams)
{
    const char *path = path_of(name);
    GError *error = NULL;
    GsfOutput *out = gsf_output_stdio_new(path, &error);
    if (!out) abort();
    GsfOutfile *ole = gsf_outfile_msole_new(out);
    for (int i = 0; streams[i]; i++) {
        GsfOutput *s = gsf_outfile_new_child(ole, streams[i], FALSE);
        gsf_output_write(s, 8, (const guint8 *)"qylua\0\0\0");
        gsf_output_close(s);
        g_object_unref(s);
    }
    gsf_output_close(GSF_OUTPUT(ole));
    g_object_unref(ole);
    g_object_unref(out);
    return path;
}

static const char *write_bytes(const char *name, const char *data, size_t len)
{
    const char *path = path_of(name);
    if (qy_file_write_atomic(path, data, len, NULL) != QY_OK) abort();
    return path;
}

/* The message qy_book_open gives for path (it must fail). */
static const char *open_error(const char *path)
{
    static qy_error err;
    memset(&err, 0, sizeof err);
    qy_book *b = NULL;
    int rc = qy_book_open(path, &b, &err);
    CHECK_INT(rc, QY_EFORMAT);
    qy_book_close(b);
    return err.msg;
}

static void test_ole2_that_is_no_workbook(void)
{
    static const char *const encrypted[] = {"EncryptionInfo", "EncryptedPackage", NULL};
    static const char *const word[] = {"WordDocument", "1Table", NULL};
    char want[256];
    const char *p = write_ole2("secret.xlsx", encrypted);
    snprintf(want, sizeof want, "%s is a password-protected (encrypted) workbook; save it "
             "without a password to read it", p);
    CHECK_STR(open_error(p), want);
    p = write_ole2("report.xls", word);
    snprintf(want, sizeof want, "%s is an OLE2 document without an Excel workbook in it (a "
             "Word .doc, or a WPS .et file?)", p);
    CHECK_STR(open_error(p), want);
}

static void test_other_files(void)
{
    char want[256];
    const char *p = write_bytes("t.xlsx", "id,name\n1,a\n", 12);
    snprintf(want, sizeof want, "%s is not a workbook (it starts with \"id,name\\n1,a\\n\")", p);
    CHECK_STR(open_error(p), want);
    p = write_bytes("e.xlsx", "", 0);
    snprintf(want, sizeof want, "%s is empty, not a workbook", p);
    CHECK_STR(open_error(p), want);
    p = write_bytes("z.xlsx", "PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 22);
    snprintf(want, sizeof want, "%s is an empty zip archive, not a workbook", p);
    CHECK_STR(open_error(p), want);
    p = write_bytes("r.xlsx", "%PDF-1.7\n", 9);
    snprintf(want, sizeof want, "%s is a PDF document, not a workbook", p);
    CHECK_STR(open_error(p), want);
    p = write_bytes("g.xlsx", "\x1f\x8b\x08\0", 4);
    snprintf(want, sizeof want, "%s is gzip-compressed, not a workbook", p);
    CHECK_STR(open_error(p), want);
}

static void test_cell_refs(void)
{
    char buf[16];
    qy_cell_ref(0, 0, buf);
    CHECK_STR(buf, "A1");
    qy_cell_ref(1048575, 16383, buf);
    CHECK_STR(buf, "XFD1048576");
    qy_cell_ref(9, 26, buf);
    CHECK_STR(buf, "AA10");
    uint32_t row, col;
    CHECK_INT(qy_cell_ref_parse("XFD1048576", 10, &row, &col), QY_OK);
    CHECK_INT(row, 1048575);
    CHECK_INT(col, 16383);
    CHECK_INT(qy_cell_ref_parse("aa10", 4, &row, &col), QY_OK);
    CHECK_INT(col, 26);
    CHECK_INT(qy_cell_ref_parse("XFE1", 4, &row, &col), QY_EPARSE);
    CHECK_INT(qy_cell_ref_parse("A1048577", 8, &row, &col), QY_EPARSE);
    CHECK_INT(qy_cell_ref_parse("A0", 2, &row, &col), QY_EPARSE);
    CHECK_INT(qy_cell_ref_parse("A01", 3, &row, &col), QY_EPARSE);
    CHECK_INT(qy_cell_ref_parse("$A$1", 4, &row, &col), QY_EPARSE);
    CHECK_INT(qy_cell_ref_parse("12", 2, &row, &col), QY_EPARSE);
}

int main(void)
{
    if (!mkdtemp(dir)) return 2;
    RUN(test_ole2_that_is_no_workbook);
    RUN(test_other_files);
    RUN(test_cell_refs);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) return 2;
    return check_summary("test_workbook");
}
