package dev.svcconnect.agent.network;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Numbered slots shared by every agent of this machine: a slot is a file lock in a directory, so
 * two agents never hand out the same address, and a slot of an agent that died is free again.
 *
 * <p>The slots this process holds are never opened a second time: on Linux, closing any channel
 * of a file releases every lock the process holds on it, which would hand a slot in use to
 * another agent (whose clean-up of the slot then kills the task's processes).
 */
final class Leases {

    private final Path directory;
    private final int first;
    private final int last;
    private final Set<Integer> held = new HashSet<>();
    /** Where the next search for a free slot starts: after the last one handed out. */
    private int next;

    Leases(Path directory, int first, int last) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.first = first;
        this.last = last;
        this.next = first;
    }

    /** A held slot; closing it frees it. */
    static final class Lease implements AutoCloseable {
        private final int index;
        private final FileChannel channel;
        private final FileLock lock;
        private final Runnable released;

        private Lease(int index, FileChannel channel, FileLock lock, Runnable released) {
            this.index = index;
            this.channel = channel;
            this.lock = lock;
            this.released = released;
        }

        int index() {
            return index;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the lock goes with the channel, and with this process at the latest
            } finally {
                released.run();
            }
        }
    }

    /** Removes the directory of slots, once nothing uses them; a slot still held keeps it. */
    synchronized void removeAll() {
        if (!held.isEmpty()) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.tryLock();
                    if (lock == null) {
                        return;
                    }
                    Files.delete(file);
                    lock.release();
                } catch (OverlappingFileLockException e) {
                    return;
                }
            }
            Files.delete(directory);
        } catch (IOException e) {
            // another agent took a slot meanwhile, or removed the directory first
        }
    }

    private synchronized void release(int index) {
        held.remove(index);
    }

    /** Takes slot {@code index} if it is free; empty when another agent (or this one) holds it. */
    synchronized Optional<Lease> tryAcquire(int index) throws IOException {
        if (index < first || index > last || held.contains(index)) {
            return Optional.empty();
        }
        FileChannel channel = FileChannel.open(
                directory.resolve("slot-" + index), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                held.add(index);
                return Optional.of(new Lease(index, channel, lock, () -> release(index)));
            }
        } catch (OverlappingFileLockException e) {
            // held by this process
        }
        channel.close();
        return Optional.empty();
    }

    /**
     * Takes the first free slot after the last one handed out, going round: a slot freed is handed
     * out again only after the others, since the namespaces that talked to its last task keep that
     * task's link-layer address for its IP a while, and would not reach a new task there at once.
     * IOException when all are taken.
     */
    synchronized Lease acquire() throws IOException {
        int count = last - first + 1;
        for (int i = 0; i < count; i++) {
            int index = first + Math.floorMod(next - first + i, count);
            Optional<Lease> lease = tryAcquire(index);
            if (lease.isPresent()) {
                next = index == last ? first : index + 1;
                return lease.get();
            }
        }
        throw new IOException(
                "no free task address left: all slots " + first + "-" + last + " in " + directory + " are taken");
    }
}
