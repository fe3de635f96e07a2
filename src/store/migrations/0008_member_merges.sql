-- A record merged into another because both were the same person: the id
-- the merged record had, and the member it is now part of. Backups made
-- while the two were apart still hold the merged record under its own id,
-- so forgetting that person must reach it there too.
CREATE TABLE member_merges (
    merged_id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    group_id  INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    merged_on TEXT NOT NULL
);
CREATE INDEX member_merges_by_member ON member_merges(member_id);
