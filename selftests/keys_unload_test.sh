#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unload sipc while the policy's key rotation timer is armed, and while a
# timed rotation may be running: rmmod stops the timer and waits for the
# rotation in progress, so nothing of it runs once the module is gone (a
# work left queued would run freed code a period later and oops).
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
D=$(mktemp -d /tmp/sipc-keys-unload.XXXXXX)
trap 'rm -rf "$D"' EXIT
tap_plan 6

printf 'role a;\nkeys rotate every 1s grace 0s;\n' >"$D/timed.sipc"

epoch() {
	"$SIPCCTL" keys --json | sed -n 's/^{"epoch": \([0-9]*\),.*/\1/p'
}

# sipcctl keys shows the policy's period and grace, and that a policy
# without the statement has no timer.
shows_period() {
	local json

	"$SIPCCTL" load "$D/timed.sipc" >/dev/null || return 1
	json=$("$SIPCCTL" keys --json) || return 1
	grep -q '"rotate_ms": 1000, "rotate_grace_ms": 0,' <<<"$json" || {
		echo "# $json"
		return 1
	}
	"$SIPCCTL" keys | grep -qx 'rotation: every 1.000 s (policy), grace 0.000 s' ||
		return 1
	printf 'role a;\n' >"$D/untimed.sipc"
	"$SIPCCTL" load "$D/untimed.sipc" >/dev/null || return 1
	"$SIPCCTL" keys --json | grep -q '"rotate_ms": 0, "rotate_grace_ms": 0,' &&
		"$SIPCCTL" keys | grep -q '^rotation: by hand only'
}
tap_result "sipcctl keys shows the policy's rotation period, or none" \
	shows_period

timer_runs() {
	local e0 e1

	"$SIPCCTL" load "$D/timed.sipc" >/dev/null || return 1
	e0=$(epoch)
	sleep 2.5
	e1=$(epoch)
	echo "# epoch $e0, then $e1"
	[ -n "$e0" ] && [ -n "$e1" ] && [ "$e1" -ge $((e0 + 2)) ]
}
tap_result "the policy's timer rotates the keys" timer_runs

kmsg_mark
tap_result "rmmod with the timer armed" rmmod sipc

# Unload at other points of the period, one of them near a rotation.
cycles() {
	local i

	for i in 1 2 3 4 5; do
		insmod "$MODULE" inject=1 || return 1
		"$SIPCCTL" load "$D/timed.sipc" >/dev/null || return 1
		sleep "$((i / 2)).$((i * 19 % 10))"
		rmmod sipc || return 1
	done
}
tap_result "load, arm, unload, five times at different points" cycles

# Three periods later, anything left behind would have run.
nothing_after() {
	sleep 3
	kmsg_since_mark >"$D/kmsg" || { echo "# the mark is gone"; return 1; }
	if grep -Eq 'BUG|WARNING|Oops|RIP:|general protection|unable to handle' "$D/kmsg"; then
		sed 's/^/# /' "$D/kmsg" | head -n 20
		return 1
	fi
}
tap_result "no oops or warning after the unloads" nothing_after

# Nothing survives: a fresh load starts at epoch 1, with no timer.
fresh() {
	local e0

	insmod "$MODULE" inject=1 || return 1
	e0=$(epoch)
	sleep 1.5
	[ "$e0" = 1 ] && [ "$(epoch)" = 1 ]
}
tap_result "reloaded for the tests that follow: epoch 1, no timer" fresh
tap_exit
