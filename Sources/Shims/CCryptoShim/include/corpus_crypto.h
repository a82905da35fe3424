// A C-typed window onto OpenSSL's libcrypto: MD5, the digest the C4 reference keys on, and
// SHA-256, which names tokenizer models.
//
// C4's line dedup keys lines, and breaks ties between pages, by MD5 hex digests; shard
// manifests name the tokenizer that made them by the SHA-256 of its model file. This shim
// gives Swift the digest bytes without importing OpenSSL's headers.
#ifndef CORPUS_CRYPTO_H
#define CORPUS_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Writes the 16-byte MD5 digest of `length` bytes at `data` to `digest`. Thread-safe.
void corpus_md5(const void *data, size_t length, uint8_t digest[16]);

/// Writes the 32-byte SHA-256 digest of `length` bytes at `data` to `digest`. Thread-safe.
void corpus_sha256(const void *data, size_t length, uint8_t digest[32]);

#ifdef __cplusplus
}
#endif

#endif
