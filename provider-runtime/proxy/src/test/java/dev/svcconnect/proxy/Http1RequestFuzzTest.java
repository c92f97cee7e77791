package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.proxy.support.EmbeddedListener;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes the HTTP/1.1 request path of a listener (the h2c negotiation, the codec, the upgrade and
 * exchange handlers) with arbitrary client bytes, in two reads. Whatever comes in, the proxy
 * answers with a status it is allowed to give (4xx for what it cannot read, 503 as it has no
 * endpoint, never another 5xx), closes after a request it cannot read, lets no exception escape and releases every
 * buffer. Seeds and former findings: {@code Http1RequestFuzzTestInputs/}.
 */
class Http1RequestFuzzTest {

    /**
     * What the proxy answers to a request it cannot read, closing the connection. (Netty's 417 for
     * an unknown {@code Expect} keeps it: the request was read, only its expectation refused.)
     */
    private static final Set<Integer> CLOSING_STATUSES = Set.of(400, 414, 431);

    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

    @FuzzTest(maxDuration = "10m")
    void anyBytesGetAnAllowedAnswerOrAClose(byte[] input) throws Exception {
        EmbeddedListener client = EmbeddedListener.connect(Protocol.HTTP);
        try (client) {
            int half = input.length / 2;
            client.send(Arrays.copyOfRange(input, 0, half));
            client.send(Arrays.copyOfRange(input, half, input.length));

            String answer = new String(client.received(), StandardCharsets.ISO_8859_1);
            if (answer.isEmpty()) {
                return;
            }
            Matcher status = STATUS_LINE.matcher(answer);
            assertThat(status.find())
                    .as("an HTTP/1.1 status line first: %s", answer)
                    .isTrue();
            int code = Integer.parseInt(status.group(1));
            assertThat(code)
                    .as("the first answer's status: %s", answer)
                    .satisfiesAnyOf(
                            c -> assertThat(c).isBetween(100, 499),
                            c -> assertThat(c).isEqualTo(503));
            if (CLOSING_STATUSES.contains(code)) {
                assertThat(client.isOpen()).as("the connection after %s", code).isFalse();
            }
        }
    }
}
