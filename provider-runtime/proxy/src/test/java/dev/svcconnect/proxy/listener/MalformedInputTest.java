package dev.svcconnect.proxy.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.Proxy;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.HttpBackend;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MalformedInputTest extends Closer {

    private Proxy proxy;
    private int port;

    @BeforeEach
    void startProxy() {
        HttpBackend backend = closing(HttpBackend.start("a"));
        proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("web")
                        .protocol(Protocol.HTTP)
                        .idleTimeoutSeconds(1)
                        .endpoint(backend.address())
                        .build())));
        port = proxy.listenerAddress("web").getPort();
    }

    /** Sends bytes, then reads until the proxy closes the connection (or 10 s pass). */
    private String exchange(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (SocketException e) {
                // the proxy may answer and close before it has read everything
            }
            return readToEnd(socket.getInputStream());
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // a reset after the answer still leaves the answer read
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private void assertStillServing() {
        Curl.Result result = Curl.run("http://127.0.0.1:" + port + "/still");
        assertThat(result.out()).isEqualTo("a GET /still 0\n");
    }

    @Test
    void garbageGets400AndAClose() throws IOException {
        String answer = exchange("\u0000\u0001\u0002 NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(answer)
                .startsWith("HTTP/1.1 400 Bad Request")
                .contains("connection: close")
                .contains("malformed request");
        assertStillServing();
    }

    @Test
    void headersOver60KiBGet431() throws IOException {
        String big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70 * 1024) + "\r\n\r\n";

        String answer = exchange(big.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(answer)
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large")
                .contains("over 60 KiB");
        assertStillServing();
    }

    @Test
    void moreThan100HeaderFieldsGet431() throws IOException {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 120; i++) {
            request.append("X-H").append(i).append(": v\r\n");
        }
        String answer = exchange(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));

        assertThat(answer).startsWith("HTTP/1.1 431").contains("more than 100 request header fields");
    }

    @Test
    void aHalfSentRequestIsCutAtTheIdleTimeoutWhileOthersAreServed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write("GET /half HTTP/1.1\r\nHost: x\r\nX-Partial: ".getBytes(StandardCharsets.ISO_8859_1));
            assertStillServing();

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertStillServing();
    }

    @Test
    void anHttp2RapidResetBurstClosesThatConnectionAndTheProxyKeepsServing() throws IOException {
        ByteBuffer frames = ByteBuffer.allocate(64 * 1024 + 2000 * 22);
        frames.put("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        frame(frames, 0x4, 0, 0, new byte[0]);
        byte[] getSlash = {(byte) 0x82, (byte) 0x86, (byte) 0x84};
        byte[] cancel = {0, 0, 0, 8};
        for (int stream = 1; stream < 2 * 1000; stream += 2) {
            frame(frames, 0x1, 0x4, stream, getSlash);
            frame(frames, 0x3, 0, stream, cancel);
        }
        byte[] burst = new byte[frames.position()];
        frames.flip().get(burst);

        String answer = exchange(burst);

        assertThat(answer).as("the proxy answers with GOAWAY and closes").isNotEmpty();
        assertThat(Curl.run("--http2-prior-knowledge", "http://127.0.0.1:" + port + "/h2")
                        .out())
                .isEqualTo("a GET /h2 0\n");
        assertStillServing();
    }

    @Test
    void anHttp2RequestWithoutPseudoHeaderFieldsIsResetAsAProtocolError() throws IOException {
        ByteBuffer frames = ByteBuffer.allocate(256);
        frames.put("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        frame(frames, 0x4, 0, 0, new byte[0]);
        frame(frames, 0x1, 0x5, 1, new byte[0]);
        byte[] request = new byte[frames.position()];
        frames.flip().get(request);

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                in.readUnsignedByte();
                int stream = in.readInt() & 0x7fffffff;
                byte[] payload = in.readNBytes(length);
                if (type == 0x3) {
                    assertThat(stream).isEqualTo(1);
                    assertThat(ByteBuffer.wrap(payload).getInt())
                            .as("PROTOCOL_ERROR")
                            .isEqualTo(1);
                    break;
                }
            }
        }
        assertStillServing();
    }

    private static void frame(ByteBuffer out, int type, int flags, int stream, byte[] payload) {
        out.put((byte) (payload.length >>> 16))
                .put((byte) (payload.length >>> 8))
                .put((byte) payload.length);
        out.put((byte) type).put((byte) flags).putInt(stream).put(payload);
    }
}
