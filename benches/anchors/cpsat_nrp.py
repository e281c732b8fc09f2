#!/usr/bin/env python3
"""CP-SAT anchor for the Curtois & Qu nurse rostering benchmark (Instances 1-24).

This is the OR-Tools CP-SAT reference point of the developers' guide ("Numbers
to beat"): a plain, textbook CP-SAT model of the shift scheduling instances in
benchmarks/shift-scheduling (see the README there for the file
format and the rules). `cargo bench --bench roster -- --anchor cpsat` runs it
on the same instances and limits as serviceplan's core and re-checks its
rosters with the project's independent checker.  It deliberately contains
no instance-specific tuning: every hard rule is written the obvious way and
the solver runs with default parameters apart from time limit, worker count
and seed.

Model (one Boolean x[e][d][t] = "employee e works shift t on day d"):
  1. at most one shift per employee and day;
  2. forbidden successions: x[e][d][s] + x[e][d+1][t] <= 1 for t in next(s);
  3. shifts of each type <= MaxShifts[e][t] (limit 0 fixes the variables);
  4. MinTotalMinutes <= sum(len[t] * x) <= MaxTotalMinutes;
  5. max consecutive working days C: every window of C+1 days inside the
     horizon holds at most C working days (outside the horizon = off);
  6. min consecutive shifts / 7. min consecutive days off: "forbid short
     runs": for k < min and every start d with d-1 >= 0 and d+k <= H-1,
     forbid (off d-1, on d..d+k-1, off d+k) (resp. the mirror pattern).
     Runs touching day 0 or day H-1 are therefore exempt;
  8. max weekends: a Boolean per weekend (Sat = 5, Sun = 6 mod 7) that is 1
     if either day inside the horizon is worked; sum <= MaxWeekends;
  9. fixed days off: no shift on those days.
Objective: on-request weights not fulfilled + off-request weights violated +
cover wu * under + wo * over, with integer under = max(0, req - k) and
over = max(0, k - req) for the number k of staff on (day, shift).

After solving, the roster is extracted and re-evaluated independently (hard
rules checked run by run, penalties recomputed from the roster alone); a
warning is printed if that differs from the solver's objective.

Usage (from the repository root):
  python3 benches/anchors/cpsat_nrp.py INSTANCE.txt [--time-limit 120]
      [--threads 2] [--out DIR] [--seed K] [--params SATPARAMS]
By default the solver runs with stock CP-SAT parameters apart from time limit,
num_workers (--threads) and random_seed (--seed).  Note that with --threads 1
stock CP-SAT runs a single sequential search (no LNS, no full-LP worker) and
is much weaker than its portfolio; --params 'interleave_search:true' runs the
portfolio interleaved on the one thread.  --params takes any SatParameters
fields in protobuf text format and is reported in summary.json.
Prints one line:
  instance=NAME objective=V bound=B status=S seconds=T
With --out DIR it writes DIR/roster.csv (staff,day,shift) and DIR/summary.json.
"""

import argparse
import json
import os
import sys

from ortools.sat.python import cp_model


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------
def parse_instance(path):
    """Read the sectioned text format into a dict of plain Python data."""
    sections, current = {}, None
    with open(path) as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SECTION_"):
                current = line[len("SECTION_"):]
                sections[current] = []
            else:
                sections[current].append([p.strip() for p in line.split(",")])

    inst = {"horizon": int(sections["HORIZON"][0][0])}
    inst["shifts"] = [r[0] for r in sections["SHIFTS"]]
    inst["length"] = {r[0]: int(r[1]) for r in sections["SHIFTS"]}
    inst["forbidden_next"] = {
        r[0]: [t for t in (r[2].split("|") if len(r) > 2 else []) if t]
        for r in sections["SHIFTS"]}

    inst["staff"] = []
    for r in sections["STAFF"]:
        max_shifts = dict((kv.split("=")[0], int(kv.split("=")[1]))
                          for kv in r[1].split("|") if kv)
        inst["staff"].append({
            "id": r[0], "max_shifts": max_shifts,
            "max_minutes": int(r[2]), "min_minutes": int(r[3]),
            "max_consec": int(r[4]), "min_consec": int(r[5]),
            "min_off": int(r[6]), "max_weekends": int(r[7])})

    inst["days_off"] = {r[0]: {int(d) for d in r[1:] if d}
                        for r in sections.get("DAYS_OFF", [])}
    inst["on_requests"] = [(r[0], int(r[1]), r[2], int(r[3]))
                           for r in sections.get("SHIFT_ON_REQUESTS", [])]
    inst["off_requests"] = [(r[0], int(r[1]), r[2], int(r[3]))
                            for r in sections.get("SHIFT_OFF_REQUESTS", [])]
    inst["cover"] = [(int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4]))
                     for r in sections["COVER"]]
    return inst


def weekends(horizon):
    """Lists of in-horizon day indexes of each weekend (Sat=5, Sun=6 mod 7).

    A weekend only partly inside the horizon keeps its inside day."""
    out = []
    for sat in range(5, horizon + 6, 7):
        days = [d for d in (sat, sat + 1) if d < horizon]
        if days:
            out.append(days)
    return out


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------
def build_model(inst):
    H, shifts = inst["horizon"], inst["shifts"]
    m = cp_model.CpModel()
    x = {}      # (e, d, t) -> BoolVar
    work = {}   # (e, d) -> linear expr, 1 if e works any shift on d
    for e, s in enumerate(inst["staff"]):
        for d in range(H):
            for t in shifts:
                x[e, d, t] = m.NewBoolVar(f"x_{s['id']}_{d}_{t}")
            # 1. at most one shift per day
            m.AddAtMostOne(x[e, d, t] for t in shifts)
            work[e, d] = sum(x[e, d, t] for t in shifts)

    for e, s in enumerate(inst["staff"]):
        # 2. forbidden successions (nothing across the horizon boundary)
        for d in range(H - 1):
            for a in shifts:
                for b in inst["forbidden_next"][a]:
                    m.AddBoolOr([x[e, d, a].Not(), x[e, d + 1, b].Not()])
        # 3. maximum shifts per type (a type missing from the list: no limit)
        for t in shifts:
            m.Add(sum(x[e, d, t] for d in range(H))
                  <= s["max_shifts"].get(t, H))
        # 4. total working minutes
        minutes = sum(inst["length"][t] * x[e, d, t]
                      for d in range(H) for t in shifts)
        m.Add(minutes >= s["min_minutes"])
        m.Add(minutes <= s["max_minutes"])
        # 5. max consecutive working days: windows of C+1 days in the horizon
        C = s["max_consec"]
        for d in range(H - C):
            m.Add(sum(work[e, d + i] for i in range(C + 1)) <= C)
        # 6. min consecutive shifts: forbid off, on^k, off for k < min
        # 7. min consecutive days off: forbid on, off^k, on for k < min
        #    (only runs with both neighbours inside the horizon)
        for k in range(1, s["min_consec"]):
            for d in range(1, H - k):
                m.Add(work[e, d - 1] - sum(work[e, d + i] for i in range(k))
                      + work[e, d + k] >= 1 - k)
        for k in range(1, s["min_off"]):
            for d in range(1, H - k):
                m.Add(-work[e, d - 1] + sum(work[e, d + i] for i in range(k))
                      - work[e, d + k] >= -1)
        # 8. maximum worked weekends
        wk = []
        for days in weekends(H):
            w = m.NewBoolVar(f"wk_{s['id']}_{days[0]}")
            for d in days:
                m.Add(w >= work[e, d])
            wk.append(w)
        m.Add(sum(wk) <= s["max_weekends"])
        # 9. fixed days off
        for d in inst["days_off"].get(s["id"], ()):
            if d < H:
                m.Add(work[e, d] == 0)

    # Soft constraints -> objective terms
    idx = {s["id"]: e for e, s in enumerate(inst["staff"])}
    terms, constant = [], 0
    for sid, d, t, w in inst["on_requests"]:       # w if not worked
        constant += w
        terms.append(-w * x[idx[sid], d, t])
    for sid, d, t, w in inst["off_requests"]:      # w if worked
        terms.append(w * x[idx[sid], d, t])
    n = len(inst["staff"])
    for d, t, req, wu, wo in inst["cover"]:
        k = sum(x[e, d, t] for e in range(n))
        under = m.NewIntVar(0, max(req, 0), f"under_{d}_{t}")
        over = m.NewIntVar(0, n, f"over_{d}_{t}")
        # exact: under = max(0, req - k), over = max(0, k - req)
        m.AddMaxEquality(under, [req - k, 0])
        m.AddMaxEquality(over, [k - req, 0])
        terms += [wu * under, wo * over]
    m.Minimize(sum(terms) + constant)
    return m, x


# --------------------------------------------------------------------------
# Independent re-evaluation of a roster: roster[e][d] = shift ID or None
# --------------------------------------------------------------------------
def runs(flags):
    """Maximal runs of equal values: list of (value, start, length)."""
    out, start = [], 0
    for d in range(1, len(flags) + 1):
        if d == len(flags) or flags[d] != flags[start]:
            out.append((flags[start], start, d - start))
            start = d
    return out


def check_hard(inst, roster):
    """Return a list of hard-rule violations (empty when feasible)."""
    H, bad = inst["horizon"], []
    for e, s in enumerate(inst["staff"]):
        r, sid = roster[e], s["id"]
        on = [t is not None for t in r]
        for d in range(H - 1):
            if r[d] and r[d + 1] in inst["forbidden_next"][r[d]]:
                bad.append(f"{sid}: {r[d]} then {r[d + 1]} on day {d + 1}")
        for t in inst["shifts"]:
            if r.count(t) > s["max_shifts"].get(t, H):
                bad.append(f"{sid}: too many {t}")
        mins = sum(inst["length"][t] for t in r if t)
        if not s["min_minutes"] <= mins <= s["max_minutes"]:
            bad.append(f"{sid}: {mins} minutes")
        for val, start, length in runs(on):
            inner = start > 0 and start + length < H   # exempt at the ends
            if val and length > s["max_consec"]:
                bad.append(f"{sid}: {length} consecutive shifts")
            if val and inner and length < s["min_consec"]:
                bad.append(f"{sid}: run of {length} shifts at {start}")
            if not val and inner and length < s["min_off"]:
                bad.append(f"{sid}: run of {length} days off at {start}")
        nwk = sum(any(on[d] for d in days) for days in weekends(H))
        if nwk > s["max_weekends"]:
            bad.append(f"{sid}: {nwk} weekends")
        for d in inst["days_off"].get(sid, ()):
            if d < H and on[d]:
                bad.append(f"{sid}: works on day off {d}")
    return bad


def evaluate(inst, roster):
    """Objective of a roster, recomputed from the data only."""
    idx = {s["id"]: e for e, s in enumerate(inst["staff"])}
    cost = sum(w for sid, d, t, w in inst["on_requests"]
               if roster[idx[sid]][d] != t)
    cost += sum(w for sid, d, t, w in inst["off_requests"]
                if roster[idx[sid]][d] == t)
    for d, t, req, wu, wo in inst["cover"]:
        k = sum(1 for r in roster if r[d] == t)
        cost += wu * max(0, req - k) + wo * max(0, k - req)
    return cost


# --------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("instance")
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=None)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--params", default="",
                    help="extra SatParameters in text format, e.g. "
                         "'interleave_search:true' (default: none)")
    args = ap.parse_args()

    name = os.path.splitext(os.path.basename(args.instance))[0]
    inst = parse_instance(args.instance)
    model, x = build_model(inst)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = args.time_limit
    solver.parameters.num_workers = args.threads
    if args.seed is not None:
        solver.parameters.random_seed = args.seed
    if args.params and not solver.parameters.merge_text_format(args.params):
        sys.exit(f"cannot parse --params {args.params!r}")
    status = solver.Solve(model)
    status_name = solver.StatusName(status)
    seconds = solver.WallTime()
    has_solution = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    objective = bound = None
    roster = None
    if has_solution:
        objective = int(round(solver.ObjectiveValue()))
        bound = int(round(solver.BestObjectiveBound()))
        H, shifts = inst["horizon"], inst["shifts"]
        roster = [[next((t for t in shifts if solver.Value(x[e, d, t])), None)
                   for d in range(H)] for e in range(len(inst["staff"]))]
        # Independent re-evaluation of the extracted roster.
        violations = check_hard(inst, roster)
        for v in violations:
            print(f"WARNING: hard rule violated: {v}", file=sys.stderr)
        recomputed = evaluate(inst, roster)
        if recomputed != objective:
            print(f"WARNING: re-evaluated objective {recomputed} != solver "
                  f"objective {objective}", file=sys.stderr)
    elif status == cp_model.UNKNOWN:
        bound = int(round(solver.BestObjectiveBound()))

    fmt = lambda v: "NA" if v is None else str(v)
    print(f"instance={name} objective={fmt(objective)} bound={fmt(bound)} "
          f"status={status_name} seconds={seconds:.2f}")

    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "roster.csv"), "w") as f:
            f.write("staff,day,shift\n")
            for e, r in enumerate(roster or []):
                for d, t in enumerate(r):
                    if t is not None:
                        f.write(f"{inst['staff'][e]['id']},{d},{t}\n")
        with open(os.path.join(args.out, "summary.json"), "w") as f:
            json.dump({"instance": name, "objective": objective,
                       "bound": bound, "status": status_name,
                       "solve_seconds": round(seconds, 3),
                       "time_limit": args.time_limit, "threads": args.threads,
                       "seed": args.seed, "params": args.params}, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
