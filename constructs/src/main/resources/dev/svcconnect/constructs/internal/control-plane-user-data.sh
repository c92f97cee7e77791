# svc-connect control plane instance: installs a JRE, fetches the svc-connect jar, reads the
# store's credentials and the shared data key from Secrets Manager, runs `svc-connect
# control-plane` under systemd behind the load balancer, and puts the admin key it creates (the
# same on every replica: they share the store) into the admin secret the provider signs with.
# Set before this body by the ControlPlane construct: SVC_CONNECT_JAR_URL, SVC_CONNECT_REGION,
# SVC_CONNECT_ACCOUNT, SVC_CONNECT_DOMAIN, SVC_CONNECT_STORE_HOST, SVC_CONNECT_STORE_PORT,
# SVC_CONNECT_STORE_SECRET, SVC_CONNECT_DATA_KEY_SECRET, SVC_CONNECT_ADMIN_SECRET,
# SVC_CONNECT_AWS_PRIVATE_CA (1 when the construct lists private CAs: --aws-private-ca),
# SVC_CONNECT_JVM_OPTIONS (the control plane's JVM options, separated by spaces), and for the
# success signal CloudFormation waits for, SVC_CONNECT_STACK and SVC_CONNECT_SIGNAL_RESOURCE.
# Switches for running it off EC2 (docs/constructs.md, "Running the user data off EC2"):
#   SVC_CONNECT_SKIP_PACKAGES=1      no dnf install (a JRE, python3 and the AWS CLI are already there)
#   SVC_CONNECT_ROOT=DIR             files go under DIR instead of /
#   SVC_CONNECT_NO_SYSTEMD=1         the control plane runs as a child of this script, which waits for
#                                    it once the admin key is put (stopping the script stops it),
#                                    instead of as a systemd unit
#   SVC_CONNECT_STORE_SSLMODE=MODE   the store connection's sslmode (default require: RDS serves TLS)
set -euo pipefail
root="${SVC_CONNECT_ROOT:-}"
data="$root/var/lib/svc-connect"
sslmode="${SVC_CONNECT_STORE_SSLMODE:-require}"
log() { echo "svc-connect user data: $*"; }
fail() { log "$*" >&2; exit 1; }
secret() { aws secretsmanager get-secret-value --region "$SVC_CONNECT_REGION" --secret-id "$1" --query SecretString --output text; }
# field NAME [DEFAULT]: the value NAME of the store secret's JSON object on stdin; without a
# DEFAULT the secret must have it.
field() {
    python3 -c '
import json, sys
name, default = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
try:
    value = json.load(sys.stdin).get(name)
except (ValueError, AttributeError):
    sys.exit("SVC_CONNECT_STORE_SECRET: the secret is not a JSON object (expected: username, password, dbname)")
if value is None or value == "":
    if default is None:
        sys.exit("SVC_CONNECT_STORE_SECRET: the secret has no " + name)
    value = default
print(value)' "$@"
}
# The words of a command as systemd reads ExecStart: each quoted, with \ " % and $ escaped.
unit_command() {
    local word words=()
    for word in "$@"; do
        word=${word//\\/\\\\}
        word=${word//\"/\\\"}
        word=${word//[%]/%%}
        word=${word//[\$]/\$\$}
        words+=("\"$word\"")
    done
    echo "${words[*]}"
}

case "$sslmode" in
    disable | allow | prefer | require | verify-ca | verify-full) ;;
    *) fail "SVC_CONNECT_STORE_SSLMODE: '$sslmode' (expected: disable, allow, prefer, require, verify-ca or verify-full)" ;;
esac
if [ "${SVC_CONNECT_SKIP_PACKAGES:-0}" != 1 ]; then
    log "installing a JRE"
    dnf install -y -q java-21-amazon-corretto-headless python3 aws-cfn-bootstrap
fi
install -d -m 0755 "$root/opt/svc-connect"
install -d -m 0700 "$root/etc/svc-connect" "$data" "$data/keys"

log "fetching $SVC_CONNECT_JAR_URL"
aws s3 cp --quiet --region "$SVC_CONNECT_REGION" "$SVC_CONNECT_JAR_URL" "$root/opt/svc-connect/svc-connect.jar.part"
mv "$root/opt/svc-connect/svc-connect.jar.part" "$root/opt/svc-connect/svc-connect.jar"

umask 077
# Replicas must open each other's sealed secrets: the data key is derived from one shared secret.
if [ ! -s "$data/keys/data.key" ]; then
    log "deriving the data key from $SVC_CONNECT_DATA_KEY_SECRET"
    secret "$SVC_CONNECT_DATA_KEY_SECRET" | python3 -c \
        'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha256(sys.stdin.read().strip().encode()).digest()).decode())' \
        > "$data/keys/data.key"
fi
log "reading the store's credentials from $SVC_CONNECT_STORE_SECRET"
store=$(secret "$SVC_CONNECT_STORE_SECRET")
printf %s "$store" | field password > "$root/etc/svc-connect/store-password"
user=$(printf %s "$store" | field username svcconnect)
dbname=$(printf %s "$store" | field dbname svcconnect)
umask 022

# One word each: the JDBC URL's ? and & are part of it, in a shell as in the systemd unit.
read -ra jvm_options <<<"${SVC_CONNECT_JVM_OPTIONS:-}"
control_plane=(java "${jvm_options[@]}" -jar "$root/opt/svc-connect/svc-connect.jar" control-plane --bind 0.0.0.0 --port 7700 --tls
    --allowed-host "$SVC_CONNECT_DOMAIN" --data "$data" --region "$SVC_CONNECT_REGION"
    --account-id "$SVC_CONNECT_ACCOUNT"
    --store "jdbc:postgresql://$SVC_CONNECT_STORE_HOST:$SVC_CONNECT_STORE_PORT/$dbname?user=$user&sslmode=$sslmode"
    --store-password-file "$root/etc/svc-connect/store-password")
if [ "${SVC_CONNECT_AWS_PRIVATE_CA:-0}" = 1 ]; then
    control_plane+=(--aws-private-ca)
fi

child=""
if [ "${SVC_CONNECT_NO_SYSTEMD:-0}" = 1 ]; then
    log "running the control plane as a child of this script"
    "${control_plane[@]}" &
    child=$!
    # Stopping this script stops the control plane, as stopping the unit would.
    trap 'kill -TERM "$child" 2>/dev/null || true' EXIT TERM INT
else
    install -d -m 0755 "$root/etc/systemd/system"
    cat > "$root/etc/systemd/system/svc-connect-control-plane.service" <<UNIT
[Unit]
Description=svc-connect control plane
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=$(unit_command "${control_plane[@]}")
Restart=always
RestartSec=5
TimeoutStopSec=60

[Install]
WantedBy=multi-user.target
UNIT
    systemctl daemon-reload
    systemctl enable --now svc-connect-control-plane
fi

log "waiting for the admin key in $data/admin-credentials"
for _ in $(seq 1 120); do
    [ -s "$data/admin-credentials" ] && break
    if [ -n "$child" ] && ! kill -0 "$child" 2>/dev/null; then
        fail "the control plane exited before it wrote the admin key (its output is above)"
    fi
    sleep 1
done
[ -s "$data/admin-credentials" ] \
    || fail "no admin key in $data/admin-credentials after 120 s (journalctl -u svc-connect-control-plane says why)"
# The secret's value goes through a file: a command line is readable by every user of the instance.
umask 077
key=$(python3 -c '
import configparser, json, sys
credentials = configparser.ConfigParser()
credentials.read(sys.argv[1])
profile = credentials["svc-connect"]
with open(sys.argv[2], "w") as secret:
    json.dump({"accessKeyId": profile["aws_access_key_id"], "secretAccessKey": profile["aws_secret_access_key"]}, secret)
print(profile["aws_access_key_id"])' "$data/admin-credentials" "$root/etc/svc-connect/admin-key.json")
umask 022
aws secretsmanager put-secret-value --region "$SVC_CONNECT_REGION" --secret-id "$SVC_CONNECT_ADMIN_SECRET" \
    --secret-string "file://$root/etc/svc-connect/admin-key.json" > /dev/null
rm -f "$root/etc/svc-connect/admin-key.json"
log "svc-connect-control-plane started; admin key $key in the admin secret"
if [ -n "${SVC_CONNECT_SIGNAL_RESOURCE:-}" ]; then
    /opt/aws/bin/cfn-signal --success true --region "$SVC_CONNECT_REGION" --stack "$SVC_CONNECT_STACK" \
        --resource "$SVC_CONNECT_SIGNAL_RESOURCE"
fi
if [ -n "$child" ]; then
    log "the control plane runs as process $child"
    status=0
    while kill -0 "$child" 2>/dev/null; do
        wait "$child" || status=$?
    done
    exit "$status"
fi
