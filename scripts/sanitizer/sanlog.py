#!/usr/bin/env python3
"""Helpers of scripts/gpu-sanitize-all.sh (Python 3, standard library only).

  sanlog.py classes DISCOVER_OUTPUT
      The test classes in the output of `gpu-test.sh --discover --details verbose` (the JUnit console launcher's
      `discover`): one line per top-level class, "<class> <tests>", in the order found.
  sanlog.py shard --shards N [--weights FILE] CLASSES_FILE
      Splits the classes ("<class> <tests>" lines) into N shards of about equal expected cost: the weight of a
      class is its entry in FILE ("<simple or full class name> <weight>" lines, # comments), else 1 + tests / 4;
      heaviest first, each to the lightest shard so far. Prints one line per non-empty shard:
      "<weight> <class>,<class>,...".
  sanlog.py classify --allow FILE LOG...
      Reads compute-sanitizer logs (one tool, any number of shards and processes) and prints one line:
          0 errors (98 expected API-error reports: cuFuncGetParamInfo 96, cuModuleLoadData 1, cuModuleGetFunction 1)
      The error count is the sum of the "ERROR SUMMARY: N errors" lines (one per process; racecheck's
      "RACECHECK SUMMARY ... (N errors" where a log has no ERROR SUMMARY), less the API-error reports that the
      allow-list FILE expects ("<api> <code|*> <why>" lines): every other report counts, an API error that is not
      on the list too, and so do reports beyond the print limit (counted in the summary, never printed). The
      line names what was not expected. A log without a summary line (missing, cut short by a timeout or a
      crash) makes the count "?". Exit status: 0 clean, 1 errors, 2 a log without a summary line or counts that
      do not add up (more expected reports than the summary counts).
  sanlog.py check-allow FILE
      Checks the allow-list's syntax (every entry has an API name, a code and a why).
"""
import argparse
import collections
import os
import re
import sys

PREFIX = re.compile(r"^=+ ?(?:\[\d+\] ?)?")
API_ERROR = re.compile(
    r"Program hit\s+(?P<name>.*?)\s*(?:\(error\s+(?P<code>-?\d+)\)|\berror\s+(?P<code2>-?\d+))"
    r".*?on\s+CUDA\s+API\s+call\s+to\s+(?P<api>[A-Za-z_][A-Za-z0-9_]*)", re.S)
ERROR_SUMMARY = re.compile(r"ERROR SUMMARY:\s*(\d+)\s+error")
RACECHECK_SUMMARY = re.compile(r"RACECHECK SUMMARY:.*?\((\d+)\s+error")
# Lines of a log that are not reports.
NOT_A_REPORT = re.compile(r"^(COMPUTE-SANITIZER|ERROR SUMMARY|RACECHECK SUMMARY|LEAK SUMMARY|Target application returned)")


def strip(line):
    """A log line without the tool's prefix ("========= "), its indentation kept."""
    return PREFIX.sub("", line.rstrip("\n"), count=1)


def read_allow(path):
    """[(api, code or None for any, why)]; raises ValueError on a malformed entry."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", parts[0]) \
                    or not re.fullmatch(r"\*|-?\d+", parts[1]):
                raise ValueError(f"{path}:{n}: want '<api> <code|*> <why>', got: {raw.rstrip()}")
            entries.append((parts[0], None if parts[1] == "*" else int(parts[1]), parts[2]))
    return entries


def allowed(entries, api, code):
    return any(a == api and (c is None or c == code) for a, c, _ in entries)


def reports(text):
    """The reports of a log (stripped lines): a report starts at a line that is not indented and goes on over the
    indented lines below it ("    at ...", "    Saved host backtrace ...", a wrapped message)."""
    head = None
    for line in text:
        if not line.strip():
            if head:
                yield head
            head = None
        elif line[0].isspace():
            if head:
                head.append(line.strip())
        else:
            if head:
                yield head
            head = [line.strip()]
    if head:
        yield head


def classify(logs, entries):
    errors = 0                              # over the logs that have a summary: their count less their expected
    summaries = 0
    missing = []
    expected = collections.Counter()        # api -> count
    unexpected_api = collections.Counter()  # (api, code, name) -> count
    other = collections.Counter()           # first line of any other report -> count
    for log in logs:
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                text = [strip(l) for l in f]
        except OSError:
            missing.append(log)
            continue
        found = [int(m.group(1)) for l in text for m in [ERROR_SUMMARY.search(l)] if m]
        if not found:
            found = [int(m.group(1)) for l in text for m in [RACECHECK_SUMMARY.search(l)] if m]
        if not found:
            missing.append(log)
        summaries += len(found)
        expected_here = 0
        for block in reports(text):
            head = block[0]
            m = API_ERROR.search(" ".join(block[:4])) if head.startswith("Program hit") else None
            if m:
                code = int(m.group("code") or m.group("code2"))
                api = m.group("api")
                if allowed(entries, api, code):
                    expected[api] += 1
                    expected_here += 1
                else:
                    unexpected_api[(api, code, m.group("name").strip())] += 1
            elif not NOT_A_REPORT.match(head):
                other[head] += 1
        if found:
            errors += sum(found) - expected_here
    return dict(summaries=summaries, missing=missing, expected=expected, errors=errors,
                unexpected_api=unexpected_api, other=other)


def describe(r):
    parts = []
    if r["expected"]:
        parts.append(f"{sum(r['expected'].values())} expected API-error reports: "
                     + ", ".join(f"{a} {n}" for a, n in r["expected"].most_common()))
    found = [f"{n} x {api} error {code} ({name})" for (api, code, name), n in r["unexpected_api"].most_common()]
    if found:
        parts.append("API errors not on the allow-list: " + "; ".join(found[:6])
                     + (f"; {len(found) - 6} more kinds" if len(found) > 6 else ""))
    if (r["errors"] > 0 or r["missing"]) and r["other"]:
        # other reports (with their warnings: racecheck's, the tool's own notes) are shown when something counted
        found = [f"{n} x '{head[:120]}'" for head, n in r["other"].most_common()]
        parts.append("reports: " + "; ".join(found[:6]) + (f"; {len(found) - 6} more kinds" if len(found) > 6 else ""))
    if r["missing"]:
        parts.append(f"NO SUMMARY in {len(r['missing'])} log(s): "
                     + ", ".join(short(m) for m in r["missing"][:4]) + " (timed out or crashed?)")
    if r["errors"] < 0:
        parts.append(f"INCONSISTENT: {-r['errors']} more expected reports than the summaries count")
    if r["missing"] and r["summaries"]:
        parts.append(f"{max(r['errors'], 0)} counted in the logs that have one")
    count = "?" if r["missing"] or r["summaries"] == 0 else str(max(r["errors"], 0))
    return f"{count} errors" + (f" ({'; '.join(parts)})" if parts else "")


def short(path):
    """The file's name with its folder's: memcheck-2/sanitizer.log."""
    return os.path.join(os.path.basename(os.path.dirname(os.path.abspath(path))), os.path.basename(path))


def status(r):
    if r["missing"] or r["summaries"] == 0 or r["errors"] < 0:
        return 2
    return 0 if r["errors"] == 0 else 1


def read_classes(path):
    out = collections.OrderedDict()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.search(r"uniqueId:\s*\[engine:[^\]]*\]/\[class:([^\]]+)\](.*)", line)
            if not m:
                continue
            cls, rest = m.group(1), m.group(2)
            out.setdefault(cls, 0)
            if re.search(r"/\[(method|test-template|test-factory):", rest):
                out[cls] += 1
    return out


def read_weights(path):
    weights = {}
    if not path:
        return weights
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if line:
                name, w = line.split()
                weights[name] = float(w)
    return weights


def shard(classes, n, weights):
    def weight(cls, tests):
        simple = cls.rsplit(".", 1)[-1]
        return weights.get(cls, weights.get(simple, 1 + tests / 4))
    items = sorted(((weight(c, t), c) for c, t in classes.items()), key=lambda x: (-x[0], x[1]))
    shards = [[0.0, []] for _ in range(max(1, n))]
    for w, c in items:
        s = min(shards, key=lambda x: x[0])
        s[0] += w
        s[1].append(c)
    return [s for s in shards if s[1]]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("classes")
    c.add_argument("discover_output")
    s = sub.add_parser("shard")
    s.add_argument("--shards", type=int, required=True)
    s.add_argument("--weights")
    s.add_argument("classes_file")
    k = sub.add_parser("classify")
    k.add_argument("--allow", required=True)
    k.add_argument("logs", nargs="+")
    a = sub.add_parser("check-allow")
    a.add_argument("file")
    args = p.parse_args(argv)
    if args.cmd == "classes":
        for cls, n in read_classes(args.discover_output).items():
            print(cls, n)
        return 0
    if args.cmd == "shard":
        classes = collections.OrderedDict()
        with open(args.classes_file, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    name, n = line.split()
                    classes[name] = int(n)
        for w, members in shard(classes, args.shards, read_weights(args.weights)):
            print(f"{w:g} {','.join(members)}")
        return 0
    if args.cmd == "check-allow":
        entries = read_allow(args.file)
        print(f"{len(entries)} entries")
        return 0
    entries = read_allow(args.allow)
    r = classify(args.logs, entries)
    print(describe(r))
    return status(r)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except ValueError as e:
        print(f"sanlog.py: {e}", file=sys.stderr)
        sys.exit(3)
