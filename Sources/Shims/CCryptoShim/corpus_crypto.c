// MD5 and SHA-256 through libcrypto's one-shot digests (the low-level call: no context allocation per line).
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/md5.h>
#include <openssl/sha.h>

#include "corpus_crypto.h"

void corpus_md5(const void *data, size_t length, uint8_t digest[16]) {
    MD5((const unsigned char *)data, length, digest);
}

void corpus_sha256(const void *data, size_t length, uint8_t digest[32]) {
    SHA256((const unsigned char *)data, length, digest);
}
