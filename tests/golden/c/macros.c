/* Definitions whose head is a macro call, as in the Linux kernel: named after the macro,
   like pmccabe and ctags name them. A block in a function body is a loop, not a definition. */
SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	if (sig < 0)
		return -1;
	return 0;
}

SYSCALL_DEFINE0(getpid)
{
	return 1;
}

#ifdef CONFIG_X
BPF_CALL_1(bpf_helper, int, flags)
{
	return flags ? 1 : 0;
}
#endif

static void walk(int n)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		if (cpu > n)
			break;
	}
	list_for_each_entry(pos, head, member)
		n++;
}

static __always_inline int attributed(int x)
{
	return x;
}
