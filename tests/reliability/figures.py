"""Sum up the figures the reliability suites wrote (build/reliability/<mode>/<session>/figures-*.jsonl) as Markdown.

    .venv/bin/python -m tests.reliability.figures            # the latest default and long sessions
"""

import glob
import json
import os
import sys
from collections import Counter, defaultdict

from tests.reliability import harness

SUITES = ("faults", "interruptions", "archive_damage", "tokens", "secrets", "bad_input", "tls", "safety")


def latest_session(mode):
    sessions = sorted(glob.glob(os.path.join(harness.figures_dir(mode), "*", "figures-*.jsonl")))
    return os.path.dirname(sessions[-1]) if sessions else None


def load(mode, session=None):
    session = session or latest_session(mode)
    lines = []
    if session is None:
        return lines
    for path in sorted(glob.glob(os.path.join(session, "figures-*.jsonl"))):
        with open(path) as handle:
            lines.extend(json.loads(line) for line in handle if line.strip())
    return lines


def summary(lines):
    by_suite = defaultdict(list)
    outcomes = defaultdict(Counter)
    for line in lines:
        if line["suite"] == "outcome":
            outcomes[line["target"]][line["outcome"]] += 1
        else:
            by_suite[line["suite"]].append(line)
    rows = []
    for suite in SUITES + tuple(sorted((set(by_suite) | set(outcomes)) - set(SUITES))):
        entries = by_suite.get(suite, [])
        if not entries and not outcomes.get(suite):
            continue
        kinds = Counter()
        for entry in entries:
            kinds.update(entry.get("faults_by_kind") or {})
        rows.append(
            {
                "suite": suite,
                "tests": sum(outcomes[suite].values()) - outcomes[suite]["skipped"],
                "failed": outcomes[suite]["failed"],
                "runs": sum(entry.get("runs", 0) for entry in entries),
                "faults": sum(entry.get("faults", 0) for entry in entries),
                "kinds": ", ".join("%s %d" % (kind, count) for kind, count in sorted(kinds.items())),
                "kills": sum(entry.get("kills", 0) for entry in entries),
                "requests": sum(entry.get("requests", 0) for entry in entries),
                "recordings": sum(entry.get("recordings", 0) for entry in entries),
                "processed": sum(entry.get("processed", 0) for entry in entries),
                "cases": sum(entry.get("cases", 0) for entry in entries),
                "leaks": sum(entry.get("leaks", 0) for entry in entries),
                "losses": sum(entry.get("losses", 0) for entry in entries),
            }
        )
    return rows


def markdown(mode, rows):
    out = ["### %s run" % mode.capitalize(), ""]
    out.append(
        "| Suite | Tests (failed) | Playbook runs | Faults injected | Kills | API requests | Recordings in the orgs | Recordings changed "
        "| Cases | Leaks | Losses |"
    )
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        out.append(
            "| {suite} | {tests} ({failed}) | {runs} | {faults} | {kills} | {requests} | {recordings} | {processed} "
            "| {cases} | {leaks} | {losses} |".format(**row)
        )
    kinds = [row for row in rows if row["kinds"]]
    for row in kinds:
        out.append("")
        out.append("Faults by kind (%s): %s." % (row["suite"], row["kinds"]))
    return "\n".join(out)


def main(argv):
    modes = argv or ["default", "long"]
    for mode in modes:
        lines = load(mode)
        if lines:
            print(markdown(mode, summary(lines)))
            print()


if __name__ == "__main__":
    main(sys.argv[1:])
