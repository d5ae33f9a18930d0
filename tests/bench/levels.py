#!/usr/bin/env python3
"""levels.py BOOK.epub: deflate every text document of BOOK at each
zlib level, one document at a time as sheaf does, and print the size
and CPU time of each level: the measurement behind SPOOL_LEVEL."""
import sys, time, zlib, zipfile

with zipfile.ZipFile(sys.argv[1]) as z:
    docs = [z.read(n) for n in z.namelist() if n.endswith(".xhtml")]
total = sum(map(len, docs))
print("| deflate level | text deflated | of the text | CPU ms | MB/s |")
print("|---:|---:|---:|---:|---:|")
for level in range(1, 10):
    best = None
    for _ in range(3):
        t = time.process_time()
        size = 0
        for d in docs:
            c = zlib.compressobj(level, zlib.DEFLATED, -15)
            size += len(c.compress(d) + c.flush())
        dt = time.process_time() - t
        best = dt if best is None or dt < best else best
    print("| %d | %.2f MB | %.1f %% | %.0f | %.0f |" % (
        level, size / 1e6, 100.0 * size / total, best * 1000, total / best / 1e6))
