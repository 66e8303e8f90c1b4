"""The image shared links show (og:image): the site's mark, a white cross on the brand's
blue, 1200 × 630 as social sites want, drawn here as a PNG with the standard library (no
image library, no third-party service) once per process."""

import functools
import struct
import zlib

WIDTH, HEIGHT = 1200, 630
BLUE, WHITE = bytes((0x0B, 0x5C, 0xAD)), bytes((0xFF, 0xFF, 0xFF))
ARM, REACH = 70, 210  # half the cross's arm width, and half its length


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


@functools.cache
def png() -> bytes:
    """The image's bytes (8-bit RGB)."""
    cx, cy = WIDTH // 2, HEIGHT // 2
    plain = BLUE * WIDTH
    bar = BLUE * (cx - REACH) + WHITE * (2 * REACH) + BLUE * (WIDTH - cx - REACH)
    post = BLUE * (cx - ARM) + WHITE * (2 * ARM) + BLUE * (WIDTH - cx - ARM)
    rows = []
    for y in range(HEIGHT):
        if abs(y - cy) < ARM:
            row = bar
        elif abs(y - cy) < REACH:
            row = post
        else:
            row = plain
        rows.append(b"\x00" + row)  # filter type 0 for each row
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
