#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A policy meets a running system: stress-ng, confined in role st with
# every permission on its own objects, must see no denial and pass its
# own checks whether the policy was loaded before it started, while it
# runs, or again after the module was unloaded and loaded under it.
# Its pipes, socketpairs, SysV objects, queues and FIFOs made before the
# load must take its role (Documentation/policy.rst, "A running system").
. "$(dirname "$0")/lib.sh"

SIPCCTL=$ROOT/build/userspace/sipcctl
POLICY=$ROOT/selftests/policy/running_st.sipc
DIR=/tmp/sipc-running
# Seconds of stress: the load must be over well before stress-ng's run
# ends, or its stressors, ending, leave objects that no live process
# holds any more (they stay unconfined).  A load takes 1 to 12 s, the
# reload case's rmmod and insmod 6 to 36 s, under TCG on a busy host.
# A run that was over too soon is not a verdict on sipc: it is tried
# once more, three times as long as the load took then.
# Three runs, and perhaps one again: more than selftests/run's default.
# timeout: 720
RUN=${RUN:-20}
RUN_RELOAD=${RUN_RELOAD:-60}
# Seconds of the run that must be left once the policy is in force.
LEFT=5
# The workload of issue 8.
STRESSORS="--pipe 1 --fifo 1 --sockpair 1 --sockfd 1 --msg 1 --sem-sysv 1
	--shm-sysv 1 --mq 1 --sigq 1"
LOG=$(mktemp)
trap 'rm -rf "$LOG" "$DIR"' EXIT

tap_plan 3

# counter NAME: the value of a decision counter (sipcctl stats), or
# nothing when it cannot be read.
counter() {
	"$SIPCCTL" stats | awk -v n="$1" '$1 == n { print $2 }'
}

# stress WHEN RUN: run the stress workload for RUN seconds, putting the
# policy in force WHEN (before, during, reload); every stressor must pass
# and no operation of role st on its own objects may be refused.  Exit 2
# when the run was ending before the policy was in force, LATE being
# how many seconds into it that was.
stress() {
	local when=$1 run=$2 pid rc base denied allowed start

	rm -rf "$DIR" && mkdir -p "$DIR" || return 1
	"$SIPCCTL" load "$ROOT/selftests/policy/reset.sipc" || return 1
	[ "$when" = before ] && { "$SIPCCTL" load "$POLICY" || return 1; }
	base=$(counter denied)
	SECONDS=0
	# shellcheck disable=SC2086 # a list of options
	stress-ng $STRESSORS --verify \
		--temp-path "$DIR" -t "$run" >"$LOG" 2>&1 &
	pid=$!
	# Let every stressor make its objects and get going first.
	sleep 5
	start=$SECONDS
	case $when in
	during)
		"$SIPCCTL" load "$POLICY" || return 1
		echo "# load took $((SECONDS - start))s"
		;;
	reload)
		"$SIPCCTL" load "$POLICY" || return 1
		start=$SECONDS
		rmmod sipc && insmod "$MODULE" inject=1 || return 1
		base=0
		"$SIPCCTL" load "$POLICY" || return 1
		echo "# rmmod, insmod and load took $((SECONDS - start))s"
		;;
	esac
	# Not kill -0: a signal from here to role st is not allowed.
	if ! grep -qs '^State:[[:space:]]*[RSD]' "/proc/$pid/status" ||
	   [ $((run - SECONDS)) -lt "$LEFT" ]; then
		LATE=$SECONDS
		echo "# $when: stress-ng's run was ending when the policy came" \
			"in force, ${SECONDS}s into ${run}s"
		sed 's/^/# stress-ng: /' "$LOG" | tail -n 20
		wait "$pid"
		return 2
	fi
	wait "$pid"
	rc=$?
	denied=$(counter denied)
	allowed=$(counter allowed_by_rule)
	[ -n "$denied" ] && [ -n "$allowed" ] || return 1
	denied=$((denied - base))
	echo "# $when: stress-ng exit $rc, denied $denied, allowed by rule $allowed"
	if [ "$rc" != 0 ] || [ "$denied" != 0 ]; then
		sed 's/^/# stress-ng: /' "$LOG" | tail -n 20
		dmesg | grep 'sipc: denied' | tail -n 10 | sed 's/^/# /'
		dmesg | grep 'sipc: no memory' | tail -n 3 | sed 's/^/# /'
		"$SIPCCTL" stats | grep '^labels' | sed 's/^/# /'
		return 1
	fi
	# The policy really confined the workload.
	[ "${allowed:-0}" -gt 0 ]
}

# stress_in_time WHEN RUN: stress, and once more, for three times as long as
# the load then took, when the run was over before the policy came in force.
stress_in_time() {
	local rc run

	stress "$1" "$2"
	rc=$?
	[ "$rc" = 2 ] || return "$rc"
	run=$((LATE * 3))
	echo "# $1: again, for ${run}s"
	stress "$1" "$run"
}

tap_result "policy loaded before stress-ng started" stress_in_time before "$RUN"
tap_result "policy loaded while stress-ng runs" stress_in_time during "$RUN"
tap_result "module reloaded and policy loaded under stress-ng" \
	stress_in_time reload "$RUN_RELOAD"

"$SIPCCTL" load "$ROOT/selftests/policy/reset.sipc"
tap_exit
