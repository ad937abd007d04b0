#!/usr/bin/env python3
"""Writes the bad and huge image files of the reliability attack set (standard library only).

usage: make_files.py KIND PATH [ARGS...]
  png WIDTH HEIGHT [SEED] a flat-colour RGB PNG, streamed (a 100-megapixel one is a few hundred KB); SEED picks
                          the colour, so files differ (identical files would come from the bottleneck cache)
  jpeg WIDTH HEIGHT       a flat-colour grayscale baseline JPEG (DC-only blocks: 20000x20000 is about 2.3 MB)
  lying-png WIDTH HEIGHT  a PNG header claiming WIDTH x HEIGHT with no pixel data (about 70 bytes)
  lying-jpeg SOURCE W H   a copy of the JPEG SOURCE whose frame header claims W x H
  cut SOURCE FRACTION     the first FRACTION of SOURCE
  cut-eoi SOURCE FRACTION the first FRACTION of SOURCE, closed with an end-of-image marker
  socket                  a Unix domain socket bound at PATH (left behind when this exits)
"""
import socket
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(path, width, height, seed=0):
    row = b"\x00" + bytes((40 + 50 * seed % 200, 160, 90)) * width
    compressor = zlib.compressobj(9)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        data = bytearray()
        for _ in range(height):
            data += compressor.compress(row)
        data += compressor.flush()
        out.write(chunk(b"IDAT", bytes(data)) + chunk(b"IEND", b""))


def lying_png(path, width, height):
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IEND", b""))


def jpeg(path, width, height):
    # One component, quantisation all 1s, DC table {category 0: '00', category 10: '01'}, AC table {EOB: '0'}.
    # The first block's DC is 576 (grey level 128 + 576/8 = 200), every later block repeats it (difference 0) with
    # no AC coefficient: '00' + '0' = three zero bits per block.
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    bits = 13 + 3 * (blocks - 1)
    data = bytearray((bits + 7) // 8)
    data[0] = 0x64  # '01' '1001000000' '0' = 0110010000000...
    if bits % 8:
        data[-1] |= (1 << (8 - bits % 8)) - 1  # pad with one bits
    header = b"\xff\xd8"
    header += b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + b"\x01" * 64
    header += b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    dc_counts = bytes([0, 2] + [0] * 14)
    header += b"\xff\xc4" + struct.pack(">H", 2 + 1 + 16 + 2) + b"\x00" + dc_counts + bytes([0, 10])
    ac_counts = bytes([1] + [0] * 15)
    header += b"\xff\xc4" + struct.pack(">H", 2 + 1 + 16 + 1) + b"\x10" + ac_counts + bytes([0])
    header += b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00"
    with open(path, "wb") as out:
        out.write(header + bytes(data) + b"\xff\xd9")


def lying_jpeg(path, source, width, height):
    data = bytearray(open(source, "rb").read())
    sof = next(i for i in range(2, len(data) - 1) if data[i] == 0xFF and data[i + 1] in (0xC0, 0xC1, 0xC2))
    struct.pack_into(">HH", data, sof + 5, height, width)
    open(path, "wb").write(data)


def cut(path, source, fraction, end_marker):
    data = open(source, "rb").read()
    data = data[: int(len(data) * fraction)]
    open(path, "wb").write(data + (b"\xff\xd9" if end_marker else b""))


def main(argv):
    kind, path, args = argv[1], argv[2], argv[3:]
    if kind == "png":
        png(path, int(args[0]), int(args[1]), int(args[2]) if len(args) > 2 else 0)
    elif kind == "jpeg":
        jpeg(path, int(args[0]), int(args[1]))
    elif kind == "lying-png":
        lying_png(path, int(args[0]), int(args[1]))
    elif kind == "lying-jpeg":
        lying_jpeg(path, args[0], int(args[1]), int(args[2]))
    elif kind in ("cut", "cut-eoi"):
        cut(path, args[0], float(args[1]), kind == "cut-eoi")
    elif kind == "socket":
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).bind(path)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
