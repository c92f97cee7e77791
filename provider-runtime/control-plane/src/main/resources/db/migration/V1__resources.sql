-- One table per resource kind. Each row holds the resource as the JSON the API answers (body),
-- with the columns that lookups need: its id, the scope it lives in (a cluster, a family, a
-- namespace, a Cloud Map service) and one optional reference (a service, a host).
CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta (name, value) VALUES ('revision', 0);

CREATE TABLE clusters (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE task_definitions (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE services (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE tasks (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE container_instances (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE namespaces (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE discovery_services (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE instances (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE operations (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE TABLE alias_addresses (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);

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
