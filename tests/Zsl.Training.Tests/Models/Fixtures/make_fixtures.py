"""Writes the NumPy fixtures of the ZSL model tests with NumPy itself (Debian's python3-numpy 1.24):
    /usr/bin/python3 make_fixtures.py
The values are simple formulas so that the C# tests can recompute them."""
import numpy as np

rows, cols = 7, 5
values = np.array([[r * 10 + c + 0.25 for c in range(cols)] for r in range(rows)])

np.save("f4.npy", values.astype("<f4"))                       # version 1.0 header, float32
np.save("f8.npy", values.astype("<f8"))                       # float64
np.save("vector-f8.npy", values[:, 0].astype("<f8"))          # one-dimensional
np.save("fortran.npy", np.asfortranarray(values.astype("<f4")))  # rejected: Fortran order
np.save("big-endian.npy", values.astype(">f4"))               # rejected: big-endian
np.save("int64.npy", np.arange(6, dtype="<i8"))               # rejected: integers
with open("v2.npy", "wb") as f:                               # version 2.0 header (4-byte header length)
    np.lib.format.write_array(f, values.astype("<f4"), version=(2, 0))
with open("f4.npy", "rb") as f:
    data = f.read()
with open("truncated.npy", "wb") as f:                        # rejected: data ends early
    f.write(data[: len(data) - 7])

wnids = np.array(["n02084071", "n02121808", "n01503061", "n02084071", "n02121808", "n01503061", "n02084071"])
ids = np.array([f"img{i:03d}" for i in range(rows)])
np.savez("features-stored.npz", features=values.astype("<f4"), wnids=wnids, image_ids=ids)
np.savez_compressed("features-deflated.npz", features=values.astype("<f8"), wnids=wnids)
np.savez("no-wnids.npz", features=values.astype("<f4"))       # rejected: labels missing
