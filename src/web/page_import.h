/* page_import.h: what the registry's import page (page_import.c) and a
 * PCN's import page (page_pcn_import.c) share.  Their handlers are
 * declared in pages.h; this is only for those two files. */
#ifndef PCN_PAGE_IMPORT_H
#define PCN_PAGE_IMPORT_H

#include "html.h"

/* The mistake under the file field (id "file-error"); nothing when error
 * is NULL. */
void page_import_file_error(struct html *h, const char *error);
/* The "File imported" panel with the file's name, then the importer's
 * summary in a paragraph. */
void page_import_done(struct html *h, const char *name, const char *summary);

#endif
