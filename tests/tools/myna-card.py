#!/usr/bin/python3
"""myna-card.py - a My Number card emulator for the end-to-end tests.

It speaks vsmartcard-vpcd's socket protocol directly (pcscd's virtual
reader driver listens on TCP port 35963; each message is a 2-byte
big-endian length, then the bytes; a 1-byte message is a control: 0 power
off, 1 power on, 2 reset, 4 get ATR) and implements the 券面事項入力補助AP
as the card does:

  SELECT by DF name (the AP), SELECT EF 0001 0002 0003 0011 0015,
  VERIFY without data (tries left, 63 Cn), VERIFY with the PIN (EF 0011,
  4 digits, 3 tries, locked at 0: 69 83) or 照合番号B (EF 0015, 14 digits,
  its own tries), READ BINARY (EF 0001 needs the PIN; EF 0002 the PIN or
  照合番号B; offsets in P1-P2, Le 00 = 256, 62 82 at the end of the file).

The security state is cleared on power off and reset; the tries are kept,
as on a real card, for as long as the emulator runs.

  myna-card.py --card NAME [--port N] [--ready FILE] [--log FILE]
               [--tries N] [--remove-after N]

NAME: vector (the public test vector), long-address, yoshi (𠮷 in the
name), latin (a foreign resident's name), bad-digest (EF 0003 does not
match EF 0002), not-myna (no 券面事項入力補助AP).
--ready FILE is written once pcscd has asked for the ATR (it sees the
card). --log FILE gets one line per APDU: its INS and whether it carried
data (never the data). --remove-after N drops the connection after N
APDUs, as a card taken out of the reader.
"""
import argparse
import hashlib
import os
import socket
import struct
import sys
import time

AID = bytes.fromhex("D3921000310001010408")
PIN = b"1234"
PIN_B = b"80021727011234"   # 800217 + 2701 + 1234
ATR_BODY = bytes([0x88, 0x80, 0x01]) + b"KAKANAI1"


def atr():
    tck = 0
    for b in ATR_BODY:
        tck ^= b
    return bytes([0x3B]) + ATR_BODY + bytes([tck])


def tlv(tag, value):
    n = len(value)
    if n < 0x80:
        ln = bytes([n])
    elif n < 0x100:
        ln = bytes([0x81, n])
    else:
        ln = bytes([0x82, n >> 8, n & 0xFF])
    return tag + ln + value


def ef0002(name, address, birth, sex):
    fields = [tlv(b"\xDF\x22", name.encode()), tlv(b"\xDF\x23",
              address.encode()), tlv(b"\xDF\x24", birth.encode()),
              tlv(b"\xDF\x25", sex.encode())]
    inner_len = 11 + sum(len(f) for f in fields)
    head = len(tlv(b"\xFF\x20", bytes(inner_len))) - inner_len
    offs, pos = b"", head + 11
    for f in fields:
        offs += struct.pack(">H", pos)
        pos += len(f)
    inner = tlv(b"\xDF\x21", offs) + b"".join(fields)
    return tlv(b"\xFF\x20", inner) + b"\xFF" * 16


def ef0003(ef1, ef2, bad=False):
    # DF32 covers EF 0002 from DF22 to the end of FF20's value
    hl = 3 if ef2[2] < 0x80 else 3 + (ef2[2] & 0x7F)
    total = ef2[2] if ef2[2] < 0x80 else int.from_bytes(
        ef2[3:3 + (ef2[2] & 0x7F)], "big")
    d32 = hashlib.sha256(ef2[hl + 11:hl + total]).digest()
    if bad:
        d32 = bytes([d32[0] ^ 1]) + d32[1:]
    body = tlv(b"\xDF\x31", hashlib.sha256(ef1).digest()) + \
        tlv(b"\xDF\x32", d32) + tlv(b"\xDF\x33", b"\x5A" * 256)
    return tlv(b"\xFF\x30", body)


CARDS = {
    "vector": ("537686677188", "黒桐\u3000幹也",
               "東京都清瀬市観布子南１２－７－２０２", "19800217", "1"),
    "long-address": ("537686677188", "勘解由小路\u3000左衛門三郎太",
                     "東京都西多摩郡日の出町大久野７８９０番地１２３"
                     "\u3000都営日の出ニュータウン大久野第二住宅ＡＢＣ棟"
                     "一二三四五六七八九十号室東側入口", "19550707", "2"),
    "yoshi": ("537686677188", "𠮷田\u3000太郎",
              "東京都西多摩郡日の出町平井２７８０", "20000229", "1"),
    "latin": ("537686677188", "NGUYEN VAN AN",
              "群馬県太田市飯田町１５４８", "19990821", "1"),
    "bad-digest": ("537686677188", "黒桐\u3000幹也",
                   "東京都清瀬市観布子南１２－７－２０２", "19800217", "1"),
    "not-myna": ("537686677188", "x", "x", "19800217", "1"),
}


class Card:
    def __init__(self, name, tries):
        num, nm, addr, birth, sex = CARDS[name]
        self.myna = name != "not-myna"
        self.ef = {1: b"\xFF\x10\x0C" + num.encode() + b"\xFF",
                   2: ef0002(nm, addr, birth, sex)}
        self.ef[3] = ef0003(self.ef[1], self.ef[2], name == "bad-digest")
        self.tries = {0x11: tries, 0x15: 10}
        self.reset()

    def reset(self):
        self.ap = False
        self.sel = None
        self.ok = set()

    def apdu(self, a):
        if len(a) < 4:
            return b"\x67\x00", "short"
        ins, p1, p2 = a[1], a[2], a[3]
        data = a[5:5 + a[4]] if len(a) > 5 else b""
        if ins == 0xA4 and p1 == 0x04:
            if self.myna and data == AID:
                self.ap, self.sel, self.ok = True, None, set()
                return b"\x90\x00", "SELECT-AP"
            return b"\x6A\x82", "SELECT-AP"
        if ins == 0xA4 and p1 == 0x02:
            fid = int.from_bytes(data, "big") if len(data) == 2 else -1
            if not self.ap or fid not in (1, 2, 3, 0x11, 0x15):
                return b"\x6A\x82", "SELECT-EF"
            self.sel = fid
            return b"\x90\x00", "SELECT-EF %04X" % fid
        if ins == 0x20:
            if self.sel not in (0x11, 0x15):
                return b"\x69\x86", "VERIFY"
            left = self.tries[self.sel]
            if not data:
                return (bytes([0x63, 0xC0 | left]) if left else
                        b"\x69\x83"), "VERIFY-NODATA"
            if left == 0:
                return b"\x69\x83", "VERIFY-DATA"
            want = PIN if self.sel == 0x11 else PIN_B
            if data == want:
                self.tries[self.sel] = 3 if self.sel == 0x11 else 10
                self.ok.add(self.sel)
                return b"\x90\x00", "VERIFY-DATA"
            self.tries[self.sel] = left - 1
            return bytes([0x63, 0xC0 | (left - 1)]), "VERIFY-DATA"
        if ins == 0xB0:
            f = self.sel
            if f not in (1, 2, 3):
                return b"\x69\x86", "READ"
            if (f == 1 and 0x11 not in self.ok) or \
               (f == 2 and not self.ok):
                return b"\x69\x82", "READ %04X" % f
            off = p1 << 8 | p2
            le = a[4] if len(a) == 5 and a[4] else 256
            body = self.ef[f]
            if off >= len(body):
                return b"\x6B\x00", "READ %04X" % f
            chunk = body[off:off + le]
            sw = b"\x62\x82" if len(chunk) < le and a[4] else b"\x90\x00"
            return chunk + sw, "READ %04X" % f
        return b"\x6D\x00", "INS %02X" % ins


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        part = s.recv(n - len(buf))
        if not part:
            raise EOFError
        buf += part
    return buf


def connect(port, limit=60.0):
    """Connect to vpcd, retrying while pcscd is starting (a wait for the
    port to be open, with a generous limit)."""
    end = time.monotonic() + limit
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port))
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--card", default="vector", choices=sorted(CARDS))
    ap.add_argument("--port", type=int, default=35963)
    ap.add_argument("--ready")
    ap.add_argument("--log")
    ap.add_argument("--tries", type=int, default=3)
    ap.add_argument("--remove-after", type=int, default=-1)
    o = ap.parse_args()
    card = Card(o.card, o.tries)
    log = open(o.log, "a", buffering=1) if o.log else None
    s = connect(o.port)
    napdu = 0
    try:
        while True:
            (n,) = struct.unpack(">H", recv_exact(s, 2))
            msg = recv_exact(s, n)
            if n == 1:
                if msg[0] in (0, 1, 2):
                    card.reset()
                elif msg[0] == 4:
                    a = atr()
                    s.sendall(struct.pack(">H", len(a)) + a)
                    if o.ready and not os.path.exists(o.ready):
                        with open(o.ready + ".tmp", "w") as f:
                            f.write("ready\n")
                        os.rename(o.ready + ".tmp", o.ready)
                continue
            napdu += 1
            if o.remove_after >= 0 and napdu > o.remove_after:
                s.close()
                if log:
                    log.write("REMOVED\n")
                return 0
            resp, what = card.apdu(msg)
            if log:
                log.write("%s %02X%02X\n" % (what, resp[-2], resp[-1]))
            s.sendall(struct.pack(">H", len(resp)) + resp)
    except (EOFError, ConnectionError):
        return 0


if __name__ == "__main__":
    sys.exit(main())
