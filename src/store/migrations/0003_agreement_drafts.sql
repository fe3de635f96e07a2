-- The agreement being written, saved as it is typed, so a closed laptop or
-- a crash keeps it; adopting it makes the next version.
CREATE TABLE agreement_drafts (
    group_id   INTEGER PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
