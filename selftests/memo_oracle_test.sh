#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The memo's oracle: run policy test programs with the memo off
# (sipc.memo=0, every decision computed from the roles and the rules),
# then with it on, and compare every verdict, test by test.  Each
# program asserts its own expected errnos, so each run must also pass.
# MEMO_ORACLE_TESTS="build/selftests/policy_x_test ..." picks the
# programs (all of build/selftests/policy_*_test for the whole suite); by
# default two whose checks all go through the memo (pipes and signals),
# which take about a minute under TCG.
. "$(dirname "$0")/lib.sh"

PARAM=/sys/module/sipc/parameters/memo
read -r -a TESTS <<<"${MEMO_ORACLE_TESTS:-build/selftests/policy_signal_test build/selftests/policy_pipe_test}"

tap_plan $((2 * ${#TESTS[@]} + 2))

if ! sipc_loaded; then
	insmod "$MODULE" inject=1 || { echo "Bail out! cannot load sipc"; exit 1; }
fi
[ -w "$PARAM" ] || { echo "Bail out! no writable $PARAM"; exit 1; }
START=$(cat "$PARAM")

# verdicts TEST MEMO OUT: run TEST with the memo set to MEMO; its "ok" /
# "not ok" lines, without their numbers, into OUT; whether it passed.
verdicts() {
	local t=$1 memo=$2 out=$3 rc

	echo "$memo" >"$PARAM" || return 1
	[ "$(cat "$PARAM")" = "$memo" ] || return 1
	(cd "$ROOT" && "$t") >"$out.raw" 2>&1
	rc=$?
	sed -nE 's/^(not ok|ok) [0-9]+ (.*)$/\1 \2/p' "$out.raw" >"$out"
	if [ "$rc" -ne 0 ] || [ ! -s "$out" ] || grep -q '^not ok' "$out"; then
		sed 's/^/# /' "$out.raw"
		return 1
	fi
}

same() {
	diff -u "$1" "$2" | sed 's/^/# /'
	cmp -s "$1" "$2"
}

tmp=$(mktemp -d)
for t in "${TESTS[@]}"; do
	prog=$(basename "$t")
	tap_result "$prog passes with the memo off" \
		verdicts "$t" N "$tmp/$prog.off"
	tap_result "$prog gives the same verdicts with the memo on" \
		eval 'verdicts "$t" Y "$tmp/$prog.on" &&
		      same "$tmp/$prog.off" "$tmp/$prog.on"'
done

# The parameter really switches: off, a decision is never remembered.
tap_result "the memo parameter reads back" \
	eval 'echo N >"$PARAM" && [ "$(cat "$PARAM")" = N ] &&
	      echo Y >"$PARAM" && [ "$(cat "$PARAM")" = Y ]'
echo "$START" >"$PARAM"
tap_result "the memo is on by default" [ "$START" = Y ]
rm -rf "$tmp"
echo "# $SECONDS s"
tap_exit
