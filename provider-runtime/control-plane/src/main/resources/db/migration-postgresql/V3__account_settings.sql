-- PostgreSQL port of db/migration/V3__account_settings.sql.
-- ECS account settings (PutAccountSetting, PutAccountSettingDefault): one row per principal and
-- setting name, the body the setting as ListAccountSettings answers it.
CREATE TABLE account_settings (id TEXT COLLATE "C" PRIMARY KEY, scope TEXT NOT NULL, ref TEXT, body TEXT NOT NULL);
CREATE INDEX account_settings_scope ON account_settings (scope);
