-- The member figures kept so that a write costs the same after ten years of
-- meetings as after ten weeks.
--
-- The triggers of 0006 worked each member's figures out from scratch after
-- every attendance row, reading their whole history for the first and last
-- meeting they came to: marking 5,000 people present took most of a second,
-- and 250,000 rows written by another program took minutes. Here the first
-- and last meeting attended are kept and moved a step at a time, and the
-- rest of the figures, which look only at the group's latest 12 meetings,
-- are worked out over those 12 alone.
--
-- member_figures stays the computation from scratch: rebuilding after a
-- bulk load uses it, and a test compares the kept figures with it.

ALTER TABLE member_stats ADD COLUMN first_attended TEXT;

DROP TRIGGER member_stats_on_member_insert;
DROP TRIGGER member_stats_on_member_update;
DROP TRIGGER member_stats_on_attendance_insert;
DROP TRIGGER member_stats_on_attendance_delete;
DROP TRIGGER member_stats_on_meeting_insert;
DROP TRIGGER member_stats_on_meeting_update;
DROP TRIGGER member_stats_on_meeting_delete;

DROP VIEW member_figures;
CREATE VIEW member_figures AS
SELECT m.id AS member_id,
       m.group_id AS group_id,
       (SELECT max(mt.held_on) FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
         WHERE a.member_id = m.id) AS last_attended,
       (SELECT min(mt.held_on) FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id
         WHERE a.member_id = m.id) AS first_attended,
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

UPDATE member_stats SET first_attended = (SELECT first_attended FROM member_figures f
                                           WHERE f.member_id = member_stats.member_id);

-- Each trigger below moves the first and last meeting attended, or only
-- touches the first (sets it to itself), and this one then works out the
-- figures over the group's latest 12 meetings from the kept first meeting:
-- at most 12 meetings are looked at, each by its key. One statement for
-- every trigger, so they cannot drift apart.
CREATE TRIGGER member_stats_window AFTER UPDATE OF first_attended ON member_stats
BEGIN
    UPDATE member_stats SET (attended, possible, rate) = (
        SELECT attended, possible, CASE WHEN possible > 0 THEN CAST(attended AS REAL) / possible END
          FROM (SELECT count(*) FILTER (WHERE r.here) AS attended,
                       count(*) FILTER (WHERE r.here
                           OR (r.held_on > coalesce(m.joined, member_stats.first_attended, '9999-12-31')
                               AND (m.status NOT IN ('left', 'on_break') OR r.held_on < m.status_since))) AS possible
                  FROM members m,
                       (SELECT mt.held_on,
                               EXISTS (SELECT 1 FROM attendance a
                                        WHERE a.meeting_id = mt.id AND a.member_id = NEW.member_id) AS here
                          FROM meetings mt WHERE mt.group_id = NEW.group_id
                         ORDER BY mt.held_on DESC, mt.id DESC LIMIT 12) r
                 WHERE m.id = NEW.member_id))
     WHERE member_id = NEW.member_id;
END;

-- As in 0006, a new row is made by deleting and inserting: the conflict
-- clause of the statement that fires a trigger (INSERT OR IGNORE, for one)
-- overrides the clauses inside it. A bulk load pauses these triggers with
-- the `stats_paused` setting and rebuilds the figures once at the end.
CREATE TRIGGER member_stats_on_member_insert AFTER INSERT ON members
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    DELETE FROM member_stats WHERE member_id = NEW.id;
    INSERT INTO member_stats (member_id, group_id, last_attended, first_attended, attended, possible, rate)
    VALUES (NEW.id, NEW.group_id, NULL, NULL, 0, 0, NULL);
    UPDATE member_stats SET first_attended = first_attended WHERE member_id = NEW.id;
END;

CREATE TRIGGER member_stats_on_member_update AFTER UPDATE OF joined, status, status_since ON members
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    UPDATE member_stats SET first_attended = first_attended WHERE member_id = NEW.id;
END;

-- A meeting attended moves the first and last meeting out to it, if it is
-- beyond them.
CREATE TRIGGER member_stats_on_attendance_insert AFTER INSERT ON attendance
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    UPDATE member_stats
       SET (last_attended, first_attended) = (
           SELECT max(coalesce(member_stats.last_attended, held_on), held_on),
                  min(coalesce(member_stats.first_attended, held_on), held_on)
             FROM meetings WHERE id = NEW.meeting_id)
     WHERE member_id = NEW.member_id;
END;

-- A mark taken away: the last meeting attended is looked for from the
-- kept one backwards through the group's meetings, and the first from the
-- kept one forwards. Either search stops at the next meeting the member
-- came to, which for the mark just taken away is usually the one before.
CREATE TRIGGER member_stats_on_attendance_delete AFTER DELETE ON attendance
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    UPDATE member_stats
       SET last_attended = (
               SELECT mt.held_on FROM meetings mt
                WHERE mt.group_id = member_stats.group_id AND mt.held_on <= member_stats.last_attended
                  AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = mt.id AND a.member_id = OLD.member_id)
                ORDER BY mt.held_on DESC LIMIT 1),
           first_attended = (
               SELECT mt.held_on FROM meetings mt
                WHERE mt.group_id = member_stats.group_id AND mt.held_on >= member_stats.first_attended
                  AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = mt.id AND a.member_id = OLD.member_id)
                ORDER BY mt.held_on ASC LIMIT 1)
     WHERE member_id = OLD.member_id;
END;

-- circle never moves a mark from one meeting or person to another, but
-- another program (or a later merge of two records) may: the old owner
-- loses the mark and the new one gains it.
CREATE TRIGGER member_stats_on_attendance_update AFTER UPDATE OF meeting_id, member_id ON attendance
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    UPDATE member_stats
       SET last_attended = (
               SELECT mt.held_on FROM meetings mt
                WHERE mt.group_id = member_stats.group_id AND mt.held_on <= member_stats.last_attended
                  AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = mt.id AND a.member_id = OLD.member_id)
                ORDER BY mt.held_on DESC LIMIT 1),
           first_attended = (
               SELECT mt.held_on FROM meetings mt
                WHERE mt.group_id = member_stats.group_id AND mt.held_on >= member_stats.first_attended
                  AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = mt.id AND a.member_id = OLD.member_id)
                ORDER BY mt.held_on ASC LIMIT 1)
     WHERE member_id = OLD.member_id;
    UPDATE member_stats
       SET (last_attended, first_attended) = (
           SELECT max(coalesce(member_stats.last_attended, held_on), held_on),
                  min(coalesce(member_stats.first_attended, held_on), held_on)
             FROM meetings WHERE id = NEW.meeting_id)
     WHERE member_id = NEW.member_id;
END;

-- A meeting added, moved or removed shifts the window of every member of
-- its group: the cost grows with the group, never with its history.
CREATE TRIGGER member_stats_on_meeting_insert AFTER INSERT ON meetings
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    UPDATE member_stats SET first_attended = first_attended WHERE group_id = NEW.group_id;
END;

-- Those who came to a moved meeting may have a new first or last meeting:
-- each is looked for from the further of the kept one and the new date.
CREATE TRIGGER member_stats_on_meeting_update AFTER UPDATE OF held_on ON meetings
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    UPDATE member_stats
       SET last_attended = (
               SELECT mt.held_on FROM meetings mt
                WHERE mt.group_id = member_stats.group_id AND mt.held_on <= max(member_stats.last_attended, NEW.held_on)
                  AND EXISTS (SELECT 1 FROM attendance a
                               WHERE a.meeting_id = mt.id AND a.member_id = member_stats.member_id)
                ORDER BY mt.held_on DESC LIMIT 1),
           first_attended = (
               SELECT mt.held_on FROM meetings mt
                WHERE mt.group_id = member_stats.group_id AND mt.held_on >= min(member_stats.first_attended, NEW.held_on)
                  AND EXISTS (SELECT 1 FROM attendance a
                               WHERE a.meeting_id = mt.id AND a.member_id = member_stats.member_id)
                ORDER BY mt.held_on ASC LIMIT 1)
     WHERE member_id IN (SELECT member_id FROM attendance WHERE meeting_id = NEW.id);
    UPDATE member_stats SET first_attended = first_attended WHERE group_id = NEW.group_id;
END;

-- The marks of a removed meeting go with it (a cascade, which fires the
-- trigger for each mark above); what is left is the window's shift.
CREATE TRIGGER member_stats_on_meeting_delete AFTER DELETE ON meetings
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'stats_paused')
BEGIN
    UPDATE member_stats SET first_attended = first_attended WHERE group_id = OLD.group_id;
END;
