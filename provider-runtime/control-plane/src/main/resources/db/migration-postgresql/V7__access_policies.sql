-- PostgreSQL port of db/migration/V7__access_policies.sql.
-- Access policies (PutAccessPolicy): which client services may call a Service Connect service.
-- One row per policy: id namespaceId/discoveryName, scope the namespace id; a service without a
-- row has the default policy (every service of its namespace).
CREATE TABLE access_policies (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE INDEX access_policies_scope ON access_policies (scope);
