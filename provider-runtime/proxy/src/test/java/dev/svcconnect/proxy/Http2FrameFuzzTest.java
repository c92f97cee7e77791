package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.support.EmbeddedListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the HTTP/2 frame path of a listener (h2c with prior knowledge: the frame codec, the
 * stream handlers and their exchanges): arbitrary frames after the connection preface, in two
 * reads. Whatever comes in, the proxy writes only whole frames, lets no exception escape and
 * releases every buffer. Seeds and former findings: {@code Http2FrameFuzzTestInputs/}.
 */
class Http2FrameFuzzTest {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int FRAME_HEADER = 9;

    /** An HTTP/2 listener: each stream is forwarded frame to frame ({@code FrontConnectionHandler}). */
    @FuzzTest(maxDuration = "10m")
    void anyFramesGetWholeFramesBackOrAClose(byte[] frames) throws Exception {
        exchange(Protocol.HTTP2, frames);
    }

    /** An HTTP listener taking h2c: each stream becomes an HTTP/1.1 exchange. */
    @FuzzTest(maxDuration = "10m")
    void anyFramesToAnHttpListenerGetWholeFramesBackOrAClose(byte[] frames) throws Exception {
        exchange(Protocol.HTTP, frames);
    }

    private static void exchange(Protocol protocol, byte[] frames) throws Exception {
        EmbeddedListener client = EmbeddedListener.connect(protocol);
        try (client) {
            int half = frames.length / 2;
            client.send(PREFACE);
            client.send(Arrays.copyOfRange(frames, 0, half));
            client.send(Arrays.copyOfRange(frames, half, frames.length));

            assertWholeFrames(client.received());
        }
    }

    /** Each frame's 9-byte header announces a length that its payload has, up to the last byte. */
    private static void assertWholeFrames(byte[] written) {
        ByteBuffer out = ByteBuffer.wrap(written);
        while (out.hasRemaining()) {
            assertThat(out.remaining())
                    .as("a frame header at %s", out.position())
                    .isGreaterThanOrEqualTo(FRAME_HEADER);
            int length = (out.get() & 0xff) << 16 | (out.get() & 0xff) << 8 | (out.get() & 0xff);
            out.position(out.position() + FRAME_HEADER - 3);
            assertThat(out.remaining())
                    .as("a frame payload at %s", out.position())
                    .isGreaterThanOrEqualTo(length);
            out.position(out.position() + length);
        }
    }
}
