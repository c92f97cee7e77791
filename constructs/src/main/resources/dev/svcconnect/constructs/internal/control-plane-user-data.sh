# svc-connect control plane instance: installs a JRE, fetches the svc-connect jar, reads the
# store's credentials and the shared data key from Secrets Manager, runs `svc-connect
# control-plane` under systemd behind the load balancer, and puts the admin key it creates (the
# same on every replica: they share the store) into the admin secret the provider signs with.
# Set before this body by the ControlPlane construct: SVC_CONNECT_JAR_URL, SVC_CONNECT_REGION,
# SVC_CONNECT_ACCOUNT, SVC_CONNECT_DOMAIN, SVC_CONNECT_STORE_HOST, SVC_CONNECT_STORE_PORT,
# SVC_CONNECT_STORE_SECRET, SVC_CONNECT_DATA_KEY_SECRET, SVC_CONNECT_ADMIN_SECRET, and for the
# success signal CloudFormation waits for, SVC_CONNECT_STACK and SVC_CONNECT_SIGNAL_RESOURCE.
# The switches of the host user data apply (SVC_CONNECT_SKIP_PACKAGES, SVC_CONNECT_ROOT).
set -euo pipefail
root="${SVC_CONNECT_ROOT:-}"
data="$root/var/lib/svc-connect"
log() { echo "svc-connect user data: $*"; }
secret() { aws secretsmanager get-secret-value --region "$SVC_CONNECT_REGION" --secret-id "$1" --query SecretString --output text; }
field() { python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], sys.argv[2]))' "$1" "$2"; }

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
    secret "$SVC_CONNECT_DATA_KEY_SECRET" | python3 -c \
        'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha256(sys.stdin.read().strip().encode()).digest()).decode())' \
        > "$data/keys/data.key"
fi
store=$(secret "$SVC_CONNECT_STORE_SECRET")
printf %s "$store" | field password "" > "$root/etc/svc-connect/store-password"
user=$(printf %s "$store" | field username svcconnect)
dbname=$(printf %s "$store" | field dbname svcconnect)
umask 022

cat > "$root/etc/systemd/system/svc-connect-control-plane.service" <<UNIT
[Unit]
Description=svc-connect control plane
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=java -jar $root/opt/svc-connect/svc-connect.jar control-plane --bind 0.0.0.0 --port 7700 --tls \
 --allowed-host $SVC_CONNECT_DOMAIN --data $data --region $SVC_CONNECT_REGION --account-id $SVC_CONNECT_ACCOUNT \
 --store jdbc:postgresql://$SVC_CONNECT_STORE_HOST:$SVC_CONNECT_STORE_PORT/$dbname?user=$user&sslmode=require \
 --store-password-file $root/etc/svc-connect/store-password
Restart=always
RestartSec=5
TimeoutStopSec=60

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now svc-connect-control-plane

log "waiting for the admin key"
for _ in $(seq 1 120); do
    [ -s "$data/admin-credentials" ] && break
    sleep 1
done
key=$(sed -n 's/^aws_access_key_id = //p' "$data/admin-credentials")
secret_key=$(sed -n 's/^aws_secret_access_key = //p' "$data/admin-credentials")
aws secretsmanager put-secret-value --region "$SVC_CONNECT_REGION" --secret-id "$SVC_CONNECT_ADMIN_SECRET" \
    --secret-string "{\"accessKeyId\":\"$key\",\"secretAccessKey\":\"$secret_key\"}" > /dev/null
log "svc-connect-control-plane started; admin key $key in the admin secret"
if [ -n "${SVC_CONNECT_SIGNAL_RESOURCE:-}" ]; then
    /opt/aws/bin/cfn-signal --success true --region "$SVC_CONNECT_REGION" --stack "$SVC_CONNECT_STACK" \
        --resource "$SVC_CONNECT_SIGNAL_RESOURCE"
fi
