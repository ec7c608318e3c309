#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sipcctl against securityfs: status and stats (text and --json) must
# agree with /sys/kernel/security/sipc/hooks; exit status 2 on usage
# errors and 3 when the module is not loaded.  No jq: grep, sed and awk.
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
HOOKS=/sys/kernel/security/sipc/hooks
INJECT=/sys/kernel/security/sipc/inject
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

tap_plan 13

# expect_exit STATUS CMD...: CMD must exit with STATUS and, unless it is
# 0, say something on stderr.
expect_exit() {
	local want=$1 got

	shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "# $*: exit $got, want $want"
		sed 's/^/# stderr: /' "$TMP/err"
		return 1
	fi
	if [ "$want" != 0 ] && [ ! -s "$TMP/err" ]; then
		echo "# $*: no message on stderr"
		return 1
	fi
}

status_text() {
	local n

	expect_exit 0 "$SIPCCTL" status || return 1
	n=$(wc -l <"$HOOKS")
	grep -qx 'sipc: loaded' "$TMP/out" &&
	grep -qx '  abi version: 1' "$TMP/out" &&
	grep -qx "  hooks: $n" "$TMP/out" &&
	grep -qx "  fault injection: $([ -e "$INJECT" ] && echo enabled || echo disabled)" \
		"$TMP/out" || { sed 's/^/# /' "$TMP/out"; return 1; }
}
tap_result "status: text agrees with securityfs" status_text

# json_field NAME: the value of "NAME": in the one-line JSON in $TMP/out.
json_field() {
	sed -n "s/.*\"$1\": \([^,}]*\).*/\1/p" "$TMP/out"
}

status_json() {
	local n

	expect_exit 0 "$SIPCCTL" status --json || return 1
	n=$(wc -l <"$HOOKS")
	[ "$(wc -l <"$TMP/out")" = 1 ] &&
	[ "$(json_field loaded)" = true ] &&
	[ "$(json_field abi_version)" = "$(cat /sys/kernel/security/sipc/abi_version)" ] &&
	[ "$(json_field hooks)" = "$n" ] &&
	[ "$(json_field functions)" -gt 0 ] &&
	[ "$(json_field functions)" -le "$n" ] &&
	[ "$(json_field inject)" = "$([ -e "$INJECT" ] && echo true || echo false)" ] ||
		{ sed 's/^/# /' "$TMP/out"; return 1; }
}
tap_result "status --json agrees with securityfs" status_json

# compare FILE: FILE has "<name> <calls> <refused>" lines; same names in
# the same order as $TMP/before, every counter at least as large.
compare() {
	awk 'NR == FNR { name[FNR] = $1; calls[FNR] = $2; refused[FNR] = $3;
			 n = FNR; next }
	     { m = FNR
	       if ($1 != name[FNR]) { print "# line " FNR ": " $1 ", securityfs: " name[FNR]; bad = 1 }
	       if ($2 + 0 < calls[FNR] + 0 || $3 + 0 < refused[FNR] + 0) {
		       print "# " $1 ": " $2 " " $3 " < securityfs " calls[FNR] " " refused[FNR]; bad = 1 } }
	     END { if (m != n) { print "# " m " hooks, securityfs has " n; bad = 1 }
		   exit bad }' "$TMP/before" "$1"
}

stats_json() {
	cp "$HOOKS" "$TMP/before"
	expect_exit 0 "$SIPCCTL" stats --json || return 1
	head -n 1 "$TMP/out" | grep -q '^{"hooks": \[' &&
	tail -n 1 "$TMP/out" | grep -q '^\]}$' ||
		{ echo "# not the documented layout"; return 1; }
	sed -n 's/^  {"name": "\([^"]*\)", "calls": \([0-9]*\), "refused": \([0-9]*\)},\{0,1\}$/\1 \2 \3/p' \
		"$TMP/out" >"$TMP/json"
	# Every line but the first and last is one hook.
	[ "$(wc -l <"$TMP/json")" = "$(($(wc -l <"$TMP/out") - 2))" ] ||
		{ echo "# unparsed lines in --json output"; return 1; }
	compare "$TMP/json"
}
tap_result "stats --json agrees with securityfs" stats_json

stats_text() {
	cp "$HOOKS" "$TMP/before"
	expect_exit 0 "$SIPCCTL" stats || return 1
	head -n 1 "$TMP/out" | grep -Eq '^HOOK +CALLS +REFUSED$' || return 1
	tail -n +2 "$TMP/out" | awk '{ print $1, $2, $3 }' >"$TMP/text"
	compare "$TMP/text"
}
tap_result "stats agrees with securityfs" stats_text

# The counters are live: 20 pipe operations show up.
stats_live() {
	local a b

	"$SIPCCTL" stats --json >"$TMP/a" || return 1
	for _ in $(seq 10); do echo x | cat >/dev/null; done
	"$SIPCCTL" stats --json >"$TMP/b" || return 1
	a=$(sed -n 's/.*"pipe.file_permission", "calls": \([0-9]*\).*/\1/p' "$TMP/a")
	b=$(sed -n 's/.*"pipe.file_permission", "calls": \([0-9]*\).*/\1/p' "$TMP/b")
	[ -n "$a" ] && [ -n "$b" ] && [ "$b" -ge $((a + 20)) ] ||
		{ echo "# pipe.file_permission calls: $a then $b"; return 1; }
}
tap_result "stats counters are live" stats_live

tap_result "no command: usage, exit 2" expect_exit 2 "$SIPCCTL"
tap_result "unknown command: exit 2" expect_exit 2 "$SIPCCTL" frobnicate
tap_result "unknown option: exit 2" expect_exit 2 "$SIPCCTL" stats --frob
tap_result "unexpected argument: exit 2" expect_exit 2 "$SIPCCTL" status extra
tap_result "--help: exit 0" expect_exit 0 "$SIPCCTL" status --help

not_loaded() {
	local ret=0

	sipc_unload || return 1
	expect_exit 3 "$SIPCCTL" status || ret=1
	grep -q 'not found' "$TMP/err" || { sed 's/^/# /' "$TMP/err"; ret=1; }
	expect_exit 3 "$SIPCCTL" stats --json || ret=1
	[ ! -s "$TMP/out" ] || { echo "# output without the module"; ret=1; }
	insmod "$MODULE" inject=1 || { echo "# cannot reload $MODULE"; return 1; }
	return $ret
}
tap_result "module not loaded: exit 3" not_loaded
tap_result "module loaded again" sipc_loaded
tap_result "status after reload" expect_exit 0 "$SIPCCTL" status

tap_exit
