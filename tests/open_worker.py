"""A Sewaka process that opens data folders when told to (``tests/test_open_races.py``).

``python tests/open_worker.py NAME ROUND_DIR...``: imports everything first and writes
``ready-NAME`` in the first round's folder's parent; then, for each round folder in turn,
waits until ``go`` appears in it (then a random moment up to the number of seconds written
in it, to stagger the starts), opens the workspace of ``ROUND_DIR/home`` exactly as
Sewaka starts (``open_workspace``), and writes ``result-NAME.json`` there (the backup it
took, or the problem it met). Waiting on a file makes every worker start its open at
the same moment, which is what the race needs.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from desktop.services.workspace import DatabaseProblem, open_workspace


def main(name: str, rounds: list[Path]) -> None:
    (rounds[0].parent / f"ready-{name}").touch()
    for folder in rounds:
        go = folder / "go"
        deadline = time.monotonic() + 60
        while not go.exists():
            if time.monotonic() > deadline:
                raise SystemExit(f"no go for {folder}")
            time.sleep(0.001)
        time.sleep(random.uniform(0, float(go.read_text() or 0)))
        result: dict[str, object] = {}
        try:
            workspace = open_workspace(folder / "home", actor="uji")
        except DatabaseProblem as problem:
            result["problem"] = problem.kind.value
        except Exception as exc:  # reported, so the test can say what went wrong
            result["error"] = f"{type(exc).__name__}: {exc}"
        else:
            result["backup"] = str(workspace.backup) if workspace.backup else None
            workspace.close()
        temporary = folder / f".result-{name}.json"
        temporary.write_text(json.dumps(result))
        temporary.rename(folder / f"result-{name}.json")


if __name__ == "__main__":
    main(sys.argv[1], [Path(arg) for arg in sys.argv[2:]])
