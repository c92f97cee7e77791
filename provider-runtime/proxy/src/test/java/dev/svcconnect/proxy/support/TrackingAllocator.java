package dev.svcconnect.proxy.support;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpooled allocator that remembers every buffer it gives out, so that a test can tell right
 * away (not at the next garbage collection, as Netty's leak detector does) which ones were never
 * released. One channel's allocator: not thread-safe.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();

    public TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf track(ByteBuf buffer) {
        allocated.add(buffer);
        return buffer;
    }

    /** The buffers given out and still referenced, each described by its first bytes; empty when all were released. */
    public List<String> unreleased() {
        return allocated.stream()
                .filter(buffer -> buffer.refCnt() > 0)
                .map(buffer -> "refCnt " + buffer.refCnt() + ", " + buffer.capacity() + " bytes: "
                        + ByteBufUtil.hexDump(buffer, 0, Math.min(32, buffer.capacity())))
                .toList();
    }
}
