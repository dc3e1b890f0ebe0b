/* xlsx_rows.h — a worksheet part read on several threads at once: expat
 * parses one document on one thread only, so the part is cut, as it
 * inflates, into pieces of whole rows that parsers on other threads read
 * side by side; their cells are then laid end to end. Internal to xlsx.c.
 *
 * Cutting looks at the text, not the XML: the head is everything to the end
 * of the <sheetData> start tag, the tail everything from </sheetData>, and
 * pieces end after a </row>. A cut the text fools (a "</row>" inside a
 * comment or CDATA, a row without r starting a piece) either shows as an
 * error in some piece, or in the head and tail parsed together as one
 * document, or in the rows' order across pieces. Any error, true or not,
 * the zip's too (but running out of memory), makes the part be read again
 * whole on one thread (qy_xlsx_read_cells),
 * which decides what the sheet holds and says what is wrong with it, with
 * the line: the cut is never trusted to report.
 */
#ifndef QY_XLSX_ROWS_H
#define QY_XLSX_ROWS_H

#include <stddef.h>

#include "xlsx_sheet.h"

/* As qy_xlsx_read_cells, with threads parsers (at least 2 to cut at all)
 * on pieces of about piece_bytes (0: 4 MiB). The grids come out the same
 * whatever the two numbers. */
int qy_xlsx_read_rows(qy_zip *z, int64_t index, const qy_xlsx_sheet_ref *ref, int threads,
                      size_t piece_bytes, qy_grid *g, qy_grid *own, qy_error *err);

#endif
