/* SHA-256 (FIPS 180-4), for the provenance of checklists and input files. */
#ifndef DDCHECK_SHA256_H
#define DDCHECK_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
    uint32_t state[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t used;
} sha256_ctx;

/** Starts a digest. */
void sha256_init(sha256_ctx *ctx);
/** Adds len bytes. */
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);
/** Finishes the digest as 64 lowercase hex digits and a NUL in hex[65]. */
void sha256_hex(sha256_ctx *ctx, char hex[65]);

#endif
