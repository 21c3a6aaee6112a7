/*
 * sha256.c - SHA-256 of a buffer as hex, for the fingerprints of stored
 * PDFs: libsodium's crypto_hash_sha256, which kakanai links anyway for
 * the My Number cipher. Checked against the FIPS 180-4 test vectors in
 * tests/unit/test-store.c.
 */
#include <sodium.h>

#include "util/util.h"

void
sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}
