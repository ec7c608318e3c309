# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the shell selftests, run in the guest as root.

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODULE=$ROOT/build/$(uname -r)/kernel/sipc.ko
TAP_N=0
TAP_FAILED=0

tap_plan() {
	echo "TAP version 13"
	echo "1..$1"
}

# tap_result NAME COMMAND...: run the check, report ok/not ok.
tap_result() {
	local name=$1

	shift
	TAP_N=$((TAP_N + 1))
	if "$@"; then
		echo "ok $TAP_N $name"
	else
		echo "not ok $TAP_N $name"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

tap_exit() {
	[ "$TAP_FAILED" -eq 0 ]
	exit $?
}

sipc_loaded() {
	grep -q '^sipc ' /proc/modules
}

sipc_unload() {
	! sipc_loaded || rmmod sipc
}

FTRACE_ENABLED=${FTRACE_ENABLED:-/sys/kernel/tracing/enabled_functions}

# Any security_* function still attached through ftrace?  When that
# cannot be told, bail out: "no" would let "nothing left attached" pass.
ftrace_attached() {
	local funcs

	if ! funcs=$(cat "$FTRACE_ENABLED"); then
		echo "Bail out! cannot read $FTRACE_ENABLED"
		exit 2
	fi
	grep -q '^security_' <<<"$funcs"
}

# kmsg_mark: write a unique line to the kernel log, for kmsg_since_mark.
# The log is never cleared: other tests and the harness read it too.
kmsg_mark() {
	KMSG_MARK="sipc-selftest: $(basename "$0") $$ mark $RANDOM$RANDOM"
	echo "$KMSG_MARK" >/dev/kmsg
}

# kmsg_since_mark: the kernel log after the last kmsg_mark; fails when
# the mark is not in the log (the log was cleared or overran).
kmsg_since_mark() {
	dmesg | awk -v mark="$KMSG_MARK" '
		found { print }
		index($0, mark) { found = 1 }
		END { exit !found }'
}

# policy_gen: the generation of the policy in force, from sipcctl status.
policy_gen() {
	"$ROOT/build/userspace/sipcctl" status --json |
		sed -n 's/.*"policy_generation": \([0-9]*\).*/\1/p'
}

# policy_gen_above GEN: a policy newer than generation GEN is in force.
policy_gen_above() {
	[ "$(policy_gen)" -gt "$1" ] 2>/dev/null
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS.
wait_for() {
	local end=$((SECONDS + $1))

	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}

# running_as PID COMM: PID has exec'd COMM, so setpriv has already set the
# credentials the role is matched on.  A fixed sleep is not enough on a
# loaded TCG host.
running_as() {
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]
}
