-- A job has a lease owner only while it runs: every transition out of 'running' clears it. The workers' fenced
-- statements therefore test lease_owner alone and look jobs up by primary key; testing status = 'running' too
-- made PostgreSQL pick the partial index job_leased instead, whose dead entries (one per job that ever ran,
-- until vacuum) made every batch's lock and terminal update slower as the queue churned.
ALTER TABLE platform.job ADD CONSTRAINT job_lease_owner_only_while_running
    CHECK (lease_owner IS NULL OR status = 'running');
