package org.rtcsip.sidecar.net;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The few libc entry points an io_uring needs, through JNA direct mapping (primitive arguments only: no Java
 * allocation per call), and the kernel ABI it speaks (include/uapi/linux/io_uring.h: struct offsets, opcodes,
 * flags). {@code syscall(2)} is variadic; its integer arguments travel in the same registers as a fixed
 * prototype's on x86-64 and aarch64 Linux, the only platforms this is loaded on.
 *
 * <p>Loaded once per process; {@link #problem()} says why it could not be, and then nothing here may be called.
 */
final class LinuxUring {
    // asm-generic/unistd.h: the same numbers on x86-64 and aarch64
    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;

    // struct io_uring_params (120 bytes)
    static final int PARAMS_SIZE = 120;
    static final int P_SQ_ENTRIES = 0;
    static final int P_CQ_ENTRIES = 4;
    static final int P_FLAGS = 8;
    static final int P_FEATURES = 20;
    static final int P_SQ_OFF = 40; // struct io_sqring_offsets: head, tail, ring_mask, ring_entries, flags, dropped, array
    static final int P_CQ_OFF = 80; // struct io_cqring_offsets: head, tail, ring_mask, ring_entries, overflow, cqes

    static final int SETUP_CQSIZE = 1 << 3;
    static final int SETUP_SUBMIT_ALL = 1 << 7;
    static final int SETUP_COOP_TASKRUN = 1 << 8;
    static final int SETUP_SINGLE_ISSUER = 1 << 12;
    static final int SETUP_DEFER_TASKRUN = 1 << 13;

    static final int FEAT_SINGLE_MMAP = 1;
    static final int FEAT_NODROP = 1 << 1;
    static final int FEAT_EXT_ARG = 1 << 8;
    /** io_uring_getevents_arg.min_wait_usec is honoured (Linux 6.12+). */
    static final int FEAT_MIN_TIMEOUT = 1 << 15;

    static final long OFF_SQ_RING = 0L;
    static final long OFF_CQ_RING = 0x8000000L;
    static final long OFF_SQES = 0x10000000L;

    // struct io_uring_sqe (64 bytes)
    static final int SQE_SIZE = 64;
    static final int SQE_OPCODE = 0;
    static final int SQE_FLAGS = 1;
    static final int SQE_IOPRIO = 2;
    static final int SQE_FD = 4;
    static final int SQE_OFF = 8;
    static final int SQE_ADDR = 16;
    static final int SQE_LEN = 24;
    static final int SQE_OP_FLAGS = 28;
    static final int SQE_USER_DATA = 32;
    static final int SQE_BUF_GROUP = 40;

    // struct io_uring_cqe (16 bytes)
    static final int CQE_SIZE = 16;
    static final int CQE_USER_DATA = 0;
    static final int CQE_RES = 8;
    static final int CQE_FLAGS = 12;

    static final byte OP_POLL_ADD = 6;
    static final byte OP_SENDMSG = 9;
    static final byte OP_RECVMSG = 10;
    static final byte OP_ASYNC_CANCEL = 14;

    static final byte SQE_BUFFER_SELECT = 1 << 5;
    static final short RECV_MULTISHOT = 1 << 1;
    static final int CQE_F_BUFFER = 1;
    static final int CQE_F_MORE = 1 << 1;
    static final int CQE_BUFFER_SHIFT = 16;

    static final int ENTER_GETEVENTS = 1;
    static final int ENTER_EXT_ARG = 1 << 3;
    /** struct io_uring_getevents_arg: sigmask, sigmask_sz, min_wait_usec (pad before 6.12), ts. */
    static final int GETEVENTS_ARG_SIZE = 24;

    static final int REGISTER_PBUF_RING = 22;
    /** struct io_uring_buf_reg: ring_addr, ring_entries, bgid, flags, resv[3]. */
    static final int BUF_REG_SIZE = 40;
    /** struct io_uring_buf: addr, len, bid, resv (the ring's tail lives in entry 0's resv). */
    static final int BUF_SIZE = 16;
    static final int BUF_RING_TAIL = 14;

    /** struct io_uring_recvmsg_out: namelen, controllen, payloadlen, flags; then the name, then the payload. */
    static final int RECVMSG_OUT_SIZE = 16;

    /** struct msghdr on LP64: name, namelen, iov, iovlen, control, controllen, flags. */
    static final int MSGHDR_SIZE = 56;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int IOVEC_SIZE = 16;
    /** sizeof(struct sockaddr_in6): room for either family. */
    static final int SOCKADDR_SIZE = 28;

    static final short POLLIN = 1;
    static final int PROT_READ_WRITE = 3;
    static final int MAP_SHARED = 1;
    static final int MAP_PRIVATE = 2;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_POPULATE = 0x8000;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EBUSY = 16;
    static final int ETIME = 62;
    static final int ENOBUFS = 105;
    static final int ECANCELED = 125;
    static final int ENOENT = 2;

    private static final String PROBLEM;

    static {
        String problem = null;
        if (!Platform.isLinux() || !(Platform.ARCH.equals("x86-64") || Platform.ARCH.equals("aarch64"))) {
            problem = "io_uring is Linux-only and this build speaks it on x86-64 and aarch64; this is "
                    + System.getProperty("os.name") + " " + Platform.ARCH;
        } else {
            try {
                Native.register(LinuxUring.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            } catch (LinkageError | RuntimeException e) {
                problem = "libc could not be bound through JNA: " + e.getMessage();
            }
        }
        PROBLEM = problem;
    }

    private LinuxUring() {
    }

    /** Why io_uring cannot be used in this process, or null when the bindings loaded (the kernel may still refuse). */
    static String problem() {
        return PROBLEM;
    }

    /** {@code syscall(2)}: returns -1 and leaves errno for {@link Native#getLastError()} on failure. */
    static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    static native int munmap(long addr, long length);

    static native int close(int fd);
}
