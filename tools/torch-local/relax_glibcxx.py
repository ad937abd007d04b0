#!/usr/bin/env python3
"""Lets TorchSharp's native shim load on a libstdc++ older than the one it was built with (GCC 13).

The shim needs GLIBCXX_3.4.32 for one symbol only, std::ios_base_library_init(), which GCC 13 emits to set up
iostreams. This script copies the shim, marks that version requirement weak (a missing weak version is not fatal
to the loader) and makes the symbol unversioned, so the tiny ios_init library preloaded beside it can supply it.
Used for local testing on Debian 12 only; nothing here ships.

usage: relax_glibcxx.py IN.so OUT.so
"""
import struct
import sys

VERSION = b"GLIBCXX_3.4.32"
VER_FLG_WEAK = 0x2


def sections(data):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    raw = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names_off = raw[shstrndx][4]
    out = {}
    for s in raw:
        name = data[names_off + s[0]:data.index(b"\0", names_off + s[0])].decode()
        out[name] = {"offset": s[4], "size": s[5], "link": s[6], "info": s[7], "entsize": s[9]}
    return out


def cstr(data, offset):
    return bytes(data[offset:data.index(b"\0", offset)])


def main(src, dst):
    data = bytearray(open(src, "rb").read())
    sec = sections(data)
    dynstr = sec[".dynstr"]["offset"]

    # Walk .gnu.version_r: find the vernaux for VERSION, make it weak, remember its index.
    wanted_index = None
    vr = sec[".gnu.version_r"]
    entry = vr["offset"]
    for _ in range(vr["info"]):
        _, cnt, _, aux_off, next_off = struct.unpack_from("<HHIII", data, entry)
        aux = entry + aux_off
        for _ in range(cnt):
            _, flags, other, name, aux_next = struct.unpack_from("<IHHII", data, aux)
            if cstr(data, dynstr + name) == VERSION:
                struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                wanted_index = other
            aux += aux_next
        if next_off == 0:
            break
        entry += next_off
    if wanted_index is None:
        sys.exit(f"{src} does not need {VERSION.decode()}; nothing to do")

    # Every symbol bound to that version becomes unversioned (index 1 = global).
    versym = sec[".gnu.version"]["offset"]
    count = sec[".dynsym"]["size"] // 24
    cleared = 0
    for i in range(count):
        if struct.unpack_from("<H", data, versym + 2 * i)[0] & 0x7FFF == wanted_index:
            struct.pack_into("<H", data, versym + 2 * i, 1)
            cleared += 1
    open(dst, "wb").write(data)
    print(f"{dst}: {VERSION.decode()} made weak, {cleared} symbol(s) unversioned")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
