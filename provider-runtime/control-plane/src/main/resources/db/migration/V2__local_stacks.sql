-- The stacks that `svc-connect deploy` applied on this machine: one row per stack, the body is
-- the engine's record of it (resources with physical ids, properties and data; outputs; exports).
CREATE TABLE local_stacks (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
