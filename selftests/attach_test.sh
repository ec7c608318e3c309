#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Attaching is all-or-nothing: when one function cannot be attached, the
# load fails with a log line naming it, and nothing stays attached.
. "$(dirname "$0")/lib.sh"

tap_plan 9

# A function of this kernel that exists but that ftrace cannot trace.
untraceable_function() {
	local f

	for f in trace_clock_local sched_clock_cpu native_sched_clock \
		 ftrace_ops_list_func; do
		if grep -q " [tT] $f\$" /proc/kallsyms &&
		   ! grep -q "^$f\b" /sys/kernel/tracing/available_filter_functions &&
		   ! grep -q " $f\$" /sys/kernel/debug/kprobes/blacklist 2>/dev/null; then
			echo "$f"
			return 0
		fi
	done
	return 1
}

# refused_load FUNCTION MESSAGE: the load must fail and log MESSAGE.
refused_load() {
	local func=$1 msg=$2

	kmsg_mark
	if insmod "$MODULE" attach_also="$func" 2>/dev/null; then
		echo "# insmod with attach_also=$func succeeded"
		return 1
	fi
	kmsg_since_mark | grep -q "sipc: cannot attach: $func $msg" || {
		echo "# no log line for $func:"
		kmsg_since_mark | sed 's/^/# /'
		return 1
	}
	! sipc_loaded && ! ftrace_attached
}

# ftrace_attached cannot read what is attached: it must bail out, not
# say "nothing" (which "! ftrace_attached" would take for a pass).
unreadable_is_an_error() {
	! (FTRACE_ENABLED=/nonexistent/enabled_functions
	   ! ftrace_attached) >/dev/null 2>&1
}

# What the kernel logged before this test is still there at its end.
log_kept() {
	dmesg | grep -qF "$START_MARK" || {
		echo "# the kernel log lost \"$START_MARK\""
		return 1
	}
}

kmsg_mark
START_MARK=$KMSG_MARK
tap_result "ftrace_attached fails when it cannot read enabled_functions" \
	unreadable_is_an_error

sipc_unload
tap_result "a missing function fails the load, naming it" \
	refused_load sipc_no_such_function "not found in this kernel"
f=$(untraceable_function) || f=
if [ -n "$f" ]; then
	tap_result "an untraceable function ($f) fails the load, naming it" \
		refused_load "$f" "is not traceable"
else
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N an untraceable function fails the load # SKIP none found"
fi
tap_result "a clean load attaches" insmod "$MODULE" inject=1
tap_result "security functions are attached" ftrace_attached
tap_result "unload" sipc_unload
tap_result "nothing left attached" eval '! ftrace_attached'
tap_result "reload for the tests that follow" insmod "$MODULE" inject=1
tap_result "the kernel log is kept" log_kept
tap_exit
