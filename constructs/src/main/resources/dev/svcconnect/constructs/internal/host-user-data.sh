# svc-connect host: installs a JRE from the OS packages, fetches the svc-connect jar, reads the
# cluster's join token from Secrets Manager and runs `svc-connect agent` under systemd.
# Set before this body by the HostFleet construct: SVC_CONNECT_JAR_URL, SVC_CONNECT_REGION,
# SVC_CONNECT_ENDPOINT, SVC_CONNECT_CLUSTER, SVC_CONNECT_JOIN_TOKEN_SECRET, SVC_CONNECT_AGENT_OPTIONS,
# SVC_CONNECT_JVM_OPTIONS (the agent's JVM options, separated by spaces).
# Switches for running it off EC2 (docs/constructs.md, "Running the user data off EC2"):
#   SVC_CONNECT_SKIP_PACKAGES=1  no dnf install (a JRE and the AWS CLI are already there)
#   SVC_CONNECT_ROOT=DIR         files go under DIR instead of /
#   SVC_CONNECT_NO_SYSTEMD=1     the agent runs in the foreground instead of as a systemd unit
set -euo pipefail
root="${SVC_CONNECT_ROOT:-}"
log() { echo "svc-connect user data: $*"; }

if [ "${SVC_CONNECT_SKIP_PACKAGES:-0}" != 1 ]; then
    log "installing a JRE"
    dnf install -y -q java-21-amazon-corretto-headless
fi
install -d -m 0755 "$root/opt/svc-connect"
install -d -m 0700 "$root/etc/svc-connect" "$root/var/lib/svc-connect"

log "fetching $SVC_CONNECT_JAR_URL"
aws s3 cp --quiet --region "$SVC_CONNECT_REGION" "$SVC_CONNECT_JAR_URL" "$root/opt/svc-connect/svc-connect.jar.part"
mv "$root/opt/svc-connect/svc-connect.jar.part" "$root/opt/svc-connect/svc-connect.jar"

log "reading the join token of cluster $SVC_CONNECT_CLUSTER"
umask 077
aws secretsmanager get-secret-value --region "$SVC_CONNECT_REGION" --secret-id "$SVC_CONNECT_JOIN_TOKEN_SECRET" \
    --query SecretString --output text > "$root/etc/svc-connect/join-token"
umask 022

# The agent keeps its host key in --data after the first registration; the token is only for that.
# AWS_REGION: the Region of the S3 client that fetches containers' artifacts with the instance's role.
read -ra jvm_options <<<"${SVC_CONNECT_JVM_OPTIONS:-}"
agent=(env "AWS_REGION=$SVC_CONNECT_REGION" java "${jvm_options[@]}" -jar "$root/opt/svc-connect/svc-connect.jar" agent
    --control-plane "$SVC_CONNECT_ENDPOINT" --cluster "$SVC_CONNECT_CLUSTER"
    --join-token "@$root/etc/svc-connect/join-token" --data "$root/var/lib/svc-connect/agent")
# shellcheck disable=SC2206 # options are words by design
agent+=(${SVC_CONNECT_AGENT_OPTIONS:-})

if [ "${SVC_CONNECT_NO_SYSTEMD:-0}" = 1 ]; then
    log "running the agent in the foreground"
    exec "${agent[@]}"
fi
cat > "$root/etc/systemd/system/svc-connect-agent.service" <<UNIT
[Unit]
Description=svc-connect host agent (cluster $SVC_CONNECT_CLUSTER)
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=${agent[*]}
Restart=always
RestartSec=5
KillMode=process
TimeoutStopSec=60

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now svc-connect-agent
log "svc-connect-agent started"
