# Splits a server's perf samples into where the CPU went, for bench/profile.sh. Input: the lines of
#   perf report --no-children --sort comm,dso,sym -g none -n --stdio -t ';'
# (percent;samples;thread name;binary;symbol) of a recording taken with a fixed period (-e cpu-clock -c NANOS).
# Output: one "order<TAB>category<TAB>samples" line per category that has samples (order: where the category goes
# in a table). By thread first (a JVM's compiler, GC, VM and JFR threads, whatever code they run), then by binary,
# then by kernel symbol.
BEGIN { FS = ";" }
/^#/ || NF < 5 { next }
{
    n = $2 + 0; comm = $3; dso = $4; sym = $5
    gsub(/^ +| +$/, "", comm); gsub(/^ +| +$/, "", dso); gsub(/^ +| +$/, "", sym); sub(/^\[.\] /, "", sym)
    if (comm ~ /^C[12] CompilerThre/) cat = "7\tJVM: JIT compiler threads"
    else if (comm ~ /^(Z[A-Z]|GC |G1 |VM Thread|VM Periodic|JFR )/) cat = "8\tJVM: GC, VM and JFR threads"
    else if (dso ~ /^lib(opus|avcodec|avutil|swresample|spandsp|speexdsp|bcg729)/) cat = "3\tcodec libraries (libopus, libav*)"
    else if (dso == "[kernel.kallsyms]") {
        # the scheduler and the wait itself, and what a guest's sampling timer charges to the point where
        # interrupts come back on (a thread woken, a softirq's end: some of it is the packets' own work, so the two
        # kernel rows are a rough split; their sum is the kernel's)
        if (sym ~ /^(finish_task_switch(\.isra\.0)?|__schedule|schedule|schedule_hrtimeout_range(_clock)?|io_cqring_wait|_raw_spin_unlock_irq(restore)?|irqentry_exit_to_user_mode|pick_next_task.*|__switch_to(_asm)?|futex_wait.*|do_nanosleep|ep_poll)$/)
            cat = "2\tkernel: sleeps, wake-ups, interrupts back on"
        else cat = "1\tkernel: packets (system calls, UDP/IP, loopback delivery)"
    }
    else if (dso ~ /^\[JIT\]|^perf-[0-9]+\.map/) cat = "4\tserver's own code (JIT-compiled Java)"
    else if (dso == "rtpengine" || dso ~ /^libglib/) cat = "5\tserver's own code (rtpengine, GLib)"
    else if (dso ~ /^libjvm/) cat = "6\tJVM runtime on the other threads (JNI, safepoints)"
    else cat = "9\tlibc, JNA and other native code"
    total[cat] += n
}
END { for (c in total) printf "%s\t%d\n", c, total[c] }
