#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sipcd, the policy daemon: it loads what sipc.conf names and says so
# with sd_notify, follows edits (inotify) and SIGHUP, refuses a broken
# edit with file:line:col and keeps the policy in force, loses no
# decision when reloaded under IPC load, loads again after a module
# reload, and leaves the policy loaded when it exits on SIGTERM.
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
SIPCD=$ROOT/build/userspace/sipcd
LOAD=$ROOT/build/tools/ipc-load
TMP=$(mktemp -d)
DAEMON=
NOTIFY=
cleanup() {
	[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null
	[ -n "$NOTIFY" ] && kill "$NOTIFY" 2>/dev/null
	wait 2>/dev/null
	# Confine nobody for the tests that follow.
	echo 'mode enforce;' >"$TMP/none.sipc"
	"$SIPCCTL" load "$TMP/none.sipc" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT

tap_plan 9

mkdir -p "$TMP/policy.d" "$TMP/state"
cat >"$TMP/sipc.conf" <<EOF
# sipcd_test
policy policy.d/*.sipc
proposals state/proposals.json
learned-dir learned.d
debounce-ms 100
check-interval-ms 200
EOF
cat >"$TMP/policy.d/10-base.sipc" <<'EOF'
mode enforce;
role busy { match uid 12347; }
role web;
role db;
allow busy busy : { pipe unix_stream unix_dgram msgq mqueue signal } *;
allow web db : unix_stream { connect send };
EOF



log_has() { grep -q -- "$1" "$TMP/log"; }
rules() { "$SIPCCTL" rules | grep -v '^allow busy busy' | sort; }

start() {
	local g

	g=$(policy_gen)
	socat -u UNIX-RECV:"$TMP/notify" OPEN:"$TMP/notify.log",creat,append &
	NOTIFY=$!
	wait_for 10 test -S "$TMP/notify" || { echo "# no notify socket"; return 1; }
	NOTIFY_SOCKET=$TMP/notify "$SIPCD" --foreground --config "$TMP/sipc.conf" \
		>"$TMP/log" 2>&1 &
	DAEMON=$!
	wait_for 20 grep -q 'READY=1' "$TMP/notify.log" ||
		{ echo "# no READY=1"; sed 's/^/# /' "$TMP/log"; return 1; }
	policy_gen_above "$g" || { echo "# generation $(policy_gen), was $g"; return 1; }
	log_has "policy loaded (start): generation $(policy_gen), 4 roles, 7 rules" ||
		{ sed 's/^/# /' "$TMP/log"; return 1; }
	[ "$(rules)" = "allow web db : unix_stream { connect send };" ] ||
		{ rules | sed 's/^/# /'; return 1; }
	grep -q 'STATUS=policy generation' "$TMP/notify.log"
}
tap_result "start: loads sipc.conf's policy, READY=1 and STATUS= by sd_notify" start

edit_followed() {
	local g

	g=$(policy_gen)
	cat >"$TMP/policy.d/20-more.sipc" <<-'EOF'
	allow db web : signal { kill };
	EOF
	wait_for 20 policy_gen_above "$g" || { echo "# not reloaded"; sed 's/^/# /' "$TMP/log"; return 1; }
	printf '%s\n' "allow db web : signal { kill };" \
		"allow web db : unix_stream { connect send };" >"$TMP/want"
	rules | diff "$TMP/want" - | sed 's/^/# /'
	[ "${PIPESTATUS[1]}" = 0 ] && log_has 'policy loaded (files changed)'
}
tap_result "a new policy file is loaded (inotify)" edit_followed

broken_edit() {
	local g

	g=$(policy_gen)
	: >"$TMP/before"
	rules >"$TMP/before"
	printf 'allow db web : signal { kill };\nallow db web : pipe { fly };\n' \
		>"$TMP/policy.d/20-more.sipc"
	wait_for 20 log_has "policy refused: $TMP/policy.d/20-more.sipc:2:23: error: unknown permission 'fly'" ||
		{ sed 's/^/# /' "$TMP/log"; return 1; }
	log_has "policy refused (files changed): generation $g stays in force" &&
	[ "$(policy_gen)" = "$g" ] && rules | diff -q "$TMP/before" - >/dev/null
}
tap_result "a broken edit is refused with file:line:col, the policy stays" broken_edit

fixed_edit() {
	local g

	g=$(policy_gen)
	printf 'allow db web : signal { kill stop };\n' >"$TMP/policy.d/20-more.sipc"
	wait_for 20 policy_gen_above "$g" || { sed 's/^/# /' "$TMP/log"; return 1; }
	rules | grep -qx 'allow db web : signal { kill stop };'
}
tap_result "the fixed edit is loaded" fixed_edit

# SIGHUP while busy's processes ping-pong through every kind: each
# reload swaps the policy under them, and no decision may be refused.
sighup_under_load() {
	local g denied0 denied1 load i ret=0

	g=$(policy_gen)
	denied0=$("$SIPCCTL" stats --json | sed -n 's/.*"denied": \([0-9]*\).*/\1/p')
	setpriv --reuid=12347 --regid=12347 --clear-groups \
		"$LOAD" -t 8 -q pipe unix dgram msg mqueue signal >"$TMP/load" 2>&1 &
	load=$!
	sleep 1
	# the load runs confined, so that a lost decision would be refused
	"$SIPCCTL" ps | awk '$2 == "busy" && $3 == "ipc-load" { n++ } END { exit n < 2 }' ||
		{ echo "# ipc-load is not confined in busy"; ret=1; }
	for i in 1 2 3 4 5; do
		kill -HUP "$DAEMON"
		wait_for 20 policy_gen_above $((g + i - 1)) || { echo "# SIGHUP $i not loaded"; ret=1; }
	done
	wait "$load" || { echo "# ipc-load failed:"; sed 's/^/# /' "$TMP/load"; ret=1; }
	denied1=$("$SIPCCTL" stats --json | sed -n 's/.*"denied": \([0-9]*\).*/\1/p')
	[ "$denied0" = "$denied1" ] || { echo "# denied $denied0 -> $denied1"; ret=1; }
	[ "$(grep -c 'SIGHUP: reloading' "$TMP/log")" = 5 ] || ret=1
	return $ret
}
tap_result "SIGHUP under IPC load: 5 reloads, no decision refused" sighup_under_load

touch_unrelated() {
	local g

	g=$(policy_gen)
	echo '{}' >"$TMP/state/unrelated.json"
	: >"$TMP/policy.d/README"
	sleep 1
	[ "$(policy_gen)" = "$g" ] && log_has 'policy unchanged (files changed)'
}
tap_result "a change that compiles to the same policy loads nothing" touch_unrelated

module_reload() {
	local want

	want=$(rules)
	rmmod sipc || return 1
	wait_for 20 log_has 'sipc module gone' ||
		{ insmod "$MODULE" inject=1; sed 's/^/# /' "$TMP/log"; return 1; }
	insmod "$MODULE" inject=1 || return 1
	wait_for 20 log_has 'policy loaded (module reloaded): generation 1' ||
		{ sed 's/^/# /' "$TMP/log"; return 1; }
	[ "$(policy_gen)" = 1 ] && [ "$(rules)" = "$want" ]
}
tap_result "after rmmod and insmod, the policy is loaded again" module_reload

sigterm_keeps_policy() {
	local g rc

	g=$(policy_gen)
	kill -TERM "$DAEMON"
	wait "$DAEMON"
	rc=$?
	DAEMON=
	[ "$rc" = 0 ] || { echo "# exit status $rc"; return 1; }
	log_has 'exiting, the policy stays loaded' &&
	grep -q 'STOPPING=1' "$TMP/notify.log" &&
	[ "$(policy_gen)" = "$g" ] && rules | grep -qx 'allow web db : unix_stream { connect send };'
}
tap_result "SIGTERM: exit 0, STOPPING=1, the policy stays" sigterm_keeps_policy

bad_config() {
	local rc

	printf 'policy %s\nfrobnicate 1\n' "$TMP/policy.d/10-base.sipc" >"$TMP/bad.conf"
	timeout 10 "$SIPCD" --foreground --config "$TMP/bad.conf" >"$TMP/badlog" 2>&1 &
	sleep 2
	kill -TERM $! 2>/dev/null
	wait $!
	rc=$?
	grep -q "$TMP/bad.conf:2:1: error: unknown setting 'frobnicate'" "$TMP/badlog" ||
		{ sed 's/^/# /' "$TMP/badlog"; return 1; }
	[ "$rc" = 0 ] || { echo "# exit status $rc"; return 1; }
	"$SIPCD" --bogus 2>/dev/null
	[ $? = 2 ]
}
tap_result "a bad sipc.conf is refused with file:line:col; usage errors exit 2" bad_config

tap_exit
