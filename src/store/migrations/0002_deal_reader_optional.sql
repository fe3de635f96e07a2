-- A card read aloud by someone who is later forgotten stays read, with no
-- reader: the group did hear it, and nothing of the forgotten person stays.
CREATE TABLE deal_entries_v2 (
    activity_id INTEGER NOT NULL REFERENCES endings_activities(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 0),
    reader_id   INTEGER REFERENCES members(id) ON DELETE CASCADE,
    card_id     INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    room        INTEGER,
    read_at     TEXT,
    CHECK (reader_id IS NOT NULL OR read_at IS NOT NULL),
    PRIMARY KEY (activity_id, position),
    UNIQUE (activity_id, card_id)
) WITHOUT ROWID;
INSERT INTO deal_entries_v2 (activity_id, position, reader_id, card_id, room, read_at)
    SELECT activity_id, position, reader_id, card_id, room, read_at FROM deal_entries;
DROP TABLE deal_entries;
ALTER TABLE deal_entries_v2 RENAME TO deal_entries;

-- One calm sentence the activity shows the next time it is opened, for
-- example that the cards were dealt again after someone was forgotten.
ALTER TABLE endings_activities ADD COLUMN notice TEXT;
