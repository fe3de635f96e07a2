-- The speaking round in progress at a meeting: who speaks in which order
-- and the start time of a running timer, as JSON, so a restart resumes the
-- round and its timer. A finished round is added to the attendance rows.
CREATE TABLE rounds_in_progress (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    record     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
