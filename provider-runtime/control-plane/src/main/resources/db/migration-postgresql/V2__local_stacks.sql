-- PostgreSQL port of db/migration/V2__local_stacks.sql.
-- The stacks that `svc-connect deploy` applied on this machine: one row per stack, the body is
-- the engine's record of it (resources with physical ids, properties and data; outputs; exports).
CREATE TABLE local_stacks (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
