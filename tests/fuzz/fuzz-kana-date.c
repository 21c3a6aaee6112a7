/*
 * fuzz-kana-date.c - libFuzzer target: fuzz_kana_date() of fuzz-entry.c (what it
 * feeds and to which parser is described there). Built and run by
 * `make fuzz`; seeds in corpus/kana-date/, findings kept in regress/kana-date/.
 */
#include "fuzz-entry.c"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_kana_date(data, size);
}
