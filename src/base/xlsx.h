/* xlsx.h: one sheet of a spreadsheet workbook read as rows of text.
 *
 * Two formats, both a zip of XML, read with libzip and expat:
 *   XLSX (Office Open XML): xl/workbook.xml names the sheets, its
 *       relationships file gives each sheet's part; cells are shared
 *       strings (t="s", from the shared strings part, rich text runs joined,
 *       phonetic runs left out), inline strings (t="inlineStr"), formula
 *       strings (t="str"), booleans (t="b", "1" or "0"), errors (t="e") and
 *       numbers (the <v> text exactly as written, "20191001" or "1.5");
 *   OpenDocument spreadsheet (.ods): content.xml, table:table by name;
 *       a cell's value is office:date-value for dates ("2016-05-12", any
 *       time part kept as written), office:value for numbers and
 *       percentages, office:boolean-value ("true"/"false"), else its text
 *       (paragraphs joined with a line break, text:s spaces, text:tab,
 *       text:line-break); repeated rows and cells are expanded, but
 *       trailing empty cells and empty rows are not stored.
 * Cells are placed by their reference (XLSX r="C7") or position; missing
 * cells read as "".  Rows keep their sheet row number (1-based), so a
 * message can name the cell (xlsx_cell_name: "C7").
 *
 * Every size is limited (struct xlsx_limits; xlsx_default_limits): zip
 * entries, the bytes of any part decompressed (counted as they are read,
 * never trusting the size the zip declares), shared strings, rows, cells a
 * row, bytes a cell.  Documents with a DOCTYPE (entity declarations) are
 * refused.  Errors name the file, and the sheet and cell where there is one:
 *     epcn.xlsx: not a workbook (not a zip file: Not a zip archive)
 *     epcn.xlsx: no sheet 'PCNDetails' (the sheets are 'Sheet1')
 *     epcn.xlsx: xl/worksheets/sheet1.xml is larger than 64 MiB decompressed
 *     epcn.xlsx: sheet 'PCNDetails', cell B7: shared string 90210 does not exist
 * all PCN_EINVAL, or PCN_ELIMIT for a limit.  No file I/O but xlsx_slurp,
 * which reads the file for the others.
 *
 * The rows, the limits and the words for a cell's place, and the same rows
 * from a CSV file, are xlsxrow.h's (included here); the zip and XML reading
 * both formats share is xmlzip.h's. */
#ifndef PCN_XLSX_H
#define PCN_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "xlsxrow.h"

/* Reads sheet `sheet` of the XLSX workbook in mem (name for messages).
 * Strings live in a.  lim NULL: xlsx_default_limits. */
int xlsx_read(const char *name, const void *mem, size_t len, const char *sheet,
              const struct xlsx_limits *lim, struct arena *a, struct xlsx_sheet *out,
              struct pcn_msg *m);

/* With a filter: keep(ctx, row) (xlsx_keep_fn, xlsxrow.h) sees each row
 * (its cells valid only during the call) and says whether to store it;
 * rows left out count against no limit but the part's bytes, so a large
 * sheet of which few rows are wanted costs little memory. */
int xlsx_read_rows(const char *name, const void *mem, size_t len, const char *sheet,
                   const struct xlsx_limits *lim, xlsx_keep_fn keep, void *keep_ctx,
                   struct arena *a, struct xlsx_sheet *out, struct pcn_msg *m);

/* The same for an OpenDocument spreadsheet. */
int xlsx_read_ods(const char *name, const void *mem, size_t len, const char *sheet,
                  const struct xlsx_limits *lim, struct arena *a, struct xlsx_sheet *out,
                  struct pcn_msg *m);
int xlsx_read_ods_rows(const char *name, const void *mem, size_t len, const char *sheet,
                       const struct xlsx_limits *lim, xlsx_keep_fn keep, void *keep_ctx,
                       struct arena *a, struct xlsx_sheet *out, struct pcn_msg *m);

#endif
