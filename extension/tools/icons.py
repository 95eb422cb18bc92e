"""Draws Trichome's toolbar icons (a stalked gland, the plant hair the project is named after) as PNGs.

Run once when the design changes: python3 extension/tools/icons.py. Uses only the standard library.
"""
import struct
import zlib
from pathlib import Path


def png(size):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            u, v = (x + 0.5) / size, (y + 0.5) / size
            head = (u - 0.5) ** 2 + (v - 0.32) ** 2 < 0.2 ** 2
            stalk = abs(u - 0.5) < 0.07 and 0.4 < v < 0.92
            base = abs(v - 0.9) < 0.05 and abs(u - 0.5) < 0.3
            if head:
                row += bytes((196, 18, 31, 255))
            elif stalk or base:
                row += bytes((46, 125, 50, 255))
            else:
                row += bytes((0, 0, 0, 0))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "icons"
    out.mkdir(exist_ok=True)
    for size in (16, 32, 48, 128):
        (out / f"icon-{size}.png").write_bytes(png(size))
