-- Values sealed with the data key that tell, at start, whether a control plane was given the key
-- the store's secrets were sealed with (controlplane.crypto.DataKeyCheck); never the key itself.
CREATE TABLE key_checks (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
