/* SPDX-License-Identifier: Apache-2.0 */
/* dpp cbam import / export: the European Commission's CBAM communication
 * template for installations, version 2.1.1 (the operator's workbook).
 * The import is libdpp_cbam's (dpp_cbam.h); the layout (sheet names, cell
 * positions) is libdpp/cbam/cbam_template.h; the mapping to passport
 * fields is documented in spec/cbam-template.md. */
#ifndef DPP_CLI_CBAM_XLSX_H
#define DPP_CLI_CBAM_XLSX_H

#include <dpp/dpp.h>

#include "cbam_template.h"

/** dpp cbam import / export: argv holds the arguments after "import" / "export". */
int cmd_cbam_import(int argc, char **argv);
int cmd_cbam_export(int argc, char **argv);

#endif
