-- Boards plugin, first schema. Runs in the plugin's own schema (search_path), so names are unqualified.

CREATE TABLE boards (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    kind          text        NOT NULL CHECK (kind IN ('chat', 'review')),
    allow_replies boolean     NOT NULL,
    allow_votes   boolean     NOT NULL,
    created_by    bigint      NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- GET / lists boards newest first with keyset pagination on (created_at, id).
CREATE INDEX boards_newest_first ON boards (created_at DESC, id DESC);

-- user_id is a platform account id: the platform's tables live in another schema, so no foreign key.
CREATE TABLE board_admins (
    board_id   bigint      NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL,
    granted_by bigint      NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (board_id, user_id)
);

-- Top-level entries and replies share one table; parent_id is null for top-level entries. Deleting an
-- entry deletes its replies through the foreign key. vote_count and reply_count are kept in step with
-- votes and replies in the same transactions, so that "top" can be served from an index.
CREATE TABLE entries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    board_id        bigint      NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    parent_id       bigint      REFERENCES entries (id) ON DELETE CASCADE,
    author_id       bigint      NOT NULL,
    author_username text        NOT NULL,
    body            text        NOT NULL,
    media           jsonb       NOT NULL DEFAULT '[]',
    vote_count      bigint      NOT NULL DEFAULT 0 CHECK (vote_count >= 0),
    reply_count     bigint      NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    edited_at       timestamptz
);

-- sort=new: WHERE board_id = ? AND parent_id IS NULL ORDER BY created_at DESC, id DESC
CREATE INDEX entries_top_level_newest ON entries (board_id, created_at DESC, id DESC) WHERE parent_id IS NULL;

-- sort=top: WHERE board_id = ? AND parent_id IS NULL ORDER BY vote_count DESC, id DESC
CREATE INDEX entries_top_level_most_voted ON entries (board_id, vote_count DESC, id DESC) WHERE parent_id IS NULL;

-- A thread, oldest first; also serves the cascade when a parent entry is deleted.
CREATE INDEX entries_replies_oldest_first ON entries (parent_id, created_at, id) WHERE parent_id IS NOT NULL;

-- One row per vote; the primary key makes a second vote by the same user a no-op and also serves the
-- cascade when an entry is deleted.
CREATE TABLE votes (
    entry_id   bigint      NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entry_id, user_id)
);
