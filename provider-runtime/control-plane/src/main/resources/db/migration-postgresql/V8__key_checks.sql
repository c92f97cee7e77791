-- PostgreSQL port of db/migration/V8__key_checks.sql, plus what replicas sharing the database need:
-- the proxies' metrics and the agents' log lines, each pushed to one replica and read from here by
-- the others (controlplane.replicas.SharedPushes); rows older than a minute are deleted.
CREATE TABLE key_checks (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);

CREATE TABLE pushes (
    id BIGSERIAL PRIMARY KEY,
    replica TEXT NOT NULL,
    kind TEXT NOT NULL,
    task_id TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    body BYTEA NOT NULL);
CREATE INDEX pushes_received_at ON pushes (received_at);
