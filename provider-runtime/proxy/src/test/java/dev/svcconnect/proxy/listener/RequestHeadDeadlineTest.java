package dev.svcconnect.proxy.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.Proxy;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.testsupport.HttpBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP listener cuts a client whose request head trickles (slow loris) with 408 after 10 s, and
 * only such a client: a keep-alive connection idle between requests and a body that takes longer
 * than 10 s after its head are not cut.
 */
class RequestHeadDeadlineTest extends Closer {

    private int port;

    @BeforeEach
    void startProxy() {
        HttpBackend backend = closing(HttpBackend.start("a"));
        Proxy proxy = closing(Proxy.builder()
                .start(Configs.proxy(Configs.listener("web")
                        .protocol(Protocol.HTTP)
                        .idleTimeoutSeconds(60)
                        .endpoint(backend.address())
                        .build())));
        port = proxy.listenerAddress("web").getPort();
    }

    @Test
    void aHeadThatTricklesIsCutWith408() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(ascii("GET /slow HTTP/1.1\r\nHost: a\r\n"));
            for (int i = 0; i < 12 && !socket.isInputShutdown(); i++) {
                try {
                    out.write(ascii("X-Slow-" + i + ": 1\r\n"));
                } catch (SocketException closed) {
                    break;
                }
                Thread.sleep(1000);
            }

            assertThat(readToEnd(socket.getInputStream())).startsWith("HTTP/1.1 408 ");
        }
    }

    @Test
    void anIdleKeepAliveConnectionAndASlowBodyAfterItsHeadAreNotCut() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(ascii("GET /first HTTP/1.1\r\nHost: a\r\n\r\n"));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").endsWith("a GET /first 0\n");

            Thread.sleep(11_000);
            out.write(ascii("POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n"));
            for (int i = 0; i < 4; i++) {
                Thread.sleep(3500);
                out.write('x');
            }

            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").endsWith("a POST /second 4\n");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One response with a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = text.lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(
                        line.substring("content-length:".length()).trim()))
                .findFirst()
                .orElse(0);
        return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (SocketException e) {
            // a reset after the answer still leaves the answer read
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
