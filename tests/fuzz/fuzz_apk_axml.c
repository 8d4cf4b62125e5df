/*
 * fuzz_apk_axml.c: libFuzzer target for Android's binary XML parser
 * (src/apk/apk_axml.c). For every input: a parse either gives a root
 * element whose tree is well linked (every child's parent is its parent,
 * every name and attribute name is a string) or fails with a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_apk.h"

static size_t walk(const apk_xnode *x, int depth)
{
    size_t n = 1;
    CHECK(depth <= 256 && x->name != NULL);
    for (size_t i = 0; i < x->nattrs; i++) {
        CHECK(x->attrs[i].name != NULL);
        (void)strlen(x->attrs[i].name);
        if (x->attrs[i].str)
            (void)strlen(x->attrs[i].str);
    }
    (void)apk_xattr_find(x, 0x01010003, "name");
    for (const apk_xnode *c = x->child; c; c = c->next) {
        CHECK(c->parent == x);
        n += walk(c, depth + 1);
    }
    return n;
}

static void check_axml(const uint8_t *data, size_t size, gisac_arena *ar)
{
    apk_xnode *root = NULL;
    gisac_err err = GISAC_ERR_INIT;
    int rc = apk_axml_parse(data, size, ar, &root, &err);
    if (rc == 0) {
        CHECK(root && root->parent == NULL);
        CHECK(walk(root, 0) <= size);
    } else {
        CHECK(root == NULL || rc == GISAC_ENOMEM || err.msg[0] != '\0');
        CHECK(err.msg[0] != '\0');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_apk_in_arena(check_axml, data, size);
}
