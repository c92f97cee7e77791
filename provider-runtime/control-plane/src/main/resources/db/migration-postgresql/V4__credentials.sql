-- PostgreSQL port of db/migration/V4__credentials.sql.
-- Access keys (admin, reader, agent, proxy): id the access key id, scope the role, ref the host
-- id (agent) or task id (proxy); the body holds the name, the scope, the creation time and the
-- secret access key sealed by the data key (DATA/keys/data.key) for "credential:ACCESS_KEY_ID".
-- Replicas on one database must share that data key (docs/ha.md).
CREATE TABLE credentials (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE INDEX credentials_scope ON credentials (scope);
CREATE INDEX credentials_ref ON credentials (ref);
-- Join tokens: id the token id (the part before the '.'), scope the cluster; the body holds the
-- sealed secret ("join-token:ID"), the creation and expiry times. Multi-use until they expire.
CREATE TABLE join_tokens (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE INDEX join_tokens_scope ON join_tokens (scope);
