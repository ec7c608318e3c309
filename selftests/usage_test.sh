#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who talks to whom: rule usage stamps and the denials table.  A policy of
# three roles and two signal rules; a process of role ua signals one of
# role ub, so "allow ua ub" is used and "allow ua uc" is not; a STOP it
# has no rule for is a denial.  `sipcctl rules --unused` lists only the
# unused rule, `graph` draws the three kinds of edge, and `preview` tells
# what a new policy would cut.
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
TMP=$(mktemp -d)
SLEEPER=
OTHERS=()
PY=/usr/bin/python3
cleanup() {
	[ -n "$SLEEPER" ] && as 22345 kill "$SLEEPER" 2>/dev/null
	[ ${#OTHERS[@]} -gt 0 ] && kill "${OTHERS[@]}" 2>/dev/null
	wait 2>/dev/null
	echo 'mode enforce;' >"$TMP/none.sipc"
	"$SIPCCTL" load "$TMP/none.sipc" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT

tap_plan 8

# as GID CMD...: run CMD as uid 22345 and GID, which picks the role.
as() {
	local gid=$1

	shift
	setpriv --reuid=22345 --regid="$gid" --clear-groups "$@"
}

cat >"$TMP/p.sipc" <<'EOF2'
mode enforce;
role ua { match gid 22345; }
role ub { match gid 22346; }
role uc { match gid 22347; }
allow ua ub : signal { signal };
allow ua uc : signal { signal };
EOF2

# A process of role ub to signal; ua may signal it, not stop it.
workload() {
	# not through as(): $! would be the subshell running the function
	setpriv --reuid=22345 --regid=22346 --clear-groups sleep 120 &
	SLEEPER=$!
	wait_for 30 running_as "$SLEEPER" sleep || { echo "# sleep did not start"; return 1; }
	as 22345 kill -0 "$SLEEPER" || { echo "# ua could not signal ub"; return 1; }
	! as 22345 kill -STOP "$SLEEPER" 2>/dev/null ||
		{ echo "# ua could stop ub"; return 1; }
}

fresh_all_unused() {
	"$SIPCCTL" load "$TMP/p.sipc" >/dev/null || return 1
	"$SIPCCTL" rules --unused >"$TMP/out" || return 1
	grep -qx 'allow ua ub : signal { signal };  # never used' "$TMP/out" &&
	grep -qx 'allow ua uc : signal { signal };  # never used' "$TMP/out" &&
	[ "$(wc -l <"$TMP/out")" = 2 ] || { sed 's/^/# /' "$TMP/out"; return 1; }
	"$SIPCCTL" rules --json | grep -q '"idle": null' || return 1
}
tap_result "rules --unused: a policy just loaded has no rule used" fresh_all_unused

used_not_listed() {
	workload || return 1
	"$SIPCCTL" rules --unused >"$TMP/out" || return 1
	grep -qx 'allow ua uc : signal { signal };  # never used' "$TMP/out" &&
	[ "$(wc -l <"$TMP/out")" = 1 ] || { sed 's/^/# /' "$TMP/out"; return 1; }
	"$SIPCCTL" rules --unused --since 1h >"$TMP/out" || return 1
	grep -qx 'allow ua uc : signal { signal };  # never used' "$TMP/out" &&
	[ "$(wc -l <"$TMP/out")" = 1 ] || { sed 's/^/# /' "$TMP/out"; return 1; }
	"$SIPCCTL" rules --json >"$TMP/out" || return 1
	grep -Eq '"subject": "ua", "object": "ub", "class": "signal", "perms": \["signal"\], "idle": [0-9]+\}' \
		"$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
}
tap_result "rules --unused: the rule the workload used is not listed, the other is" \
	used_not_listed

# Idle grows; --since lists a used rule once it is idle that long.
since_idle() {
	sleep 2
	"$SIPCCTL" rules --unused --since 1 >"$TMP/out" || return 1
	grep -Eqx 'allow ua ub : signal \{ signal \};  # idle [0-9]+s' "$TMP/out" &&
	[ "$(wc -l <"$TMP/out")" = 2 ] || { sed 's/^/# /' "$TMP/out"; return 1; }
	"$SIPCCTL" rules --unused --since 1x >/dev/null 2>&1
	[ $? = 2 ]
}
tap_result "rules --unused --since: a rule idle that long is listed; bad durations refused" \
	since_idle

# The graph as JSON: exactly three nodes and three edges, one of each kind.
graph_json() {
	"$SIPCCTL" graph --json >"$TMP/g.json" || return 1
	"$PY" - "$TMP/g.json" <<'EOF2' || { sed 's/^/# /' "$TMP/g.json"; return 1; }
import json, sys
g = json.load(open(sys.argv[1]))
nodes = sorted((n["name"], n["mode"]) for n in g["nodes"])
edges = sorted((e["kind"], e["subject"], e["object"], e["class"],
                tuple(e["perms"])) for e in g["edges"])
want_nodes = [("ua", "enforce"), ("ub", "enforce"), ("uc", "enforce")]
want_edges = sorted([
    ("used", "ua", "ub", "signal", ("signal",)),
    ("allowed", "ua", "uc", "signal", ("signal",)),
    ("denied", "ua", "ub", "signal", ("stop",)),
])
ok = nodes == want_nodes and edges == want_edges
for e in g["edges"]:
    if e["kind"] == "denied":
        ok = ok and e["count"] == 1 and e["mode"] == "enforce"
    if e["kind"] == "used":
        ok = ok and isinstance(e["idle"], int)
    if e["kind"] == "allowed":
        ok = ok and e["idle"] is None
if not ok:
    print("# nodes", nodes)
    print("# edges", edges)
sys.exit(0 if ok else 1)
EOF2
}
tap_result "graph --json: three roles, a used, an allowed and a denied edge" graph_json

# dot: one edge of each kind, each with its own style; --svg renders
# through graphviz when it is there and says so when it is not.
graph_dot() {
	"$SIPCCTL" graph --dot >"$TMP/g.dot" || return 1
	grep -q '^digraph sipc {$' "$TMP/g.dot" &&
	grep -q '"ua" -> "ub" \[id="used:ua:ub:signal:8000", .*penwidth=2.5' "$TMP/g.dot" &&
	grep -q '"ua" -> "uc" \[id="allowed:ua:uc:signal:8000", .*style=dashed' "$TMP/g.dot" &&
	grep -q '"ua" -> "ub" \[id="denied:ua:ub:signal:2000", .*arrowhead=tee' "$TMP/g.dot" &&
	[ "$(grep -c ' -> "' "$TMP/g.dot")" = 3 ] || { sed 's/^/# /' "$TMP/g.dot"; return 1; }
	if command -v dot >/dev/null; then
		"$SIPCCTL" graph --svg >"$TMP/g.svg" || return 1
		grep -q '<svg' "$TMP/g.svg" && grep -q 'id="denied:ua:ub:signal:2000"' "$TMP/g.svg"
	else
		echo "# no graphviz here: --svg must say so"
		PATH=/nonexistent "$SIPCCTL" graph --svg >/dev/null 2>"$TMP/err"
		[ $? = 1 ] && grep -q 'graphviz is not installed' "$TMP/err"
	fi
}
tap_result "graph --dot: styled edges of each kind; --svg through graphviz" graph_dot

# A policy without the rule the workload used: exit 4, and that flow named.
preview_cut() {
	local rc

	grep -v '^allow ua ub' "$TMP/p.sipc" >"$TMP/cut.sipc"
	"$SIPCCTL" preview "$TMP/cut.sipc" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ $rc = 4 ] || { echo "# exit $rc"; sed 's/^/# /' "$TMP/out" "$TMP/err"; return 1; }
	grep -Eqx '  ua -> ub : signal \{ signal \} \(used [0-9]+s ago\)' "$TMP/out" &&
	! grep -q 'ua -> uc' "$TMP/out" &&
	grep -qx 'would break: flows in use would be denied' "$TMP/out" ||
		{ sed 's/^/# /' "$TMP/out"; return 1; }
	"$SIPCCTL" preview --json "$TMP/cut.sipc" >"$TMP/out"
	[ $? = 4 ] && grep -q '"would_break": true' "$TMP/out"
}
tap_result "preview: a used flow the new policy denies, exit status 4" preview_cut

# A policy that keeps every rule, adds a role an unconfined process would
# get, and labels a bound socket: exit 0, the process and socket named.
preview_changes() {
	local rc

	setpriv --reuid=22345 --regid=22349 --clear-groups sleep 120 &
	OTHERS+=($!)
	wait_for 30 running_as "${OTHERS[0]}" sleep || { echo "# sleep did not start"; return 1; }
	"$PY" -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); time.sleep(120)' \
		"$TMP/l.sock" &
	OTHERS+=($!)
	# python starts slowly in a TCG guest: wait for the socket
	for _ in $(seq 100); do [ -S "$TMP/l.sock" ] && break; sleep 0.2; done
	[ -S "$TMP/l.sock" ] || { echo "# no socket"; return 1; }
	{ cat "$TMP/p.sipc"; echo 'role un { match gid 22349; }'
	  echo "label unix \"$TMP/l.sock\" uc;"; } >"$TMP/more.sipc"
	"$SIPCCTL" preview --current "$TMP/p.sipc" "$TMP/more.sipc" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ $rc = 0 ] || { echo "# exit $rc"; sed 's/^/# /' "$TMP/out" "$TMP/err"; return 1; }
	grep -qx "  ${OTHERS[0]} (sleep): unconfined -> un" "$TMP/out" &&
	grep -qx "  unix $TMP/l.sock: its creator's role -> uc" "$TMP/out" &&
	grep -qx 'would break nothing in use' "$TMP/out" &&
	! grep -q "(sleep): ub ->" "$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
	# and the policy in force is untouched
	"$SIPCCTL" rules --unused | grep -q '^allow ua uc'
}
tap_result "preview: role and label changes, exit status 0" preview_changes

# The usage stamps and denials of a new policy start afresh.
reload_forgets() {
	"$SIPCCTL" load "$TMP/p.sipc" >/dev/null || return 1
	[ "$("$SIPCCTL" rules --unused | wc -l)" = 2 ] || return 1
	"$SIPCCTL" graph --json | grep -q '"kind": "denied"' && return 1
	return 0
}
tap_result "a new load starts with no rule used and no denial" reload_forgets

tap_exit
