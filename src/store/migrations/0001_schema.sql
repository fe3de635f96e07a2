-- The first schema, whole. Later migrations only append.
-- Dates are ISO text (YYYY-MM-DD), times ISO text in UTC.

CREATE TABLE groups (
    id                      INTEGER PRIMARY KEY,
    name                    TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    focus                   TEXT NOT NULL DEFAULT '',
    entry_criteria          TEXT NOT NULL DEFAULT '',
    openness                TEXT NOT NULL DEFAULT 'open' CHECK (openness IN ('open', 'closed')),
    status                  TEXT NOT NULL DEFAULT 'forming'
                            CHECK (status IN ('forming', 'active', 'dormant', 'closed')),
    successor_id            INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    meeting_minutes         INTEGER NOT NULL DEFAULT 90 CHECK (meeting_minutes BETWEEN 1 AND 1440),
    opening_closing_minutes INTEGER NOT NULL DEFAULT 20 CHECK (opening_closing_minutes BETWEEN 0 AND 1440),
    min_speaking_minutes    INTEGER NOT NULL DEFAULT 5 CHECK (min_speaking_minutes BETWEEN 1 AND 1440),
    min_size                INTEGER NOT NULL DEFAULT 4 CHECK (min_size BETWEEN 1 AND 10000),
    review_interval_days    INTEGER NOT NULL DEFAULT 90 CHECK (review_interval_days BETWEEN 1 AND 3650),
    last_review             TEXT,
    purpose                 TEXT NOT NULL DEFAULT '',
    created_on              TEXT NOT NULL
);

CREATE TABLE members (
    id              INTEGER PRIMARY KEY,
    group_id        INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    pronouns        TEXT NOT NULL DEFAULT '',
    contact         TEXT NOT NULL DEFAULT '',
    joined          TEXT,
    status          TEXT NOT NULL DEFAULT 'active'
                    CHECK (status IN ('enquiry', 'waitlist', 'active', 'on_break', 'left')),
    status_since    TEXT NOT NULL,
    role            TEXT NOT NULL DEFAULT 'member'
                    CHECK (role IN ('member', 'facilitator', 'co_facilitator')),
    access_needs    TEXT NOT NULL DEFAULT '',
    invite_to_speak INTEGER NOT NULL DEFAULT 0 CHECK (invite_to_speak IN (0, 1)),
    notes           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX members_by_group ON members(group_id, status, name);

CREATE TABLE member_status_history (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    status     TEXT NOT NULL CHECK (status IN ('enquiry', 'waitlist', 'active', 'on_break', 'left')),
    changed_on TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX member_status_history_by_member ON member_status_history(member_id, changed_on);

CREATE TABLE meetings (
    id        INTEGER PRIMARY KEY,
    group_id  INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    held_on   TEXT NOT NULL,
    mode      TEXT NOT NULL DEFAULT 'in_person' CHECK (mode IN ('in_person', 'online', 'hybrid')),
    minutes   INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    visitors  INTEGER NOT NULL DEFAULT 0 CHECK (visitors >= 0),
    round_run INTEGER NOT NULL DEFAULT 0 CHECK (round_run IN (0, 1)),
    notes     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meetings_by_group ON meetings(group_id, held_on);

-- One row per member who was present; speaking columns are filled when a
-- round was run (a pass is a valid turn).
CREATE TABLE attendance (
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id        INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    speaking_seconds INTEGER CHECK (speaking_seconds >= 0),
    spoke            INTEGER CHECK (spoke IN (0, 1)),
    passed           INTEGER CHECK (passed IN (0, 1)),
    turn_order       INTEGER,
    PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;
CREATE INDEX attendance_by_member ON attendance(member_id, meeting_id);

CREATE TABLE agreement_versions (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version >= 1),
    adopted_on  TEXT NOT NULL,
    body        TEXT NOT NULL,
    change_note TEXT NOT NULL DEFAULT '',
    UNIQUE (group_id, version)
);

CREATE TABLE signups (
    member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    agreement_id INTEGER NOT NULL REFERENCES agreement_versions(id) ON DELETE CASCADE,
    signed_on    TEXT NOT NULL,
    PRIMARY KEY (member_id, agreement_id)
) WITHOUT ROWID;
CREATE INDEX signups_by_agreement ON signups(agreement_id);

CREATE TABLE promotion_channels (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('social_media', 'website', 'radio', 'partner', 'other')),
    name       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'tried')),
    planned_on TEXT,
    tried_on   TEXT,
    notes      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE endings_activities (
    id            INTEGER PRIMARY KEY,
    group_id      INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    held_on       TEXT NOT NULL,
    mode          TEXT NOT NULL CHECK (mode IN ('face_to_face', 'online')),
    card_style    TEXT NOT NULL DEFAULT 'typed' CHECK (card_style IN ('typed', 'paper')),
    chain         INTEGER NOT NULL DEFAULT 0 CHECK (chain IN (0, 1)),
    stage         TEXT NOT NULL DEFAULT 'collecting'
                  CHECK (stage IN ('collecting', 'dealing', 'reading', 'celebrating', 'finished')),
    seed          INTEGER,
    locked        INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    position      INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
    reveal_author INTEGER NOT NULL DEFAULT 0 CHECK (reveal_author IN (0, 1)),
    created_at    TEXT NOT NULL
);
CREATE INDEX endings_by_group ON endings_activities(group_id, held_on);

CREATE TABLE activity_participants (
    activity_id INTEGER NOT NULL REFERENCES endings_activities(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, member_id)
) WITHOUT ROWID;

-- A card belongs to its author: erasing the author erases the card.
CREATE TABLE cards (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES endings_activities(id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL CHECK (number >= 1),
    text        TEXT NOT NULL DEFAULT '',
    sealed      INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1)),
    UNIQUE (activity_id, number),
    UNIQUE (activity_id, author_id)
);

-- The deal: who reads which card, in which order, and when it was read.
CREATE TABLE deal_entries (
    activity_id INTEGER NOT NULL REFERENCES endings_activities(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 0),
    reader_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    card_id     INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
    room        INTEGER,
    read_at     TEXT,
    PRIMARY KEY (activity_id, position),
    UNIQUE (activity_id, card_id)
) WITHOUT ROWID;

CREATE TABLE breakout_rooms (
    activity_id INTEGER NOT NULL REFERENCES endings_activities(id) ON DELETE CASCADE,
    room        INTEGER NOT NULL CHECK (room >= 1),
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, member_id)
) WITHOUT ROWID;

-- Who shared a breakout room, so later activities can avoid repeating pairs.
CREATE TABLE pairing_history (
    group_id    INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES endings_activities(id) ON DELETE CASCADE,
    member_a    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    member_b    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    CHECK (member_a < member_b),
    PRIMARY KEY (activity_id, member_a, member_b)
) WITHOUT ROWID;
CREATE INDEX pairing_history_by_group ON pairing_history(group_id);

-- Small console preferences, such as the group that was open last.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
