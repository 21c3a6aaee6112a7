/*
 * pcsc-wait.c - wait until pcscd reports a card present (or absent) in a
 * reader whose name starts with PREFIX, for the card tests: they wait for
 * the state pcscd itself reports, never for a fixed time.
 *
 *   pcsc-wait present|absent PREFIX SECONDS
 *
 * Exit 0 when the state is reached, 1 when SECONDS passed first, 2 on a
 * usage or PC/SC error (printed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <winscard.h>

static int
state_is(SCARDCONTEXT ctx, const char *prefix, int want_present,
    DWORD timeout_ms)
{
	SCARD_READERSTATE st;
	char buf[4096], *r;
	DWORD len = sizeof buf;
	LONG rv;

	rv = SCardListReaders(ctx, NULL, buf, &len);
	if (rv != SCARD_S_SUCCESS)
		return 0;
	for (r = buf; r < buf + len && *r != '\0'; r += strlen(r) + 1) {
		if (strncmp(r, prefix, strlen(prefix)) != 0)
			continue;
		memset(&st, 0, sizeof st);
		st.szReader = r;
		st.dwCurrentState = SCARD_STATE_UNAWARE;
		if (SCardGetStatusChange(ctx, 0, &st, 1) != SCARD_S_SUCCESS)
			continue;
		if (((st.dwEventState & SCARD_STATE_PRESENT) != 0) ==
		    want_present) {
			if (!want_present ||
			    (st.dwEventState & SCARD_STATE_MUTE) == 0)
				return 1;
		}
		/* block until this reader's state changes, or the slice ends */
		st.dwCurrentState = st.dwEventState;
		(void)SCardGetStatusChange(ctx, timeout_ms, &st, 1);
		return 0;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	SCARDCONTEXT ctx;
	time_t end;
	LONG rv;
	int present;

	if (argc != 4 || (strcmp(argv[1], "present") != 0 &&
	    strcmp(argv[1], "absent") != 0)) {
		fprintf(stderr, "usage: pcsc-wait present|absent PREFIX "
		    "SECONDS\n");
		return 2;
	}
	present = strcmp(argv[1], "present") == 0;
	end = time(NULL) + atoi(argv[3]);
	for (;;) {
		rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
		if (rv == SCARD_S_SUCCESS) {
			int ok = state_is(ctx, argv[2], present, 500);
			SCardReleaseContext(ctx);
			if (ok)
				return 0;
		} else {
			struct timespec ts = { 0, 100 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
		if (time(NULL) > end) {
			fprintf(stderr, "pcsc-wait: no card %s in %s after %s "
			    "s\n", argv[1], argv[2], argv[3]);
			return 1;
		}
	}
}
