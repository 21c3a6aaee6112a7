/*
 * checkdigit.c - check digits of the 個人番号 and the 法人番号
 * (domain.md §3).
 *
 * 個人番号 (平成26年総務省令第85号 §5): 12 digits, the last is the check.
 * Weights 6 5 4 3 2 7 6 5 4 3 2 over the first 11 digits read left to
 * right; r = sum mod 11; check = 0 if r <= 1, else 11 - r.
 *
 * 法人番号 (平成26年財務省令第70号 §2): 13 digits, the FIRST is the check.
 * Over the 12-digit base, counting n = 1 from its least significant digit,
 * the weight is 1 for odd n and 2 for even n; check = 9 - (sum mod 9).
 */
#include <string.h>

#include "dict/dict.h"

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (s == NULL || strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
checkdigit_mynumber(const char *s)
{
	static const int weight[11] = { 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	int i, sum = 0, r, check;

	if (!all_digits(s, 12))
		return 0;
	for (i = 0; i < 11; i++)
		sum += (s[i] - '0') * weight[i];
	r = sum % 11;
	check = r <= 1 ? 0 : 11 - r;
	return s[11] - '0' == check;
}

int
checkdigit_corpnumber(const char *s)
{
	int i, n, sum = 0;

	if (!all_digits(s, 13))
		return 0;
	/* s[1..12] is the base; s[12] is its least significant digit (n=1). */
	for (i = 12, n = 1; i >= 1; i--, n++)
		sum += (s[i] - '0') * (n % 2 == 1 ? 1 : 2);
	return s[0] - '0' == 9 - sum % 9;
}
