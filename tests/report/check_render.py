"""Checks a headless-Chromium rendering of an fwlint HTML report.

usage: check_render.py SCREENSHOT.png DOM.html [--suppressed]
The PNG must not be blank (many pixels away from the background colour, a
handful of distinct colours: text, tables, the chart) and the DOM must hold
the summary. With --suppressed the report has suppressed findings: the chart
must show their segment (its purple, #8250df, drawn on the page) and say how many. Only the standard library: PNG decoding is zlib plus the five
scanline filters of the PNG specification.
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat = 8, b""
    width = height = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if filt == 1:
                line[i] = (line[i] + a) & 0xFF
            elif filt == 2:
                line[i] = (line[i] + b) & 0xFF
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


SUPPRESSED_FILL = bytes((0x82, 0x50, 0xDF))


def main():
    png, dom_path = sys.argv[1], sys.argv[2]
    suppressed = "--suppressed" in sys.argv[3:]
    width, height, channels, rows = read_png(png)
    background = rows[0][:3]
    colours, inked, total = set(), 0, 0
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            px = row[x:x + 3]
            total += 1
            colours.add(px)
            if px != background:
                inked += 1
    share = inked / max(total, 1)
    print(f"{png}: {width}x{height}, {len(colours)} colours sampled, {share:.1%} of the sampled pixels not background")
    ok = True
    if len(colours) < 8 or share < 0.01:
        print("FAIL: the page looks blank")
        ok = False
    with open(dom_path, encoding="utf-8", errors="replace") as f:
        dom = f.read()
    for needle in ('<section id="summary">', "requirement checks satisfied", "<svg", 'id="verdict-counts"'):
        if needle not in dom:
            print(f"FAIL: the rendered DOM has no {needle!r}")
            ok = False
    if suppressed:
        # Every pixel, not the sample: the segment may be narrow.
        purple = sum(row.count(SUPPRESSED_FILL) for row in rows)
        print(f"{purple} pixels of the suppressed segment's colour")
        if purple < 50:
            print("FAIL: the chart shows no suppressed segment")
            ok = False
        if "<title>suppressed: " not in dom:
            print("FAIL: the chart in the DOM has no suppressed segment")
            ok = False
    if "<script" in dom:
        print("FAIL: the rendered DOM holds a <script> element")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
