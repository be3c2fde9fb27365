package org.rtcsip.sidecar.net;

import static org.rtcsip.sidecar.net.LinuxUring.*;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The UDP sockets of one media loop driven through one io_uring (Linux 6.0+): each socket has one multishot
 * {@code recvmsg} armed once, which the kernel completes with every datagram into a buffer of a shared ring; sends
 * are queued as {@code sendmsg} entries and go to the kernel with the next wait. So a loop makes one system call
 * per turn, however many packets it receives and sends in it, where the selector path makes about three per
 * packet (a receive, the receive that finds the socket empty, a send): on a virtual machine a system call costs
 * about a microsecond before any network work.
 *
 * <p>Owned by one loop thread, which must create it (the ring is single-issuer); nothing here is thread-safe and
 * nothing allocates per packet: the receive and send memory is one native block made at start, the sender's
 * {@link InetSocketAddress} is kept per socket and made anew only when the sender changes, a destination's
 * encoding likewise.
 */
final class UringDatagrams implements AutoCloseable {
    /** Submission queue entries; a turn that fills them submits early. */
    static final int SQ_ENTRIES = 2048;
    static final int CQ_ENTRIES = 8192;
    /** Receive buffers shared by every socket of the loop (a power of two). */
    static final int RECV_BUFFERS = 1024;
    static final int RECV_BUFFER_SIZE = 2048;
    /** Room for the kernel's header and the sender's address before the payload in each receive buffer. */
    private static final int RECV_PAYLOAD = RECVMSG_OUT_SIZE + SOCKADDR_SIZE;
    /** Largest payload received whole; a longer datagram is cut and dropped as malformed. */
    static final int MAX_PAYLOAD = RECV_BUFFER_SIZE - RECV_PAYLOAD;
    static final int SEND_SLOTS = 1024;
    private static final int SLOT_MSGHDR = 0;
    private static final int SLOT_IOVEC = MSGHDR_SIZE;
    private static final int SLOT_NAME = SLOT_IOVEC + IOVEC_SIZE;
    private static final int SLOT_DATA = SLOT_NAME + 32;
    private static final int SLOT_SIZE = SLOT_DATA + MediaLoop.BUFFER_SIZE;
    /** Completions handled before queued sends are pushed out, so send slots cannot run dry within one turn. */
    static final int COMPLETIONS_PER_PASS = 256;
    private static final short BUFFER_GROUP = 0;
    /**
     * On kernels that can (6.12+), a busy loop's wait returns at once when this many completions are there, else
     * after {@link #BATCH_WAIT_MICROS} if at least one is: packets that arrive close together are handled in one
     * turn instead of one wake-up each (a wake-up, with its context switch and the hypervisor's interrupt window,
     * costs more than a relayed packet's own work). Only a loop whose last turn found {@link #BUSY} completions or
     * more waits so: an idle loop answers a control task or a lone packet at once.
     */
    static final int BATCH = 32;
    static final int BATCH_WAIT_MICROS = Integer.getInteger("rtcsip.media.batchWaitMicros", 250);
    static final int BUSY = 8;

    static final long KIND_RECV = 1L << 56;
    static final long KIND_SEND = 2L << 56;
    static final long KIND_POLL = 3L << 56;
    static final long KIND_CANCEL = 4L << 56;
    private static final long KIND_MASK = 0xFFL << 56;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle SHORT =
            MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.nativeOrder());

    /** What the loop does with what completes. */
    interface Events {
        /** A datagram for {@code socket}: {@code buf[0, len)} until the call returns. */
        void received(UdpMediaSocket socket, byte[] buf, int len, InetSocketAddress from);

        /** The selector has ready keys, or was woken for tasks. */
        void selectorReady();
    }

    private final int ringFd;
    private final long ringAddr;
    private final long ringSize;
    private final long sqesAddr;
    private final long sqesSize;
    private final ByteBuffer ring;
    private final ByteBuffer sqes;
    private final int sqHead;
    private final int sqTail;
    private final int sqMask;
    private final int sqEntries;
    private final int cqHead;
    private final int cqTail;
    private final int cqMask;
    private final int cqes;

    /** Buffer ring, receive buffers, send slots, the receive msghdr and the wait argument: one native block. */
    private final long memAddr;
    private final long memSize;
    private final ByteBuffer mem;
    private final long bufRingAddr;
    private final long recvBase;
    private final long slotBase;
    private final long recvMsghdr;
    private final long waitArg;
    private final long waitTimespec;
    private final int bufRingOff;
    private final int recvOff;
    private final int slotOff;
    private final int waitTimespecOff;
    private final int waitArgOff;
    private final boolean minWait;

    private final byte[] buffer;
    private int localSqTail;
    private int toSubmit;
    private int bufTail;
    private final int[] freeSlots = new int[SEND_SLOTS];
    private int freeSlotCount;
    private boolean pollArmed;
    private final Sockets sockets = new Sockets();
    /**
     * Receives armed so far: each arm is numbered, and its completions carry the number with the socket's slot. A
     * slot is taken by the next socket added, and a paused socket arms anew while its cancelled receive may still
     * complete: only the completions of a socket's current receive are its own.
     */
    private int arms;
    /** Multishot receives the kernel still holds (armed, or cancelled and not yet ended): each may write a buffer. */
    private int receivesInKernel;
    /** A receive could not be armed (the submission queue stayed full): armed again at the next {@link #enter}. */
    private boolean armRetry;
    /** Cancels that found the submission queue full, queued again at the next {@link #enter}. */
    private long[] pendingCancels = new long[8];
    private int pendingCancelCount;
    long sendFailures;
    long truncated;
    long enterErrors;

    /** The sockets with a multishot receive, by slot; a completion names the slot and the receive's number. */
    private static final class Sockets {
        UdpMediaSocket[] byIndex = new UdpMediaSocket[64];
        int[] free = new int[64];
        int freeCount;
        int next;

        int add(UdpMediaSocket s) {
            int i;
            if (freeCount > 0) {
                i = free[--freeCount];
            } else {
                if (next == byIndex.length) {
                    byIndex = java.util.Arrays.copyOf(byIndex, next * 2);
                    free = java.util.Arrays.copyOf(free, next * 2);
                }
                i = next++;
            }
            byIndex[i] = s;
            return i;
        }

        void remove(int i) {
            byIndex[i] = null;
            free[freeCount++] = i;
        }
    }

    /**
     * Sets up a ring on the calling thread, which alone may use it from then on.
     *
     * @param buffer the loop's packet buffer, into which each datagram is copied before it is handed on
     * @throws IOException when the kernel refuses (too old, io_uring disabled, out of locked memory)
     */
    UringDatagrams(byte[] buffer) throws IOException {
        if (problem() != null) {
            throw new IOException(problem());
        }
        this.buffer = buffer;
        long page = 4096;
        long bufRingBytes = (long) RECV_BUFFERS * BUF_SIZE;
        long layout = round(bufRingBytes, page);
        recvOff = (int) layout;
        layout += (long) RECV_BUFFERS * RECV_BUFFER_SIZE;
        slotOff = (int) layout;
        layout += (long) SEND_SLOTS * SLOT_SIZE;
        int msghdrOff = (int) layout;
        layout += MSGHDR_SIZE;
        waitArgOff = (int) round(layout, 8);
        waitTimespecOff = waitArgOff + GETEVENTS_ARG_SIZE;
        int paramsOff = waitTimespecOff + 16;
        layout = paramsOff + PARAMS_SIZE;
        memSize = round(layout, page);
        memAddr = mmap(0, memSize, PROT_READ_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memAddr == -1L || memAddr == 0) {
            throw new IOException("mmap of " + memSize + " bytes failed: errno " + Native.getLastError());
        }
        mem = new Pointer(memAddr).getByteBuffer(0, memSize).order(ByteOrder.nativeOrder());
        bufRingAddr = memAddr;
        bufRingOff = 0;
        recvBase = memAddr + recvOff;
        slotBase = memAddr + slotOff;
        recvMsghdr = memAddr + msghdrOff;
        waitArg = memAddr + waitArgOff;
        waitTimespec = memAddr + waitTimespecOff;

        int fd = -1;
        long rAddr = 0;
        long rSize = 0;
        long sAddr = 0;
        long sSize = 0;
        try {
            long params = memAddr + paramsOff;
            fd = setup(params, paramsOff, SETUP_CQSIZE | SETUP_SUBMIT_ALL | SETUP_COOP_TASKRUN | SETUP_SINGLE_ISSUER
                    | SETUP_DEFER_TASKRUN);
            if (fd < 0) { // kernels before 6.1 know neither single issuer nor deferred task running
                fd = setup(params, paramsOff, SETUP_CQSIZE | SETUP_SUBMIT_ALL);
            }
            if (fd < 0) {
                throw new IOException("io_uring_setup refused: errno " + (-fd));
            }
            int features = mem.getInt(paramsOff + P_FEATURES);
            minWait = (features & FEAT_MIN_TIMEOUT) != 0 && BATCH_WAIT_MICROS > 0;
            if ((features & FEAT_SINGLE_MMAP) == 0 || (features & FEAT_EXT_ARG) == 0
                    || (features & FEAT_NODROP) == 0) {
                throw new IOException("the kernel's io_uring lacks single mmap, wait timeouts or no-drop (features 0x"
                        + Integer.toHexString(features) + "): Linux 5.11 or later needed");
            }
            sqEntries = mem.getInt(paramsOff + P_SQ_ENTRIES);
            int cqEntries = mem.getInt(paramsOff + P_CQ_ENTRIES);
            int sqArray = mem.getInt(paramsOff + P_SQ_OFF + 24);
            int cqesOff = mem.getInt(paramsOff + P_CQ_OFF + 20);
            rSize = Math.max(sqArray + 4L * sqEntries, cqesOff + (long) CQE_SIZE * cqEntries);
            rAddr = mmap(0, rSize, PROT_READ_WRITE, MAP_SHARED | MAP_POPULATE, fd, OFF_SQ_RING);
            if (rAddr == -1L) {
                throw new IOException("mmap of the io_uring rings failed: errno " + Native.getLastError());
            }
            sSize = (long) SQE_SIZE * sqEntries;
            sAddr = mmap(0, sSize, PROT_READ_WRITE, MAP_SHARED | MAP_POPULATE, fd, OFF_SQES);
            if (sAddr == -1L) {
                throw new IOException("mmap of the io_uring submission entries failed: errno " + Native.getLastError());
            }
            ring = new Pointer(rAddr).getByteBuffer(0, rSize).order(ByteOrder.nativeOrder());
            sqes = new Pointer(sAddr).getByteBuffer(0, sSize).order(ByteOrder.nativeOrder());
            sqHead = mem.getInt(paramsOff + P_SQ_OFF);
            sqTail = mem.getInt(paramsOff + P_SQ_OFF + 4);
            sqMask = ring.getInt(mem.getInt(paramsOff + P_SQ_OFF + 8));
            cqHead = mem.getInt(paramsOff + P_CQ_OFF);
            cqTail = mem.getInt(paramsOff + P_CQ_OFF + 4);
            cqMask = ring.getInt(mem.getInt(paramsOff + P_CQ_OFF + 8));
            cqes = cqesOff;
            for (int i = 0; i < sqEntries; i++) { // the SQ array maps ring slot i to entry i, once and for all
                ring.putInt(sqArray + 4 * i, i);
            }
            localSqTail = ring.getInt(sqTail);
            registerBufferRing(fd);
        } catch (IOException | RuntimeException e) {
            if (sAddr != 0 && sAddr != -1L) {
                munmap(sAddr, sSize);
            }
            if (rAddr != 0 && rAddr != -1L) {
                munmap(rAddr, rSize);
            }
            if (fd >= 0) {
                LinuxUring.close(fd);
            }
            munmap(memAddr, memSize);
            throw e;
        }
        ringFd = fd;
        ringAddr = rAddr;
        ringSize = rSize;
        sqesAddr = sAddr;
        sqesSize = sSize;
        // the receive msghdr: room for either address family's name, the payload in a ring buffer, no control data
        mem.putInt(msghdrOff + MSG_NAMELEN, SOCKADDR_SIZE);
        for (int i = 0; i < SEND_SLOTS; i++) {
            long slot = slotBase + (long) i * SLOT_SIZE;
            int off = slotOff + i * SLOT_SIZE;
            mem.putLong(off + SLOT_MSGHDR + MSG_NAME, slot + SLOT_NAME);
            mem.putLong(off + SLOT_MSGHDR + MSG_IOV, slot + SLOT_IOVEC);
            mem.putLong(off + SLOT_MSGHDR + MSG_IOVLEN, 1);
            mem.putLong(off + SLOT_IOVEC, slot + SLOT_DATA);
            freeSlots[freeSlotCount++] = i;
        }
        // the wait argument: no signal mask, a timeout in waitTimespec
        mem.putLong(waitArgOff, 0);
        mem.putInt(waitArgOff + 8, 8);
        mem.putLong(waitArgOff + 16, waitTimespec);
    }

    private int setup(long params, int paramsOff, int flags) {
        for (int i = 0; i < PARAMS_SIZE; i += 8) {
            mem.putLong(paramsOff + i, 0);
        }
        mem.putInt(paramsOff + P_CQ_ENTRIES, CQ_ENTRIES);
        mem.putInt(paramsOff + P_FLAGS, flags);
        long r = syscall(SYS_IO_URING_SETUP, SQ_ENTRIES, params, 0, 0, 0, 0);
        return r < 0 ? -Native.getLastError() : (int) r;
    }

    /** The receive buffers as a provided-buffer ring (Linux 5.19+), every buffer handed to the kernel at once. */
    private void registerBufferRing(int fd) throws IOException {
        for (int bid = 0; bid < RECV_BUFFERS; bid++) {
            int e = bufRingOff + bid * BUF_SIZE;
            mem.putLong(e, recvBase + (long) bid * RECV_BUFFER_SIZE);
            mem.putInt(e + 8, RECV_BUFFER_SIZE);
            mem.putShort(e + 12, (short) bid);
        }
        bufTail = RECV_BUFFERS;
        SHORT.setRelease(mem, bufRingOff + BUF_RING_TAIL, (short) bufTail);
        int reg = waitTimespecOff + 16; // reuse the params scratch space after set-up
        for (int i = 0; i < BUF_REG_SIZE; i += 8) {
            mem.putLong(reg + i, 0);
        }
        mem.putLong(reg, bufRingAddr);
        mem.putInt(reg + 8, RECV_BUFFERS);
        mem.putShort(reg + 12, BUFFER_GROUP);
        long r = syscall(SYS_IO_URING_REGISTER, fd, REGISTER_PBUF_RING, memAddr + reg, 1, 0, 0);
        if (r < 0) {
            throw new IOException("the kernel refused a provided-buffer ring (Linux 5.19+ needed): errno "
                    + Native.getLastError());
        }
    }

    private static long round(long n, long to) {
        return (n + to - 1) / to * to;
    }

    /** Starts receiving on {@code socket} (its file descriptor {@code fd}): one multishot receive from now on. */
    void add(UdpMediaSocket socket, int fd) {
        socket.uringFd = fd;
        socket.uringIndex = sockets.add(socket);
        armReceive(socket);
    }

    /**
     * Stops receiving on {@code socket}, which its owner closes next: its receive is cancelled, and a completion still
     * on its way is ignored. The cancel and the socket's queued sends are submitted now, while its descriptor still
     * names it (a descriptor closed and reused by a new socket would otherwise send them from another port); the
     * kernel holds the socket open until its cancelled receive has ended, then releases the port.
     */
    void remove(UdpMediaSocket socket) {
        if (socket.uringIndex < 0) {
            return;
        }
        if (socket.uringArmed) {
            cancel(receiveData(socket));
        }
        socket.uringArmed = false;
        sockets.remove(socket.uringIndex);
        socket.uringIndex = -1;
        socket.uringFd = -1;
        enter(0, false);
    }

    /** Stops reading {@code socket} until {@link #resume}: the kernel queues, then drops, what it receives. */
    void pause(UdpMediaSocket socket) {
        socket.uringPaused = true;
        if (socket.uringArmed) {
            cancel(receiveData(socket));
            socket.uringArmed = false;
        }
    }

    void resume(UdpMediaSocket socket) {
        socket.uringPaused = false;
        if (socket.uringIndex >= 0 && !socket.uringArmed) {
            armReceive(socket);
        }
    }

    private static long receiveData(UdpMediaSocket s) {
        return KIND_RECV | ((s.uringGeneration & 0xFFFFFFFFL) << 24) | s.uringIndex;
    }

    private void armReceive(UdpMediaSocket s) {
        int e = nextSqe();
        if (e < 0) {
            s.uringArmed = false;
            armRetry = true;
            return;
        }
        receivesInKernel++;
        s.uringGeneration = ++arms;
        sqes.put(e + SQE_OPCODE, OP_RECVMSG);
        sqes.put(e + SQE_FLAGS, SQE_BUFFER_SELECT);
        sqes.putShort(e + SQE_IOPRIO, RECV_MULTISHOT);
        sqes.putInt(e + SQE_FD, s.uringFd);
        sqes.putLong(e + SQE_ADDR, recvMsghdr);
        sqes.putInt(e + SQE_LEN, 1);
        sqes.putLong(e + SQE_USER_DATA, receiveData(s));
        sqes.putShort(e + SQE_BUF_GROUP, BUFFER_GROUP);
        s.uringArmed = true;
    }

    private void cancel(long userData) {
        int e = nextSqe();
        if (e < 0) {
            if (pendingCancelCount == pendingCancels.length) {
                pendingCancels = java.util.Arrays.copyOf(pendingCancels, pendingCancelCount * 2);
            }
            pendingCancels[pendingCancelCount++] = userData;
            return;
        }
        sqes.put(e + SQE_OPCODE, OP_ASYNC_CANCEL);
        sqes.putInt(e + SQE_FD, -1);
        sqes.putLong(e + SQE_ADDR, userData);
        sqes.putLong(e + SQE_USER_DATA, KIND_CANCEL);
    }

    /** Watches the selector's epoll descriptor: one completion when a key is ready or the selector is woken. */
    void armSelectorPoll(int epollFd) {
        if (pollArmed) {
            return;
        }
        int e = nextSqe();
        if (e < 0) {
            return; // armed again next turn
        }
        sqes.put(e + SQE_OPCODE, OP_POLL_ADD);
        sqes.putInt(e + SQE_FD, epollFd);
        sqes.putShort(e + SQE_OP_FLAGS, POLLIN);
        sqes.putLong(e + SQE_USER_DATA, KIND_POLL);
        pollArmed = true;
    }

    /**
     * Queues {@code buf[off, off+len)} to {@code to} from {@code socket}; it leaves with the next {@link #enter}.
     * False when it cannot be queued (no send slot free: every one is in flight).
     */
    boolean send(UdpMediaSocket socket, byte[] buf, int off, int len, InetSocketAddress to) {
        if (freeSlotCount == 0 || len > MediaLoop.BUFFER_SIZE || socket.uringFd < 0) {
            sendFailures++;
            return false;
        }
        int slot = freeSlots[--freeSlotCount];
        int base = slotOff + slot * SLOT_SIZE;
        int nameLen = socket.encodeDestination(to);
        if (nameLen < 0) {
            freeSlots[freeSlotCount++] = slot;
            sendFailures++;
            return false;
        }
        mem.put(base + SLOT_NAME, socket.destination, 0, nameLen);
        mem.putInt(base + SLOT_MSGHDR + MSG_NAMELEN, nameLen);
        mem.putLong(base + SLOT_IOVEC + 8, len);
        int e = nextSqe();
        if (e < 0) {
            freeSlots[freeSlotCount++] = slot;
            sendFailures++;
            return false;
        }
        mem.put(base + SLOT_DATA, buf, off, len);
        sqes.put(e + SQE_OPCODE, OP_SENDMSG);
        sqes.putInt(e + SQE_FD, socket.uringFd);
        sqes.putLong(e + SQE_ADDR, slotBase + (long) slot * SLOT_SIZE + SLOT_MSGHDR);
        sqes.putInt(e + SQE_LEN, 1);
        sqes.putLong(e + SQE_USER_DATA, KIND_SEND | slot);
        return true;
    }

    /**
     * A zeroed submission entry at the tail; submits what is queued first if the ring is full. -1 when the kernel
     * took none of them (it refused the submission): an entry the kernel has not read yet is never overwritten.
     */
    private int nextSqe() {
        if (localSqTail - (int) INT.getAcquire(ring, sqHead) >= sqEntries) {
            submitQueued();
            if (localSqTail - (int) INT.getAcquire(ring, sqHead) >= sqEntries) {
                enterErrors++;
                return -1;
            }
        }
        int e = (localSqTail & sqMask) * SQE_SIZE;
        for (int i = 0; i < SQE_SIZE; i += 8) {
            sqes.putLong(e + i, 0);
        }
        localSqTail++;
        toSubmit++;
        return e;
    }

    /**
     * Submits what is queued and, with {@code wait}, sleeps until something completes or {@code timeoutNanos}
     * pass: the loop's one system call per turn.
     */
    void enter(long timeoutNanos, boolean wait) {
        enter(timeoutNanos, wait, false);
    }

    /** @param busy the loop's last turn was busy: wait a little for a batch (see {@link #BATCH}) */
    void enter(long timeoutNanos, boolean wait, boolean busy) {
        retryRefused();
        INT.setRelease(ring, sqTail, localSqTail);
        int submit = toSubmit;
        long r;
        if (wait) {
            mem.putLong(waitTimespecOff, timeoutNanos / 1_000_000_000L);
            mem.putLong(waitTimespecOff + 8, timeoutNanos % 1_000_000_000L);
            long micros = timeoutNanos / 1000;
            boolean batch = busy && minWait && micros > BATCH_WAIT_MICROS;
            mem.putInt(waitArgOff + 12, batch ? BATCH_WAIT_MICROS : 0);
            r = syscall(SYS_IO_URING_ENTER, ringFd, submit, batch ? BATCH : 1, ENTER_GETEVENTS | ENTER_EXT_ARG,
                    waitArg, GETEVENTS_ARG_SIZE);
        } else {
            r = syscall(SYS_IO_URING_ENTER, ringFd, submit, 0, 0, 0, 0);
        }
        if (r >= 0) {
            toSubmit -= (int) Math.min(submit, r);
        } else {
            int errno = Native.getLastError();
            if (errno != ETIME && errno != EINTR) {
                enterErrors++;
            }
            // SUBMIT_ALL: entries are consumed even when the call also fails to wait; see what the kernel took
            toSubmit = localSqTail - (int) INT.getAcquire(ring, sqHead);
        }
    }

    /** Submits what is queued, without waiting (room for more entries). */
    private void submitQueued() {
        INT.setRelease(ring, sqTail, localSqTail);
        long r = syscall(SYS_IO_URING_ENTER, ringFd, toSubmit, 0, 0, 0, 0);
        if (r < 0 && Native.getLastError() != EINTR) {
            enterErrors++;
        }
        toSubmit = localSqTail - (int) INT.getAcquire(ring, sqHead);
    }

    /** What a full submission queue refused earlier: cancels, and receives to arm again. */
    private void retryRefused() {
        int cancels = pendingCancelCount;
        pendingCancelCount = 0;
        for (int i = 0; i < cancels; i++) {
            cancel(pendingCancels[i]);
        }
        if (armRetry) {
            armRetry = false;
            for (int i = 0; i < sockets.next; i++) {
                UdpMediaSocket s = sockets.byIndex[i];
                if (s != null && !s.uringArmed && !s.uringPaused) {
                    armReceive(s);
                }
            }
        }
    }

    /**
     * Handles up to {@link #COMPLETIONS_PER_PASS} completions; returns how many it handled (all of them, when that
     * is fewer, so that a full pass means more may wait).
     */
    int complete(Events events) {
        int head = ring.getInt(cqHead);
        int tail = (int) INT.getAcquire(ring, cqTail);
        int handled = 0;
        while (head != tail && handled < COMPLETIONS_PER_PASS) {
            int c = cqes + (head & cqMask) * CQE_SIZE;
            long userData = ring.getLong(c + CQE_USER_DATA);
            int res = ring.getInt(c + CQE_RES);
            int flags = ring.getInt(c + CQE_FLAGS);
            head++;
            handled++;
            long kind = userData & KIND_MASK;
            if (kind == KIND_RECV) {
                received(userData, res, flags, events);
            } else if (kind == KIND_SEND) {
                if (res < 0) {
                    sendFailures++;
                }
                freeSlots[freeSlotCount++] = (int) (userData & 0xFFFF);
            } else if (kind == KIND_POLL) {
                pollArmed = false;
                events.selectorReady();
            }
            // KIND_CANCEL: nothing to do; the cancelled receive completes on its own with -ECANCELED
        }
        INT.setRelease(ring, cqHead, head);
        SHORT.setRelease(mem, bufRingOff + BUF_RING_TAIL, (short) bufTail);
        return handled;
    }

    private void received(long userData, int res, int flags, Events events) {
        if ((flags & CQE_F_MORE) == 0) {
            receivesInKernel--; // this receive has ended: it writes no buffer any more
        }
        int index = (int) (userData & 0xFFFFFF);
        int generation = (int) (userData >>> 24);
        UdpMediaSocket s = index < sockets.byIndex.length ? sockets.byIndex[index] : null;
        boolean current = s != null && s.uringGeneration == generation;
        if ((flags & CQE_F_BUFFER) != 0) {
            int bid = flags >>> CQE_BUFFER_SHIFT;
            if (res > 0 && current && !s.uringPaused) {
                deliver(s, recvOff + bid * RECV_BUFFER_SIZE, events);
            }
            recycle(bid);
        } else if (res < 0 && current && res != -ENOBUFS && res != -ECANCELED) {
            s.receiveErrors++;
        }
        if ((flags & CQE_F_MORE) == 0 && current) {
            // the multishot receive ended (out of buffers, cancelled, an error): arm it again unless paused
            s.uringArmed = false;
            if (!s.uringPaused) {
                armReceive(s);
            }
        }
    }

    private void deliver(UdpMediaSocket s, int at, Events events) {
        int payloadLen = mem.getInt(at + 8);
        int msgFlags = mem.getInt(at + 12);
        if ((msgFlags & 0x20) != 0 || payloadLen > MAX_PAYLOAD) { // MSG_TRUNC: longer than any RTP we take
            truncated++;
            return;
        }
        InetSocketAddress from = s.sender(mem, at + RECVMSG_OUT_SIZE);
        if (from == null) {
            return;
        }
        mem.get(at + RECV_PAYLOAD, buffer, 0, payloadLen);
        events.received(s, buffer, payloadLen, from);
    }

    private void recycle(int bid) {
        int e = bufRingOff + (bufTail & (RECV_BUFFERS - 1)) * BUF_SIZE;
        mem.putLong(e, recvBase + (long) bid * RECV_BUFFER_SIZE);
        mem.putInt(e + 8, RECV_BUFFER_SIZE);
        mem.putShort(e + 12, (short) bid);
        bufTail++;
    }

    /** Send slots in flight: what the kernel has not completed yet. */
    int sendsInFlight() {
        return SEND_SLOTS - freeSlotCount;
    }

    /** Reads a sockaddr_in or sockaddr_in6 at {@code at}: family, port and address; null for another family. */
    static InetSocketAddress decode(ByteBuffer mem, int at) {
        int family = mem.getShort(at) & 0xFFFF;
        int port = Short.toUnsignedInt(Short.reverseBytes(mem.getShort(at + 2)));
        byte[] a;
        if (family == AF_INET) {
            a = new byte[4];
            mem.get(at + 4, a, 0, 4);
        } else if (family == AF_INET6) {
            a = new byte[16];
            mem.get(at + 8, a, 0, 16);
        } else {
            return null;
        }
        try {
            InetAddress address = InetAddress.getByAddress(a);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            return null; // only for a wrong length, which cannot be
        }
    }

    /** Writes {@code to} as a sockaddr into {@code out}; returns its length. */
    static int encode(InetSocketAddress to, byte[] out) {
        InetAddress a = to.getAddress();
        if (a == null) {
            return -1;
        }
        java.util.Arrays.fill(out, (byte) 0);
        byte[] raw = a.getAddress();
        int port = to.getPort();
        boolean v4 = a instanceof Inet4Address;
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
        b.putShort(0, (short) (v4 ? AF_INET : AF_INET6));
        out[2] = (byte) (port >>> 8);
        out[3] = (byte) port;
        if (v4) {
            System.arraycopy(raw, 0, out, 4, 4);
            return 16;
        }
        System.arraycopy(raw, 0, out, 8, 16);
        if (a instanceof java.net.Inet6Address v6) {
            b.putInt(24, v6.getScopeId());
        }
        return SOCKADDR_SIZE;
    }

    /**
     * Ends every receive and waits, at most {@code CLOSE_WAIT_MILLIS}, until the kernel holds no receive and no send
     * any more, then frees the rings and the memory. A receive writes into, and a send (one the kernel handed to a
     * worker thread when the socket's buffer was full) reads from, this process's memory while it is in flight:
     * memory unmapped under it, and mapped again for something else, would be written behind the JVM's back. If the
     * kernel does not finish in time, the native block is left mapped (a leak at shutdown, never a corruption).
     */
    @Override
    public void close() {
        for (int i = 0; i < sockets.next; i++) {
            UdpMediaSocket s = sockets.byIndex[i];
            if (s != null) {
                pause(s);
            }
        }
        Events none = new Events() {
            @Override
            public void received(UdpMediaSocket socket, byte[] buf, int len, InetSocketAddress from) {
            }

            @Override
            public void selectorReady() {
            }
        };
        long deadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000L;
        do {
            enter(1_000_000L, true);
            complete(none);
        } while ((receivesInKernel > 0 || sendsInFlight() > 0 || pendingCancelCount > 0)
                && System.nanoTime() < deadline);
        boolean quiet = receivesInKernel <= 0 && sendsInFlight() == 0;
        munmap(sqesAddr, sqesSize);
        munmap(ringAddr, ringSize);
        LinuxUring.close(ringFd);
        if (quiet) {
            munmap(memAddr, memSize);
        }
    }

    /** How long {@link #close} waits for the kernel to let go of the loop's buffers. */
    static final long CLOSE_WAIT_MILLIS = 1000;

    /** Receives the kernel still holds; for the tests. */
    int receivesInKernel() {
        return receivesInKernel;
    }
}
