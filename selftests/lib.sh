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

# Any security_* function still attached through ftrace?
ftrace_attached() {
	grep -q '^security_' /sys/kernel/tracing/enabled_functions
}
