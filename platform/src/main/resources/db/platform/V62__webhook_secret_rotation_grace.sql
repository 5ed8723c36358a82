-- After a rotation the previous secret keeps signing callbacks (a second "v1," signature) until
-- previous_expires_at (applecore.jobs.callbacks.rotation-grace), so that receivers can switch without losing
-- deliveries. Encrypted like the current secret, bound to the same row.
ALTER TABLE platform.webhook_secret ADD COLUMN previous_secret_encrypted BYTEA;
ALTER TABLE platform.webhook_secret ADD COLUMN previous_expires_at TIMESTAMPTZ;
ALTER TABLE platform.webhook_secret
    ADD CONSTRAINT webhook_secret_previous_expires CHECK ((previous_secret_encrypted IS NULL) = (previous_expires_at IS NULL));
