/* SPDX-License-Identifier: Apache-2.0 */
/* dpp: the libdpp command-line tool. Dispatches to one command per file. */
#include <stdio.h>
#include <string.h>

#include <dpp/dpp.h>

#include "cmds.h"
#include "util.h"

#ifndef DPP_CLI_VERSION
#define DPP_CLI_VERSION DPP_VERSION_STRING
#endif

const char cli_exit_codes_help[] =
    "Exit codes:\n"
    "   0  verified / done\n"
    "   1  invalid: signature, algorithm, attestation or content (schema) check\n"
    "      failed; a link's domain, GTIN, batch or serial is not the signed one;\n"
    "      a batch finished with failed records\n"
    "   2  untrusted: no trusted key has the kid, or the signer is not trusted\n"
    "      for it at the validation time (certificate or trust-list window,\n"
    "      role, scope, chain), or a trust list is unpinned, stale, rolled back\n"
    "   3  expired (exp reached) or not yet valid (iat in the future)\n"
    "   4  malformed input: prefix, Base45, zlib, CBOR, COSE, CWT, JSON syntax,\n"
    "      a link that is not a hybrid GS1 Digital Link (URI syntax, AI values,\n"
    "      missing or truncated '#' payload)\n"
    "   5  revoked: the signer key, passport or batch is on the revocation list\n"
    "  64  usage error: unknown command or option, bad option value\n"
    "  65  key, certificate or list file unusable: not a key, unsupported type,\n"
    "      public key where a private key is needed, not a signed list\n"
    "  66  input cannot be read: missing or unreadable file, file too large,\n"
    "      image not PNG/JPEG, image without a QR code\n"
    "  70  internal error\n"
    "  73  an output file cannot be created, or is refused: it exists (without\n"
    "      --force), it is one of the inputs, or it is a symbolic link\n"
    " 130  batch interrupted (SIGINT); finished records are kept, see --resume\n";

static const char main_help[] =
    "Usage: dpp COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Sign, print and verify digital product passports (libdpp).\n"
    "\n"
    "Commands:\n"
    "  keygen    create a signing key pair (and optionally a certificate)\n"
    "  encode    sign a passport JSON into passport text, a QR code or COSE\n"
    "  label     render a printable label (SVG and PNG) with QR and summary\n"
    "  verify    verify passport text, a file, or a photo of a label\n"
    "  inspect   decode passport text WITHOUT verifying (marked UNVERIFIED)\n"    "  convert   re-spell a signed passport as DPP1: text or as a GS1 Digital Link\n"
    "  linkset   RFC 9264 linkset (resolver data) for signed passports\n"
    "  cose      sign or verify any COSE_Sign1 message\n"
    "  trust     create, edit, sign and show signed trust lists\n"
    "  revoke    create, edit, sign and show signed revocation lists\n"
    "  attest    attest claims of a passport (certification bodies)\n"
    "  cbam      importer receipt check: verify a shipment, CBAM report\n"
    "  schema    print the JSON Schema of the passport JSON\n"
    "  help      show help for a command\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "  -V, --version  show the version of dpp and libdpp\n"
    "\n"
    "Quick start:\n"
    "  dpp keygen --out signer.pem\n"
    "  dpp encode --key signer.pem passport.json > passport.txt\n"
    "  dpp label --key signer.pem -o label.svg --png label.png passport.json\n"
    "  dpp verify --trust signer.pub.pem --in passport.txt\n"
    "  dpp verify --trust signer.pub.pem --image label.png\n"    "\n"
    "One QR that is both the product's GS1 Digital Link and its signed passport:\n"
    "  dpp encode --key signer.pem --link-base https://id.example.com passport.json\n"
    "  dpp linkset --target https://dpp.example.com/p/{gtin}/{lot} passport.json\n"
    "\n"
    "Trust lists (an operator vouches for manufacturers and certification bodies):\n"
    "  dpp keygen --out operator.pem\n"
    "  dpp trust init --operator-key operator.pem -o trust.cbor\n"
    "  dpp trust add trust.cbor --operator-key operator.pem --key signer.pub.pem \\\n"
    "      --role manufacturer --name \"Acme GmbH\" --country DE\n"
    "  dpp verify --trust trust.cbor --pin operator.pub.pem --in passport.txt\n"
    "\n"
    "Run 'dpp COMMAND --help' for the options of a command; see also dpp(1)\n"
    "('man dpp' once installed, 'man -l cli/dpp.1' in the source tree).\n"
    "\n";

typedef struct cli_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
} cli_cmd;

static const cli_cmd k_cmds[] = {
    {"keygen", cmd_keygen}, {"encode", cmd_encode}, {"label", cmd_label},   {"verify", cmd_verify},
    {"inspect", cmd_inspect}, {"cose", cmd_cose},   {"schema", cmd_schema}, {"trust", cmd_trust},
    {"revoke", cmd_revoke},   {"attest", cmd_attest}, {"cbam", cmd_cbam}, {"convert", cmd_convert},
    {"linkset", cmd_linkset}, {NULL, NULL},
};

static const cli_cmd *find_cmd(const char *name)
{
    for (const cli_cmd *c = k_cmds; c->name != NULL; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

int main(int argc, char **argv)
{
    const cli_cmd *c;
    cli_init();
    if (argc < 2) {
        fputs(main_help, stderr);
        fputs(cli_exit_codes_help, stderr);
        return CLI_EX_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(main_help, stdout);
        fputs(cli_exit_codes_help, stdout);
        return CLI_EX_OK;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("dpp %s (libdpp %s)\n", DPP_CLI_VERSION, dpp_version_string());
        return CLI_EX_OK;
    }
    if (strcmp(argv[1], "help") == 0) {
        char help_flag[] = "--help";
        char *hv[2];
        if (argc < 3) {
            fputs(main_help, stdout);
            fputs(cli_exit_codes_help, stdout);
            return CLI_EX_OK;
        }
        c = find_cmd(argv[2]);
        if (c == NULL) return cli_usage_err(NULL, "unknown command '%s'", argv[2]);
        hv[0] = help_flag;
        hv[1] = NULL;
        return c->run(1, hv);
    }
    if (argv[1][0] == '-') return cli_usage_err(NULL, "unknown option '%s'", argv[1]);
    c = find_cmd(argv[1]);
    if (c == NULL) return cli_usage_err(NULL, "unknown command '%s'", argv[1]);
    return c->run(argc - 2, argv + 2);
}
