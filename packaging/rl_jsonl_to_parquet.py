#!/usr/bin/env python3
"""Turn our RL export (DIR/rl/tasks.jsonl from `medsam-agent db export --format rl`) into the parquet file the
published MedSAM-Agent verl recipe reads (RL-verl/recipe/medsam_agent/medsam_dataset.py).

Each JSONL row already has the recipe's columns (docs/storage.md, "RL row"):

  data_source    "medsam_agent" (verl's reward manager selects the reward function by it)
  prompt         [system message, first user turn "<image>The target to be segmented is: ..."]
  images         [{"path": "images/ID.png"}]            -> [{"bytes": <PNG bytes>}]
  reward_model   {"style": "rule", "ground_truth": {"path": "masks/ID.png"}}
                                                        -> {"style": "rule", "ground_truth": {"bytes": ...}}
  extra_info     {"target_description": ..., "id": ..., "label", "session", "width", "height"}

This script only replaces every {"path": P} (relative to the JSONL's folder) by {"bytes": contents of P} and
writes the rows with pandas + pyarrow. Run it where those exist (they are not part of this project's build):

  python3 packaging/rl_jsonl_to_parquet.py EXPORT/rl/tasks.jsonl train.parquet

`--check` validates the rows and the files they name without pandas/pyarrow and writes nothing; it prints
the number of rows and exits 1 naming the first problem.
"""

import argparse
import json
import os
import sys

COLUMNS = ("data_source", "prompt", "images", "reward_model", "extra_info")


class RowError(Exception):
    pass


def _file_ref(value, where):
    if not isinstance(value, dict) or set(value) != {"path"} or not isinstance(value["path"], str):
        raise RowError(f"{where} must be {{\"path\": \"...\"}}, got {value!r}")
    return value["path"]


def check_row(row, base):
    """Raises RowError unless `row` has exactly the recipe's columns and every file it names exists."""
    if not isinstance(row, dict) or set(row) != set(COLUMNS):
        got = sorted(row) if isinstance(row, dict) else type(row).__name__
        raise RowError(f"columns must be {sorted(COLUMNS)}, got {got}")
    prompt = row["prompt"]
    if (not isinstance(prompt, list) or len(prompt) != 2 or prompt[0].get("role") != "system"
            or prompt[1].get("role") != "user" or "<image>" not in prompt[1].get("content", "")):
        raise RowError("prompt must be [system, user with <image>]")
    images = row["images"]
    if not isinstance(images, list) or len(images) != 1:
        raise RowError("images must hold one image")
    paths = [_file_ref(images[0], "images[0]")]
    reward = row["reward_model"]
    if not isinstance(reward, dict) or "ground_truth" not in reward:
        raise RowError("reward_model must hold ground_truth")
    paths.append(_file_ref(reward["ground_truth"], "reward_model.ground_truth"))
    extra = row["extra_info"]
    if not isinstance(extra, dict) or not isinstance(extra.get("target_description"), str) or "id" not in extra:
        raise RowError("extra_info must hold a string target_description and an id")
    for p in paths:
        if not os.path.isfile(os.path.join(base, p)):
            raise RowError(f"file {p} (relative to {base}) does not exist")
    return row


def with_bytes(row, base):
    """The row with each {"path"} replaced by {"bytes"}, as the recipe's parquet holds them."""
    def load(ref):
        with open(os.path.join(base, ref["path"]), "rb") as f:
            return {"bytes": f.read()}

    out = dict(row)
    out["images"] = [load(i) for i in row["images"]]
    out["reward_model"] = dict(row["reward_model"], ground_truth=load(row["reward_model"]["ground_truth"]))
    return out


def read_rows(jsonl):
    base = os.path.dirname(os.path.abspath(jsonl))
    rows = []
    with open(jsonl, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(check_row(json.loads(line), base))
            except (RowError, json.JSONDecodeError) as e:
                raise RowError(f"{jsonl}:{n}: {e}") from e
    return rows, base


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("jsonl", help="rl/tasks.jsonl of an export")
    p.add_argument("parquet", nargs="?", help="output .parquet (not with --check)")
    p.add_argument("--check", action="store_true", help="validate only; needs no pandas/pyarrow")
    args = p.parse_args()
    try:
        rows, base = read_rows(args.jsonl)
    except (RowError, OSError) as e:
        print(f"rl_jsonl_to_parquet: {e}", file=sys.stderr)
        return 1
    if args.check:
        print(f"{len(rows)} rows ok")
        return 0
    if not args.parquet:
        p.error("give the output .parquet (or --check)")
    import pandas as pd  # only here: --check runs without them

    pd.DataFrame([with_bytes(r, base) for r in rows], columns=list(COLUMNS)).to_parquet(args.parquet, index=False)
    print(f"wrote {len(rows)} rows to {args.parquet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
