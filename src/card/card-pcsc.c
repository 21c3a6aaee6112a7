/*
 * card-pcsc.c - the card transport through pcscd (pcsc-lite).
 *
 * kakanai talks to the PC/SC daemon on the machine it runs on: any CCID
 * reader pcscd sees (libccid) will do. It takes the first reader holding
 * a card (or the first whose name starts with $KAKANAI_CARD_READER),
 * connects exclusively so no other program sees the card while the PIN is
 * verified, and on close resets the card, so the verified state does not
 * outlive the read.
 *
 * Every pcsc-lite error a counter can meet is turned into one plain
 * Japanese sentence saying what to do: no pcscd, no reader, no card, the
 * card taken out, the reader held by another counter.
 */
#include <stdlib.h>
#include <string.h>

#include <winscard.h>

#include "card/card.h"
#include "util/util.h"

struct card_pcsc {
	SCARDCONTEXT ctx;
	SCARDHANDLE card;
	DWORD proto;
	char *reader;
};

static enum card_err
pcsc_error(LONG rv, const char *doing, char **cause)
{
	switch (rv) {
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
		*cause = xstrdup("カード読取のサービス(pcscd)が動いていません。"
		    "町の情報担当に連絡してください");
		return CARD_E_SERVICE;
	case SCARD_E_NO_READERS_AVAILABLE:
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_READER_UNAVAILABLE:
		*cause = xstrdup("カード読取機がつながっていません。"
		    "USBケーブルを確かめてください");
		return CARD_E_NO_READER;
	case SCARD_E_NO_SMARTCARD:
		*cause = xstrdup("カード読取機にカードが置かれていません");
		return CARD_E_NO_CARD;
	case SCARD_W_REMOVED_CARD:
	case SCARD_W_RESET_CARD:
		*cause = xstrdup("読み取りの途中でカードが取り出されました。"
		    "カードを置いたまま、もう一度読み取ってください");
		return CARD_E_REMOVED;
	case SCARD_E_SHARING_VIOLATION:
		*cause = xstrdup("カード読取機はほかの窓口かほかのプログラムが"
		    "使っています。終わるのを待ってから読み取ってください");
		return CARD_E_SHARING;
	case SCARD_W_UNRESPONSIVE_CARD:
	case SCARD_W_UNPOWERED_CARD:
	case SCARD_E_PROTO_MISMATCH:
		*cause = xstrdup("カードが応答しません。カードの向きと裏表を"
		    "確かめて置き直してください");
		return CARD_E_NOT_MYNA;
	default:
		*cause = xasprintf("カード読取機のエラーです(%s: %s)", doing,
		    pcsc_stringify_error(rv));
		return CARD_E_IO;
	}
}

/* The readers' names, as a list of NUL-terminated strings. */
static enum card_err
pcsc_readers(SCARDCONTEXT ctx, char **list, DWORD *len, char **cause)
{
	LONG rv;

	*list = NULL;
	if ((rv = SCardListReaders(ctx, NULL, NULL, len)) != SCARD_S_SUCCESS)
		return pcsc_error(rv, "SCardListReaders", cause);
	*list = xmalloc(*len + 1);
	if ((rv = SCardListReaders(ctx, NULL, *list, len)) !=
	    SCARD_S_SUCCESS) {
		free(*list);
		*list = NULL;
		return pcsc_error(rv, "SCardListReaders", cause);
	}
	(*list)[*len] = '\0';
	return CARD_OK;
}

/* Does the reader hold a card right now? */
static int
pcsc_present(SCARDCONTEXT ctx, const char *reader)
{
	SCARD_READERSTATE st;

	memset(&st, 0, sizeof st);
	st.szReader = reader;
	st.dwCurrentState = SCARD_STATE_UNAWARE;
	if (SCardGetStatusChange(ctx, 0, &st, 1) != SCARD_S_SUCCESS)
		return 0;
	return (st.dwEventState & SCARD_STATE_PRESENT) != 0;
}

enum card_err
card_pcsc_open(struct card_pcsc **out, char **cause)
{
	struct card_pcsc *p;
	const char *want = getenv("KAKANAI_CARD_READER"), *r, *pick = NULL;
	char *list = NULL;
	DWORD len = 0;
	LONG rv;
	enum card_err e;
	int any = 0;

	*out = NULL;
	p = xcalloc(1, sizeof *p);
	if ((rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL,
	    &p->ctx)) != SCARD_S_SUCCESS) {
		free(p);
		return pcsc_error(rv, "SCardEstablishContext", cause);
	}
	if ((e = pcsc_readers(p->ctx, &list, &len, cause)) != CARD_OK)
		goto fail;
	for (r = list; r < list + len && *r != '\0'; r += strlen(r) + 1) {
		if (want != NULL && *want != '\0' &&
		    strncmp(r, want, strlen(want)) != 0)
			continue;
		any = 1;
		if (pcsc_present(p->ctx, r)) {
			pick = r;
			break;
		}
	}
	if (!any) {
		e = pcsc_error(SCARD_E_NO_READERS_AVAILABLE, "", cause);
		goto fail;
	}
	if (pick == NULL) {
		e = pcsc_error(SCARD_E_NO_SMARTCARD, "", cause);
		goto fail;
	}
	p->reader = xstrdup(pick);
	rv = SCardConnect(p->ctx, p->reader, SCARD_SHARE_EXCLUSIVE,
	    SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &p->card, &p->proto);
	if (rv != SCARD_S_SUCCESS) {
		e = pcsc_error(rv, "SCardConnect", cause);
		goto fail;
	}
	free(list);
	*out = p;
	return CARD_OK;
fail:
	free(list);
	SCardReleaseContext(p->ctx);
	free(p->reader);
	free(p);
	return e;
}

static enum card_err
pcsc_transmit(void *ctx, const uint8_t *apdu, size_t len, uint8_t *resp,
    size_t *resplen, char **cause)
{
	struct card_pcsc *p = ctx;
	const SCARD_IO_REQUEST *pci = p->proto == SCARD_PROTOCOL_T0 ?
	    SCARD_PCI_T0 : SCARD_PCI_T1;
	uint8_t getresp[5] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
	DWORD n = (DWORD)*resplen;
	LONG rv;

	rv = SCardTransmit(p->card, pci, apdu, (DWORD)len, NULL, resp, &n);
	/* during the read, "no card" means it was taken out */
	if (rv == SCARD_E_NO_SMARTCARD)
		rv = SCARD_W_REMOVED_CARD;
	if (rv != SCARD_S_SUCCESS)
		return pcsc_error(rv, "SCardTransmit", cause);
	/* No status word at all: the card went away between pcscd's
	 * polls (a virtual reader answers so). Ask pcscd, which notices
	 * within its polling period, rather than guess. */
	if (n < 2) {
		SCARD_READERSTATE st;
		memset(&st, 0, sizeof st);
		st.szReader = p->reader;
		st.dwCurrentState = SCARD_STATE_PRESENT;
		(void)SCardGetStatusChange(p->ctx, 3000, &st, 1);
		if ((st.dwEventState & SCARD_STATE_PRESENT) == 0)
			return pcsc_error(SCARD_W_REMOVED_CARD, "", cause);
		*cause = xstrdup("カードが応答しません。カードを置き直して、"
		    "もう一度読み取ってください");
		return CARD_E_IO;
	}
	/* T=0: "61 xx, more data": fetch it with GET RESPONSE */
	if (n == 2 && resp[0] == 0x61) {
		getresp[4] = resp[1];
		n = (DWORD)*resplen;
		rv = SCardTransmit(p->card, pci, getresp, sizeof getresp, NULL,
		    resp, &n);
		if (rv != SCARD_S_SUCCESS)
			return pcsc_error(rv, "SCardTransmit", cause);
	}
	*resplen = n;
	return CARD_OK;
}

struct card_transport
card_pcsc_transport(struct card_pcsc *p)
{
	struct card_transport t = { p, pcsc_transmit };

	return t;
}

void
card_pcsc_close(struct card_pcsc *p)
{
	if (p == NULL)
		return;
	/* reset: the PIN verified for this read does not stay open */
	SCardDisconnect(p->card, SCARD_RESET_CARD);
	SCardReleaseContext(p->ctx);
	free(p->reader);
	free(p);
}
