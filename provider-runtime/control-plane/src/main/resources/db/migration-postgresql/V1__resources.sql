-- PostgreSQL port of db/migration/V1__resources.sql (same tables, same columns), plus what
-- replicas sharing the database need: the scheduler lease and the hosts' heartbeats.
-- One table per resource kind. Each row holds the resource as the JSON the API answers (body),
-- with the columns that lookups need: its id, the scope it lives in (a cluster, a family, a
-- namespace, a Cloud Map service) and one optional reference (a service, a host).
CREATE TABLE meta (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO meta (name, value) VALUES ('revision', 0);

CREATE TABLE clusters (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE task_definitions (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE services (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE tasks (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE container_instances (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE namespaces (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE discovery_services (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE instances (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE operations (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE alias_addresses (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);

CREATE INDEX clusters_scope ON clusters (scope);
CREATE INDEX task_definitions_scope ON task_definitions (scope);
CREATE INDEX services_scope ON services (scope);
CREATE INDEX services_ref ON services (ref);
CREATE INDEX tasks_scope ON tasks (scope);
CREATE INDEX tasks_ref ON tasks (ref);
CREATE INDEX container_instances_scope ON container_instances (scope);
CREATE INDEX namespaces_scope ON namespaces (scope);
CREATE INDEX discovery_services_scope ON discovery_services (scope);
CREATE INDEX instances_scope ON instances (scope);
CREATE INDEX operations_scope ON operations (scope);
CREATE INDEX alias_addresses_scope ON alias_addresses (scope);

-- The scheduler lease (docs/ha.md): one row; the replica named by holder leads until expires_at
-- (the database's clock). token grows each time the lease changes hands; a write the scheduler
-- makes checks holder and token in its own transaction, so a replica that lost the lease cannot
-- commit one.
CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT, token BIGINT NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
INSERT INTO leases (name, holder, token, expires_at) VALUES ('scheduler', NULL, 0, '-infinity');

-- The last heartbeat each host sent to any replica (epoch milliseconds); not part of the revision.
CREATE TABLE heartbeats (id TEXT COLLATE "C" PRIMARY KEY, seen_at BIGINT NOT NULL);
