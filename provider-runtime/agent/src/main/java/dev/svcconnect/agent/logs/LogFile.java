package dev.svcconnect.agent.logs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The part of one log file not shipped yet. {@link #read} answers the complete lines after the
 * shipped byte offset; the offset moves only when the caller {@link #commit}s what it shipped, so
 * lines that could not be sent are read again. A last line without its newline waits for it, for
 * at most {@link #PARTIAL_WAIT}; a line is cut at {@link #MAX_LINE_BYTES} bytes (on a UTF-8
 * character boundary) and the rest of it, up to its newline, dropped. A file that got shorter or
 * was replaced is read again from its start. Not thread-safe: one shipper reads it.
 */
public final class LogFile {

    /** The longest line shipped, in bytes of UTF-8; longer lines are cut. */
    public static final int MAX_LINE_BYTES = 4096;
    /** How long a last line without its newline waits for it before it is shipped as it is. */
    public static final Duration PARTIAL_WAIT = Duration.ofSeconds(3);

    private static final int READ_BYTES = 64 * 1024;

    private final Path path;
    private final LongSupplier nanoTime;
    private long offset;
    private boolean skipping;
    private Object fileKey;
    private long partialAt = -1;
    private long partialSinceNanos;

    /**
     * @param nanoTime the clock of {@link #PARTIAL_WAIT}, e.g. {@code System::nanoTime}
     */
    public LogFile(Path path, LongSupplier nanoTime) {
        this.path = requireNonNull(path, "path");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Lines read after the shipped offset and where the file is shipped up to once they are.
     *
     * @param end the byte offset after the last byte these lines account for
     * @param skipping whether {@code end} is inside a line that was cut
     */
    public record Chunk(List<String> lines, int bytes, long end, boolean skipping) {
        public Chunk {
            lines = List.copyOf(lines);
        }
    }

    /**
     * Starts after {@code shipped}, the offset a previous agent shipped this file up to (see
     * {@link #offset()}); a file shorter than that is read from its start.
     */
    public void resumeAt(long shipped) {
        if (shipped < 0) {
            throw new IllegalArgumentException("shipped: " + shipped + " (expected: 0 or more)");
        }
        offset = shipped;
    }

    /** The byte offset shipped so far. */
    public long offset() {
        return offset;
    }

    /**
     * Reads up to {@code maxLines} lines and {@code maxBytes} bytes of them after the shipped offset.
     *
     * @param flush ship a last line without its newline at once (the task has stopped)
     */
    public Chunk read(int maxLines, int maxBytes, boolean flush) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Chunk(List.of(), 0, offset, skipping);
        }
        Object key = attributes.fileKey();
        if (attributes.size() < offset || (fileKey != null && !Objects.equals(fileKey, key))) {
            offset = 0;
            skipping = false;
            partialAt = -1;
        }
        fileKey = key;
        long available = attributes.size() - offset;
        if (available <= 0 || maxLines <= 0) {
            return new Chunk(List.of(), 0, offset, skipping);
        }
        byte[] window = readWindow((int) Math.min(available, READ_BYTES));
        boolean wholeRest = window.length == available;
        List<String> lines = new ArrayList<>();
        int bytes = 0;
        int position = 0;
        boolean cutting = skipping;
        while (position < window.length && lines.size() < maxLines) {
            int newline = indexOf(window, (byte) '\n', position);
            int lineEnd = newline < 0 ? window.length : newline;
            if (cutting) {
                if (newline < 0) {
                    position = window.length;
                    break;
                }
                cutting = false;
                position = newline + 1;
                continue;
            }
            int length = lineEnd - position;
            boolean cut = length > MAX_LINE_BYTES || (newline < 0 && length == MAX_LINE_BYTES);
            if (newline < 0 && !cut && !(wholeRest && (flush || partialWaited(offset + position)))) {
                break;
            }
            int take = cut ? utf8Boundary(window, position, MAX_LINE_BYTES) : length;
            if (take > maxBytes - bytes) {
                break;
            }
            lines.add(text(window, position, take));
            bytes += take;
            if (cut) {
                cutting = true;
                position += take;
            } else {
                position = newline < 0 ? window.length : newline + 1;
            }
        }
        return new Chunk(lines, bytes, offset + position, cutting);
    }

    /** Marks a chunk as shipped: the next read starts after it. */
    public void commit(Chunk chunk) {
        if (chunk.end() >= offset) {
            offset = chunk.end();
            skipping = chunk.skipping();
        }
    }

    private byte[] readWindow(int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long at = offset;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at);
                if (read < 0) {
                    break;
                }
                at += read;
            }
        }
        byte[] window = new byte[buffer.position()];
        buffer.flip().get(window);
        return window;
    }

    /** Whether the last line, without its newline, starting at {@code at} has waited long enough. */
    private boolean partialWaited(long at) {
        long now = nanoTime.getAsLong();
        if (partialAt != at) {
            partialAt = at;
            partialSinceNanos = now;
        }
        return now - partialSinceNanos >= PARTIAL_WAIT.toNanos();
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The largest length up to {@code max} that does not end inside a UTF-8 character. */
    private static int utf8Boundary(byte[] bytes, int from, int max) {
        int end = from + max;
        int lead = end - 1;
        while (lead > from && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int b = bytes[lead] & 0xFF;
        int size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + size <= end ? max : lead - from;
    }

    private static String text(byte[] bytes, int from, int length) {
        int end = from + length;
        if (end > from && bytes[end - 1] == '\r') {
            end--;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }
}
