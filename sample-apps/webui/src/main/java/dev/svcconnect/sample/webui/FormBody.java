package dev.svcconnect.sample.webui;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads an {@code application/x-www-form-urlencoded} request body of bounded size. */
final class FormBody {

    /** The largest form body accepted, in bytes. */
    static final int MAX_BYTES = 4096;

    private static final String FORM_TYPE = "application/x-www-form-urlencoded";

    private FormBody() {}

    /** The form's fields (the first value of each), or an error page's status and reason. */
    static Map<String, String> read(HttpExchange exchange) throws IOException, HttpError {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE)) {
            throw new HttpError(
                    415,
                    "Unsupported Media Type",
                    "Send the form as " + FORM_TYPE + " (received: " + (type == null ? "no Content-Type" : type) + ")");
        }
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > MAX_BYTES) {
            throw tooLarge(declared + " bytes");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BYTES + 1);
        }
        if (body.length > MAX_BYTES) {
            throw tooLarge("more than " + MAX_BYTES + " bytes");
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    private static Map<String, String> parse(String body) throws HttpError {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                fields.putIfAbsent(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "Bad Request", "The form is not valid URL encoding: " + e.getMessage());
            }
        }
        return fields;
    }

    private static HttpError tooLarge(String size) {
        return new HttpError(413, "Content Too Large", "The form is " + size + " (at most " + MAX_BYTES + " bytes)");
    }
}
