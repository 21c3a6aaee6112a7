/*
 * fuzz-card.c - libFuzzer target: fuzz_card() of fuzz-entry.c (what it
 * feeds and to which parser is described there). Built and run by
 * `make fuzz`; seeds in corpus/card/, findings kept in regress/card/.
 */
#include "fuzz-entry.c"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_card(data, size);
}
