/* arena.c: a bump allocator made of a chain of blocks. */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t cap;
    size_t used;
    _Alignas(16) unsigned char data[];
} block;

struct gisac_arena {
    block *head; /* current block; older ones follow */
    size_t block_size;
    size_t total;
};

static block *block_new(size_t cap)
{
    block *b = malloc(sizeof *b + cap);
    if (!b)
        return NULL;
    b->next = NULL;
    b->cap = cap;
    b->used = 0;
    return b;
}

gisac_arena *gisac_arena_new(size_t block_size)
{
    gisac_arena *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    return a;
}

void gisac_arena_free(gisac_arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *n = b->next;
        free(b);
        b = n;
    }
    free(a);
}

void gisac_arena_reset(gisac_arena *a)
{
    if (!a || !a->head)
        return;
    /* keep the oldest block (the last in the chain), free the rest */
    block *b = a->head;
    while (b->next) {
        block *n = b->next;
        free(b);
        b = n;
    }
    b->used = 0;
    a->head = b;
    a->total = 0;
}

void *gisac_arena_alloc(gisac_arena *a, size_t n)
{
    if (n > SIZE_MAX - 32)
        return NULL;
    n = (n + 15) & ~(size_t)15;
    block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > a->block_size ? n : a->block_size;
        block *nb = block_new(cap);
        if (!nb)
            return NULL;
        nb->next = b;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    return p;
}

char *gisac_arena_strndup(gisac_arena *a, const char *s, size_t n)
{
    char *p = gisac_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *gisac_arena_strdup(gisac_arena *a, const char *s)
{
    return s ? gisac_arena_strndup(a, s, strlen(s)) : NULL;
}

size_t gisac_arena_used(const gisac_arena *a)
{
    return a->total;
}
