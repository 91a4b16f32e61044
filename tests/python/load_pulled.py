"""Load every label of a `padi pull --format parquet` directory with Hugging Face `datasets`.

Usage: python3 tests/python/load_pulled.py <pulled-dir>
The dataset card of a pulled directory still lists a config for every label of the version;
this checks that each pulled label loads with the manifest's row count even though the other
labels' files are absent. Fails (non-zero) otherwise.
"""

import json
import sys
from pathlib import Path

import datasets


def main() -> int:
    dest = Path(sys.argv[1])
    pulled = json.loads((dest / "pull.json").read_text())
    manifest = json.loads((dest / "manifest.json").read_text())
    if pulled["format"] != "parquet":
        print(f"{dest}: pulled as {pulled['format']}, not parquet")
        return 1
    failures = 0
    for label in pulled["labels"]:
        ds = datasets.load_dataset(str(dest), label, split="train")
        expected = manifest["languages"][label]["documents"]
        if ds.num_rows != expected:
            print(f"{label}: {ds.num_rows} rows, manifest says {expected}")
            failures += 1
            continue
        print(f"{label}: {ds.num_rows} rows ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
