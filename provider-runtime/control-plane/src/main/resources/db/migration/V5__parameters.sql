-- SSM parameters (PutParameter): one row per name. The body is the parameter's metadata as
-- DescribeParameters answers it plus its value sealed with the data key (DATA/keys/data.key): the
-- store file alone reveals no value.
CREATE TABLE parameters (id TEXT PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
