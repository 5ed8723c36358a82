-- Webhook signing secrets are stored encrypted (AES-256-GCM: jobs.callback.WebhookSecrets with
-- secrets.SecretEncryption). A row written before keeps its plain text, now in plaintext_secret, until a host
-- encrypts it: every such row when the database becomes ready, and any one it meets on a read. This migration
-- cannot do it in SQL: the key is the operator's APPLECORE_SECRETS_KEY or one the host generates, and neither
-- is visible here.
ALTER TABLE platform.webhook_secret RENAME COLUMN secret TO plaintext_secret;
ALTER TABLE platform.webhook_secret ALTER COLUMN plaintext_secret DROP NOT NULL;
ALTER TABLE platform.webhook_secret ADD COLUMN secret_encrypted BYTEA;
ALTER TABLE platform.webhook_secret
    ADD CONSTRAINT webhook_secret_stored_once CHECK (num_nonnulls(plaintext_secret, secret_encrypted) = 1);

COMMENT ON TABLE platform.signing_key IS
    'Keys generated once and shared by every host on this database, unless configured: the JWT signing secret '
    '(jwt-hs256, APPLECORE_JWT_SECRET) and the key secrets are encrypted with at rest (secrets-aes256-gcm, APPLECORE_SECRETS_KEY).';
