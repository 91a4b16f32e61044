"""Load every language config of a padi dataset version with Hugging Face `datasets`.

Usage: python3 tests/python/load_parquet.py <dataset-version-dir>
Fails (non-zero) if a config named in the dataset card does not load or its row count
differs from manifest.json.
"""

import json
import sys
from pathlib import Path

import datasets


def main() -> int:
    version_dir = Path(sys.argv[1])
    manifest = json.loads((version_dir / "manifest.json").read_text())
    failures = 0
    for label, totals in manifest["languages"].items():
        ds = datasets.load_dataset(str(version_dir), label, split="train")
        if ds.num_rows != totals["documents"]:
            print(f"{label}: {ds.num_rows} rows, manifest says {totals['documents']}")
            failures += 1
            continue
        missing = {"id", "text", "lang", "source", "added", "metadata"} - set(ds.column_names)
        if missing:
            print(f"{label}: missing columns {sorted(missing)}")
            failures += 1
            continue
        json.loads(ds[0]["source"])
        print(f"{label}: {ds.num_rows} rows ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
