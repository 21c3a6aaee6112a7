#!/usr/bin/env python3
# make-ttf-seed.py SUBSET.ttf OUT.ttf - a fuzz seed for fuzz-ttf: takes a subset written by
# ttf_subset (format-4 cmap only) and adds what the subsetter never writes - a cmap with
# formats 4, 12 (𠮷 U+20BB7) and 14 (default and non-default variation sequences), long
# loca, and two composite glyphs (one of a composite) - so the fuzzer starts from every
# path of src/font/ttf.c. Seeds: tests/fuzz/corpus/ttf/synthetic-*.ttf.
import struct, sys
src = open(sys.argv[1], 'rb').read()
num = struct.unpack('>H', src[4:6])[0]
tables = {}
for i in range(num):
    tag, cs, off, ln = struct.unpack('>4sIII', src[12+16*i:28+16*i])
    tables[tag.decode()] = bytearray(src[off:off+ln])
head = tables['head']; maxp = tables['maxp']; hhea = tables['hhea']
ng = struct.unpack('>H', maxp[4:6])[0]
locfmt = struct.unpack('>h', head[50:52])[0]
loca = tables['loca']
if locfmt == 0:
    offs = [2*struct.unpack('>H', loca[2*i:2*i+2])[0] for i in range(ng+1)]
else:
    offs = [struct.unpack('>I', loca[4*i:4*i+4])[0] for i in range(ng+1)]
glyf = tables['glyf']
# pick the first non-empty simple glyph
base = next(i for i in range(1, ng) if offs[i+1] > offs[i])
bbox = glyf[offs[base]+2:offs[base]+10]
def pad(b):
    return b + b'\0' * ((-len(b)) % 4)
comp = struct.pack('>h', -1) + bbox + struct.pack('>HHhh', 0x1|0x2|0x20, base, 10, -20) + struct.pack('>HHhhh', 0x1|0x2|0x8, base, 100, 0, 0x2000)
comp2 = struct.pack('>h', -1) + bbox + struct.pack('>HHbb', 0x2, ng, 5, 5)   # composite of a composite, byte args
glyf = bytearray(glyf[:offs[ng]])
offs2 = offs[:]
for g in (comp, comp2):
    glyf += pad(g); offs2.append(len(glyf))
ng2 = ng + 2
loca = b''.join(struct.pack('>I', o) for o in offs2)
head[50:52] = struct.pack('>h', 1)
head[8:12] = b'\0\0\0\0'
maxp[4:6] = struct.pack('>H', ng2)
tables['hmtx'] = tables['hmtx'] + struct.pack('>hh', 7, 8)
tables['glyf'] = glyf; tables['loca'] = bytearray(loca)
# cmap: 4, 12, 14
bmp = {0x41: 1, 0x5C71: 2, 0x845B: ng, 0x7530: ng+1}
segs = sorted(bmp.items()) + [(0xFFFF, 0)]
n = len(segs)
f4 = b''
ends = b''.join(struct.pack('>H', c) for c, g in segs)
starts = b''.join(struct.pack('>H', c) for c, g in segs)
deltas = b''.join(struct.pack('>H', (g - c) & 0xFFFF if c != 0xFFFF else 1) for c, g in segs)
ros = b'\0\0' * n
body = struct.pack('>HHHH', 2*n, 2*(2**(n.bit_length()-1)), n.bit_length()-1, 2*n - 2*(2**(n.bit_length()-1))) + ends + b'\0\0' + starts + deltas + ros
f4 = struct.pack('>HHH', 4, 6 + len(body), 0) + body
groups = sorted([(0x41, 0x41, 1), (0x5C71, 0x5C71, 2), (0x20BB7, 0x20BB8, ng), (0x845B, 0x845B, ng)])
f12 = struct.pack('>HHIII', 12, 0, 16 + 12*len(groups), 0, len(groups)) + b''.join(struct.pack('>III', *g) for g in groups)
def u24(v): return struct.pack('>I', v)[1:]
# format 14: FE00 default {845B}, E0100 non-default 845B->ng+1, E0102 default range 5C71..5C72
recs = []
dflt1 = struct.pack('>I', 1) + u24(0x845B) + b'\0'
nond = struct.pack('>I', 2) + u24(0x845B) + struct.pack('>H', ng+1) + u24(0x20BB7) + struct.pack('>H', 2)
dflt2 = struct.pack('>I', 1) + u24(0x5C71) + b'\1'
nrec = 3
hdr_len = 10 + 11*nrec
o1 = hdr_len; o2 = o1 + len(dflt1); o3 = o2 + len(nond)
recb = u24(0xFE00) + struct.pack('>II', o1, 0) + u24(0xE0100) + struct.pack('>II', 0, o2) + u24(0xE0102) + struct.pack('>II', o3, 0)
total = hdr_len + len(dflt1) + len(nond) + len(dflt2)
f14 = struct.pack('>HII', 14, total, nrec) + recb + dflt1 + nond + dflt2
sub = [(0, 5, f14), (3, 1, f4), (3, 10, f12)]
sub.sort(key=lambda s: (s[0], s[1]))
off = 4 + 8*len(sub)
hdr = struct.pack('>HH', 0, len(sub)); data = b''
for p, e, b in sub:
    hdr += struct.pack('>HHI', p, e, off + len(data)); data += b
tables['cmap'] = bytearray(hdr + data)
def csum(b):
    b = pad(bytes(b)); return sum(struct.unpack('>%dI' % (len(b)//4), b)) & 0xFFFFFFFF
tags = sorted(tables)
out = struct.pack('>IHHHH', 0x00010000, len(tags), 16*2**(len(tags).bit_length()-1), len(tags).bit_length()-1, 16*len(tags) - 16*2**(len(tags).bit_length()-1))
off = 12 + 16*len(tags); recs = b''; body = b''
for t in tags:
    b = bytes(tables[t])
    recs += struct.pack('>4sIII', t.encode(), csum(b), off + len(body), len(b))
    body += pad(b)
open(sys.argv[2], 'wb').write(out + recs + body)
print(sys.argv[2], len(out+recs+body), 'glyphs', ng2, sorted(tables))
