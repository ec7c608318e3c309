#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Both ways of reaching sipc from a hooked function: the direct-call
# trampoline (intercept=auto picks it on both kernels) and the ftrace
# callback (intercept=ops, the fallback).  The rest of the suite runs
# through the default; here a few programs that refuse and allow through
# every IPC kind run through the fallback (and unload_test.sh reloads
# under load through both).  Then, with the trampoline in
# place, other ftrace users of a hooked function keep working, and a stack
# trace taken inside sipc unwinds through the trampoline into the hooked
# function and its callers (ORC).  Only one direct caller may sit on a
# function: a BPF fentry program or a live patch on a hooked function is
# refused while sipc is attached (see Documentation/design.rst).
. "$(dirname "$0")/lib.sh"

T=/sys/kernel/tracing
PARAM=/sys/module/sipc/parameters/intercept
read -r -a PROGRAMS <<<"${INTERCEPT_TESTS:-build/selftests/pipe_test build/selftests/unix_test build/selftests/sysv_test build/selftests/policy_bypass_test}"
tap_plan $((${#PROGRAMS[@]} + 7))

# load PARAMS...: reload sipc with these parameters; say how it attached.
load() {
	sipc_unload || return 1
	kmsg_mark
	insmod "$MODULE" inject=1 "$@" || return 1
	ATTACHED=$(kmsg_since_mark | grep -o 'attached to .*')
	echo "# $ATTACHED"
}

run_program() {
	local out rc

	out=$(cd "$ROOT" && "$1" 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "$out" | grep -v '^ok ' | sed 's/^/# /' | tail -n 30
	fi
	return $rc
}

path_works() {
	local p

	for p in "${PROGRAMS[@]}"; do
		tap_result "$1: $(basename "$p") passes" run_program "$p"
	done
}

direct_by_default() {
	load || return 1
	[ "$(cat "$PARAM")" = auto ] && [[ $ATTACHED == *"direct calls" ]]
}
tap_result "intercept=auto attaches with direct calls" direct_by_default

ops_fallback() {
	load intercept=ops || return 1
	[[ $ATTACHED == *"ftrace callback" ]]
}
tap_result "intercept=ops attaches with the ftrace callback" ops_fallback
path_works ops

bad_value_refused() {
	local err

	sipc_unload || return 1
	kmsg_mark
	err=$(insmod "$MODULE" intercept=fast 2>&1) && return 1
	echo "# insmod: $err"
	! sipc_loaded &&
		kmsg_since_mark | grep -q 'intercept=fast: want auto, direct or ops' &&
		! ftrace_attached
}
tap_result "intercept=fast is refused, and nothing is attached" \
	bad_value_refused

# The function tracer and a kprobe on a function the trampoline is
# attached to, while pipe_test refuses and allows through it.
coexist() {
	local hits probes rc

	load intercept=direct || return 1
	echo 0 >"$T/tracing_on"
	echo >"$T/trace"
	echo security_file_permission >"$T/set_ftrace_filter" || return 1
	echo 'p:sipc_coexist security_file_permission' \
		>>"$T/kprobe_events" || return 1
	echo 1 >"$T/events/kprobes/sipc_coexist/enable" || return 1
	echo function >"$T/current_tracer" || return 1
	echo 1 >"$T/tracing_on"
	run_program build/selftests/pipe_test
	rc=$?
	echo 0 >"$T/tracing_on"
	hits=$(grep -c 'security_file_permission <-' "$T/trace")
	probes=$(grep -c 'sipc_coexist:' "$T/trace")
	echo "# function tracer: $hits calls; kprobe: $probes hits; pipe_test exit $rc"
	echo nop >"$T/current_tracer"
	echo >"$T/set_ftrace_filter"
	echo 0 >"$T/events/kprobes/sipc_coexist/enable"
	echo '-:sipc_coexist' >>"$T/kprobe_events"
	[ "$rc" -eq 0 ] && [ "$hits" -gt 0 ] && [ "$probes" -gt 0 ]
}
tap_result "the function tracer and a kprobe on a hooked function work beside the trampoline" \
	coexist

# With inject=1, "stack" makes the writer's next hooked call save the
# kernel stack it is decided on (stack_trace_save(), the ORC unwinder).
# From there the unwinder must walk through the trampoline into the
# hooked function, and on down to the system call.
unwinds() {
	local inject=/sys/kernel/security/sipc/inject stack

	sipc_loaded || load || return 1
	bash -c "echo stack >$inject && echo x" | cat >/dev/null
	stack=$(sed 's/[+ ].*//' "$inject")
	echo "$stack" | head -n 12 | sed 's/^/#   /'
	grep -A1 '^sipc_direct_trampoline$' <<<"$stack" |
		grep -q '^security_file_permission$' &&
		sed -n '/^security_file_permission$/,$p' <<<"$stack" |
		grep -q '^vfs_write$' &&
		sed -n '/^vfs_write$/,$p' <<<"$stack" |
		grep -q '^do_syscall_64$'
}
tap_result "a stack trace from inside sipc unwinds through the trampoline" \
	unwinds

unloads_clean() {
	sipc_unload && ! ftrace_attached
}
tap_result "unload leaves nothing attached" unloads_clean
tap_result "reload for the tests that follow" insmod "$MODULE" inject=1
tap_exit
