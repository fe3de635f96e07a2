-- Each member's attendance figures, kept up to date by triggers in the same
-- transaction as the write that changes them, so the roster can sort and
-- page thousands of members without working the figures out for each.
--
-- The figures, worked out from scratch (the triggers and a test use it):
-- the last meeting attended, and among the group's latest 12 meetings, how
-- many were attended and how many they could have come to (from joining,
-- or their first visit, until a break or leaving).
CREATE VIEW member_figures AS
SELECT m.id AS member_id,
       m.group_id AS group_id,
       (SELECT max(mt.held_on) FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
         WHERE a.member_id = m.id) AS last_attended,
       (SELECT count(*) FROM attendance a
         WHERE a.member_id = m.id
           AND a.meeting_id IN (SELECT id FROM meetings WHERE group_id = m.group_id
                                 ORDER BY held_on DESC, id DESC LIMIT 12)) AS attended,
       (SELECT count(*) FROM meetings r
         WHERE r.id IN (SELECT id FROM meetings WHERE group_id = m.group_id ORDER BY held_on DESC, id DESC LIMIT 12)
           AND (EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = r.id AND a.member_id = m.id)
                OR (r.held_on > coalesce(m.joined,
                        (SELECT min(mt.held_on) FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
                          WHERE a.member_id = m.id), '9999-12-31')
                    AND (m.status NOT IN ('left', 'on_break') OR r.held_on < m.status_since)))) AS possible
  FROM members m;

CREATE TABLE member_stats (
    member_id     INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    group_id      INTEGER NOT NULL,
    last_attended TEXT,
    attended      INTEGER NOT NULL,
    possible      INTEGER NOT NULL,
    rate          REAL
);
CREATE INDEX member_stats_by_rate ON member_stats(group_id, rate DESC);
CREATE INDEX member_stats_by_last ON member_stats(group_id, last_attended DESC);
CREATE INDEX members_by_name ON members(group_id, name COLLATE NOCASE, id);

INSERT INTO member_stats (member_id, group_id, last_attended, attended, possible, rate)
SELECT member_id, group_id, last_attended, attended, possible,
       CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
  FROM member_figures;

-- Each trigger deletes and inserts rather than INSERT OR REPLACE: the
-- conflict clause of the statement that fires a trigger (INSERT OR IGNORE
-- into attendance, for one) overrides the clauses inside it.
--
-- A bulk load (the scale generator) pauses the triggers with this setting
-- and rebuilds the figures once at the end.
CREATE TRIGGER member_stats_on_member_insert AFTER INSERT ON members
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    DELETE FROM member_stats WHERE member_id = NEW.id;
    INSERT INTO member_stats (member_id, group_id, last_attended, attended, possible, rate)
    SELECT member_id, group_id, last_attended, attended, possible,
           CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
      FROM member_figures WHERE member_id = NEW.id;
END;

CREATE TRIGGER member_stats_on_member_update AFTER UPDATE OF joined, status, status_since ON members
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    DELETE FROM member_stats WHERE member_id = NEW.id;
    INSERT INTO member_stats (member_id, group_id, last_attended, attended, possible, rate)
    SELECT member_id, group_id, last_attended, attended, possible,
           CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
      FROM member_figures WHERE member_id = NEW.id;
END;

CREATE TRIGGER member_stats_on_attendance_insert AFTER INSERT ON attendance
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    DELETE FROM member_stats WHERE member_id = NEW.member_id;
    INSERT INTO member_stats (member_id, group_id, last_attended, attended, possible, rate)
    SELECT member_id, group_id, last_attended, attended, possible,
           CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
      FROM member_figures WHERE member_id = NEW.member_id;
END;

CREATE TRIGGER member_stats_on_attendance_delete AFTER DELETE ON attendance
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    DELETE FROM member_stats WHERE member_id = OLD.member_id;
    INSERT INTO member_stats (member_id, group_id, last_attended, attended, possible, rate)
    SELECT member_id, group_id, last_attended, attended, possible,
           CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
      FROM member_figures WHERE member_id = OLD.member_id;
END;

-- A meeting added, moved or removed shifts the window of every member of
-- its group.
CREATE TRIGGER member_stats_on_meeting_insert AFTER INSERT ON meetings
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    DELETE FROM member_stats WHERE group_id = NEW.group_id;
    INSERT INTO member_stats (member_id, group_id, last_attended, attended, possible, rate)
    SELECT member_id, group_id, last_attended, attended, possible,
           CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
      FROM member_figures WHERE group_id = NEW.group_id;
END;

CREATE TRIGGER member_stats_on_meeting_update AFTER UPDATE OF held_on ON meetings
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    DELETE FROM member_stats WHERE group_id = NEW.group_id;
    INSERT INTO member_stats (member_id, group_id, last_attended, attended, possible, rate)
    SELECT member_id, group_id, last_attended, attended, possible,
           CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
      FROM member_figures WHERE group_id = NEW.group_id;
END;

CREATE TRIGGER member_stats_on_meeting_delete AFTER DELETE ON meetings
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    DELETE FROM member_stats WHERE group_id = OLD.group_id;
    INSERT INTO member_stats (member_id, group_id, last_attended, attended, possible, rate)
    SELECT member_id, group_id, last_attended, attended, possible,
           CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
      FROM member_figures WHERE group_id = OLD.group_id;
END;
