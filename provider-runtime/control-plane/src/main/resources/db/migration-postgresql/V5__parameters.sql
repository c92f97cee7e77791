-- PostgreSQL port of db/migration/V5__parameters.sql.
-- SSM parameters (PutParameter): one row per name. The body is the parameter's metadata as
-- DescribeParameters answers it plus its value sealed with the data key (DATA/keys/data.key): the
-- store file alone reveals no value.
CREATE TABLE parameters (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
