/* Downstream use of the installed library: sign and verify one passport. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <dpp/dpp.h>

int main(void)
{
    static dpp_passport p;
    static dpp_verified v;
    const char *json =
        "{\"id\":\"6f1c2d3e-4a5b-4c6d-8e7f-101112131415\",\"gtin\":\"4006381333931\",\"name\":\"Bolt M8\","
        "\"manufacturer\":{\"name\":\"Acme\",\"country\":\"DE\"}}";
    char text[DPP_MAX_TEXT_LEN + 1];
    size_t n = 0;
    dpp_key *key = NULL;
    dpp_trust *trust = NULL;
    dpp_diag d;
    dpp_report rep;
    dpp_encode_opts opts = {(int64_t)time(NULL), false, 0, NULL, DPP_COMPRESS_AUTO};
    int rc = 1;

    if (dpp_passport_from_json(json, strlen(json), &p, &d) != DPP_OK) goto done;
    if (dpp_key_generate(DPP_ALG_ES256, &key, &d) != DPP_OK) goto done;
    if (dpp_encode(&p, key, &opts, text, sizeof text, &n, NULL, &d) != DPP_OK) goto done;
    if (dpp_trust_new(&trust) != DPP_OK || dpp_trust_add_key(trust, key) != DPP_OK) goto done;
    if (dpp_verify(text, n, trust, (int64_t)time(NULL), &v, &rep) != DPP_OK) {
        d = rep.diag;
        goto done;
    }
    if (strcmp(v.passport.name, "Bolt M8") != 0) goto done;
    printf("consumer OK: libdpp %s, %zu characters\n", dpp_version_string(), n);
    rc = 0;
done:
    if (rc != 0) fprintf(stderr, "consumer failed: %s\n", d.msg);
    dpp_trust_free(trust);
    dpp_key_free(key);
    return rc;
}
