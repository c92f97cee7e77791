package dev.svcconnect.agent.network;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Numbered slots shared by every agent of this machine: a slot is a file lock in a directory, so
 * two agents never hand out the same address, and a slot of an agent that died is free again.
 */
final class Leases {

    private final Path directory;
    private final int first;
    private final int last;

    Leases(Path directory, int first, int last) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.first = first;
        this.last = last;
    }

    /** A held slot; closing it frees it. */
    static final class Lease implements AutoCloseable {
        private final int index;
        private final FileChannel channel;
        private final FileLock lock;

        private Lease(int index, FileChannel channel, FileLock lock) {
            this.index = index;
            this.channel = channel;
            this.lock = lock;
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
            }
        }
    }

    /** Removes the directory of slots, once nothing uses them; a slot still held keeps it. */
    synchronized void removeAll() {
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

    /** Takes the lowest free slot; IOException when all are taken. */
    synchronized Lease acquire() throws IOException {
        for (int i = first; i <= last; i++) {
            FileChannel channel = FileChannel.open(directory.resolve("slot-" + i), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new Lease(i, channel, lock);
                }
            } catch (OverlappingFileLockException e) {
                // held by this process
            }
            channel.close();
        }
        throw new IOException("no free task address left: all slots " + first + "-" + last + " in " + directory
                + " are taken");
    }
}
