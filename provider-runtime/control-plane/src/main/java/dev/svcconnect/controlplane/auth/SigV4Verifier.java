package dev.svcconnect.controlplane.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * Verifies a request's AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 ...}) the
 * way AWS does: the credential scope names a well-formed region and the target's signing name,
 * {@code X-Amz-Date} is within {@link #MAX_SKEW} of the server's clock, and the signature is
 * recomputed from the request as received (method, raw path and query, the signed headers as
 * sent, the body's hash) with the AWS SDK's own signer, then compared in constant time.
 * Session tokens are refused: this control plane issues none. The scope's region is the region
 * of the call ({@link #scopeRegion}): every region is served, each with its own resources.
 *
 * <p>The signer is the SDK's {@code Aws4Signer}, not its newer {@code AwsV4HttpSigner}: the newer
 * one always adds and signs {@code x-amz-content-sha256}, which the AWS CLI (botocore) does not
 * send for these APIs, so it cannot recompute the CLI's signatures. {@code Aws4Signer} signs
 * exactly the headers it is given.
 */
@SuppressWarnings("deprecation") // Aws4Signer: see above
public final class SigV4Verifier {

    /** How far {@code X-Amz-Date} may be from the server's clock, as AWS allows. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Aws4Signer SIGNER = Aws4Signer.create();
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

    private final Clock clock;
    private final Function<String, Optional<Credentials.Stored>> keys;

    /**
     * @param clock the server's clock
     * @param keys finds a key (with its secret) by access key id
     */
    public SigV4Verifier(Clock clock, Function<String, Optional<Credentials.Stored>> keys) {
        this.clock = requireNonNull(clock, "clock");
        this.keys = requireNonNull(keys, "keys");
    }

    /** The parts of an {@code Authorization} header. */
    private record Authorization(
            String accessKeyId,
            String date,
            String region,
            String service,
            List<String> signedHeaders,
            String signature) {}

    /**
     * The identity that signed {@code request} for {@code signingName}.
     *
     * @throws dev.svcconnect.controlplane.api.ApiException {@code MissingAuthenticationTokenException},
     *     {@code IncompleteSignatureException}, {@code UnrecognizedClientException} or
     *     {@code InvalidSignatureException}, each 403
     */
    public Identity verify(SignedRequest request, String signingName) {
        String header = request.header("authorization");
        if (header == null) {
            throw AuthErrors.missing("sign the request with SigV4 and an access key of this control plane "
                    + "(the admin key is in DATA/admin-credentials, profile svc-connect).");
        }
        Authorization auth = parse(header);
        if (request.header("x-amz-security-token") != null) {
            throw AuthErrors.unrecognized("X-Amz-Security-Token is not accepted; this control plane issues no "
                    + "session tokens (use a long-term access key).");
        }
        Instant signedAt = signedAt(request, auth);
        if (!REGION.matcher(auth.region()).matches()) {
            throw AuthErrors.invalidSignature("Credential should be scoped to a valid region, not '" + auth.region()
                    + "' (expected: a Region name such as 'us-east-1').");
        }
        if (!auth.service().equals(signingName)) {
            throw AuthErrors.invalidSignature("Credential should be scoped to correct service: '" + signingName
                    + "', not '" + auth.service() + "'.");
        }
        Credentials.Stored key = keys.apply(auth.accessKeyId())
                .orElseThrow(() -> AuthErrors.unrecognized("no access key '" + auth.accessKeyId() + "'."));
        String expected = recompute(request, auth, signedAt, key.secretAccessKey());
        if (!MessageDigest.isEqual(expected.getBytes(US_ASCII), auth.signature().getBytes(US_ASCII))) {
            throw AuthErrors.invalidSignature("The request signature we calculated does not match the signature you "
                    + "provided. Check your AWS Secret Access Key and signing method.");
        }
        return key.identity();
    }

    /**
     * The region of the credential scope of an {@code Authorization} header that {@link #verify}
     * accepted: the region the call is for.
     */
    public static String scopeRegion(String authorization) {
        return parse(authorization).region();
    }

    private Instant signedAt(SignedRequest request, Authorization auth) {
        String amzDate = request.header("x-amz-date");
        if (amzDate == null || !auth.signedHeaders().contains("x-amz-date")) {
            throw AuthErrors.incomplete("X-Amz-Date: a signed header is required (e.g. 20261201T120000Z).");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw AuthErrors.incomplete("X-Amz-Date: '" + amzDate + "' (expected: yyyyMMddTHHmmssZ).");
        }
        if (!amzDate.startsWith(auth.date())) {
            throw AuthErrors.invalidSignature(
                    "Date in Credential scope does not match YYYYMMDD from X-Amz-Date: '" + auth.date() + "'.");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw AuthErrors.invalidSignature("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw AuthErrors.invalidSignature("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
        return signedAt;
    }

    /** The signature the SDK's signer computes for the received request with {@code secret}. */
    private static String recompute(SignedRequest request, Authorization auth, Instant signedAt, String secret) {
        SdkHttpFullRequest.Builder http = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .protocol("http")
                .host(host(request))
                .port(port(request))
                .encodedPath(request.rawPath());
        for (String name : auth.signedHeaders()) {
            List<String> values = request.headers().get(name);
            if (values == null) {
                throw AuthErrors.invalidSignature(
                        "SignedHeaders names '" + name + "', which the request does not have.");
            }
            http.putHeader(name, values);
        }
        queryParameters(request.rawQuery()).forEach(http::putRawQueryParameter);
        byte[] body = request.body();
        http.contentStreamProvider(() -> new java.io.ByteArrayInputStream(body));
        Aws4SignerParams params = Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(auth.accessKeyId(), secret))
                .signingName(auth.service())
                .signingRegion(Region.of(auth.region()))
                .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                .build();
        String computed = SIGNER.sign(http.build(), params)
                .firstMatchingHeader("Authorization")
                .orElse("");
        return computed.substring(computed.lastIndexOf("Signature=") + "Signature=".length());
    }

    /** The port of the Host header (the signer writes the canonical host from host and port). */
    private static int port(SignedRequest request) {
        String host = request.header("host");
        int colon = host == null ? -1 : host.lastIndexOf(':');
        if (colon <= 0 || host.endsWith("]")) {
            return 80;
        }
        try {
            return Integer.parseInt(host.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw AuthErrors.invalidSignature("Host: '" + host + "' has no valid port.");
        }
    }

    private static String host(SignedRequest request) {
        String host = request.header("host");
        if (host == null) {
            return "localhost";
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** {@code AWS4-HMAC-SHA256 Credential=ID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=HEX}. */
    private static Authorization parse(String header) {
        if (!header.startsWith(ALGORITHM + " ")) {
            throw AuthErrors.incomplete("Authorization: expected the algorithm " + ALGORITHM + ".");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(
                        part.substring(0, equals).trim(),
                        part.substring(equals + 1).trim());
            }
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw AuthErrors.incomplete(
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw AuthErrors.incomplete(
                    "Credential: '" + credential + "' (expected: ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request).");
        }
        return new Authorization(scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")), signature);
    }
}
