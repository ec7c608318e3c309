#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Learning with sipcd: a scripted two-role workload runs in learn mode;
# sipcd turns the events into proposals grouped by (subject, object,
# class) with only the permissions seen; `sipcctl learn accept` makes
# them a policy file sipcd loads; the accepted rules are exactly the
# expected set; in enforce mode the workload then runs with no denial.
# A rejected proposal is not proposed again.
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
SIPCD=$ROOT/build/userspace/sipcd
TMP=$(mktemp -d)
DAEMON=
cleanup() {
	[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null
	wait 2>/dev/null
	echo 'mode enforce;' >"$TMP/none.sipc"
	"$SIPCCTL" load "$TMP/none.sipc" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT

tap_plan 7

chmod 755 "$TMP"
mkdir -p "$TMP/policy.d" "$TMP/state" "$TMP/w"
chmod 777 "$TMP/w"
CONF=$TMP/sipc.conf
cat >"$CONF" <<EOF
policy policy.d/*.sipc
learn on
proposals state/proposals.json
learned-dir learned.d
debounce-ms 100
check-interval-ms 200
EOF
cat >"$TMP/policy.d/10-base.sipc" <<'EOF'
mode learn;
role client { match gid 12345; }
role server { match gid 12346; }
EOF

denied() {
	"$SIPCCTL" stats --json | sed -n 's/.*"denied": \([0-9]*\).*/\1/p'
}
# as GID CMD...: run CMD as uid 12345 (one user, so that DAC lets its
# processes signal each other) and GID, which picks the role.
as() {
	local gid=$1

	shift
	setpriv --reuid=12345 --regid="$gid" --clear-groups "$@"
}

# The workload: a server (gid 12346) takes one connection on a Unix
# socket and stores what comes; a client (gid 12345) checks the server
# is alive with signal 0, and sends it a line through a pipe and socat.
workload() {
	local srv

	rm -f "$TMP/w/s.sock" "$TMP/w/got"
	setpriv --reuid=12345 --regid=12346 --clear-groups \
		socat -u UNIX-LISTEN:"$TMP/w/s.sock",mode=0777 \
		OPEN:"$TMP/w/got",creat,mode=0666 2>"$TMP/w/srv.err" &
	srv=$!
	wait_for 10 test -S "$TMP/w/s.sock" || { kill $srv; return 1; }
	as 12345 sh -c "kill -0 $srv && echo hello | socat -u - UNIX-CONNECT:$TMP/w/s.sock" \
		2>"$TMP/w/cli.err" ||
		{ echo "# client failed:"; sed 's/^/# /' "$TMP/w/cli.err"; kill $srv; wait $srv; return 1; }
	wait $srv || { echo "# server failed:"; sed 's/^/# /' "$TMP/w/srv.err"; return 1; }
	[ "$(cat "$TMP/w/got")" = hello ] || { echo "# server got: $(cat "$TMP/w/got")"; return 1; }
}

# The proposals file, once it has stopped changing for a second.
settled() {
	local a b

	a=$(cat "$TMP/state/proposals.json" 2>/dev/null)
	sleep 1
	b=$(cat "$TMP/state/proposals.json" 2>/dev/null)
	[ -n "$a" ] && [ "$a" = "$b" ]
}

learn_round() {
	local g

	g=$(policy_gen)
	"$SIPCD" --foreground --config "$CONF" >"$TMP/log" 2>&1 &
	DAEMON=$!
	wait_for 20 policy_gen_above "$g" || { sed 's/^/# /' "$TMP/log"; return 1; }
	wait_for 10 grep -q 'learning: proposals go to' "$TMP/log" || return 1
	workload || return 1
	wait_for 20 settled || { echo "# no proposals"; sed 's/^/# /' "$TMP/log"; return 1; }
	"$SIPCCTL" learn --config "$CONF" show | sed 's/^/# /'
}
tap_result "learn mode: the workload runs and sipcd writes proposals" learn_round

# Exactly what the workload needs, each (subject, object, class) once.
cat >"$TMP/expected" <<'EOF'
allow client client : pipe { read write };
allow client client : unix_dgram { create receive };
allow client client : unix_stream { create };
allow client server : signal { signal };
allow client server : unix_stream { connect send };
allow server client : unix_stream { receive };
allow server server : unix_dgram { create receive };
allow server server : unix_stream { create bind listen accept };
EOF

one_per_triple() {
	"$SIPCCTL" learn --config "$CONF" show | tail -n +2 |
		awk '{ print $3, $4, $6 }' | sort | uniq -d | grep -q . &&
		{ echo "# a (subject, object, class) proposed twice"; return 1; }
	"$SIPCCTL" learn --config "$CONF" show --json | grep -q '"rule": "allow ' &&
	! grep -q '\*' "$TMP/state/proposals.json"
}
tap_result "one proposal per (subject, object, class), no wildcard" one_per_triple

accept_all() {
	local g

	g=$(policy_gen)
	"$SIPCCTL" learn --config "$CONF" accept >"$TMP/out" 2>&1 ||
		{ sed 's/^/# /' "$TMP/out"; return 1; }
	grep -q "^accepted into $TMP/learned.d/accepted-.*\.sipc$" "$TMP/out" || return 1
	wait_for 20 policy_gen_above "$g" || { sed 's/^/# /' "$TMP/log"; return 1; }
	[ "$("$SIPCCTL" learn --config "$CONF" show)" = "no proposals" ]
}
tap_result "learn accept: a policy file in learned.d that sipcd loads" accept_all

exact_rules() {
	"$SIPCCTL" rules | sort >"$TMP/rules"
	diff "$TMP/expected" "$TMP/rules" | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ]
}
tap_result "the accepted rules are exactly the expected set" exact_rules

enforce_clean() {
	local g d0

	g=$(policy_gen)
	sed -i 's/^mode learn;/mode enforce;/' "$TMP/policy.d/10-base.sipc"
	wait_for 20 policy_gen_above "$g" || { sed 's/^/# /' "$TMP/log"; return 1; }
	"$SIPCCTL" status | grep -qx '  mode: enforce' ||
		{ "$SIPCCTL" status | sed 's/^/# /'; return 1; }
	d0=$(denied)
	workload || return 1
	[ "$(denied)" = "$d0" ] || { echo "# denied: $d0 -> $(denied)"; return 1; }
	# and without the learned rules, the same workload is refused
	g=$(policy_gen)
	mv "$TMP/learned.d" "$TMP/learned.off"
	wait_for 20 policy_gen_above "$g" || { echo "# not reloaded without learned.d"; return 1; }
	workload >/dev/null 2>&1
	[ "$(denied)" -gt "$d0" ] || { echo "# nothing denied without the rules"; return 1; }
	g=$(policy_gen)
	mv "$TMP/learned.off" "$TMP/learned.d"
	wait_for 20 policy_gen_above "$g" || { echo "# not reloaded with learned.d"; return 1; }
}
tap_result "enforce: the workload runs with no denial (and fails without the rules)" \
	enforce_clean

reject_sticks() {
	local sl

	"$SIPCCTL" mode client learn >/dev/null || return 1
	# root may not signal it (enforce); the client may (SIGTERM: signal)
	setpriv --reuid=12345 --regid=12346 --clear-groups sleep 60 &
	sl=$!
	wait_for 30 running_as "$sl" sleep || { echo "# sleep did not start"; return 1; }
	as 12345 sh -c "kill -STOP $sl; kill -CONT $sl" || return 1
	wait_for 20 grep -q '"stop"' "$TMP/state/proposals.json" ||
		{ "$SIPCCTL" learn --config "$CONF" show | sed 's/^/# /'; as 12345 kill $sl; wait $sl; return 1; }
	"$SIPCCTL" learn --config "$CONF" show | grep -q 'allow client server : signal { stop };' ||
		{ "$SIPCCTL" learn --config "$CONF" show | sed 's/^/# /'; as 12345 kill $sl; wait $sl; return 1; }
	"$SIPCCTL" learn --config "$CONF" reject >/dev/null || { as 12345 kill $sl; wait $sl; return 1; }
	as 12345 sh -c "kill -STOP $sl; kill -CONT $sl" || { as 12345 kill $sl; return 1; }
	sleep 1.5
	as 12345 kill $sl
	wait $sl
	"$SIPCCTL" mode client global >/dev/null
	[ "$("$SIPCCTL" learn --config "$CONF" show)" = "no proposals" ] &&
		grep -q '"stop"' "$TMP/state/proposals.json"
}
tap_result "learn reject: the rejected permission is not proposed again" reject_sticks

usage() {
	"$SIPCCTL" learn --config "$CONF" frob >/dev/null 2>&1
	[ $? = 2 ] || return 1
	"$SIPCCTL" learn --config "$CONF" accept 999 >/dev/null 2>&1
	[ $? = 1 ] || return 1
	"$SIPCCTL" learn --config "$CONF" accept x >/dev/null 2>&1
	[ $? = 2 ]
}
tap_result "learn: usage errors exit 2, an unknown proposal 1" usage

tap_exit
