-- Each member's name folded for search (case, accents and strokes, as
-- domain::text::fold does), stored with the name so that a search
-- keystroke compares stored text instead of folding thousands of names.
-- circle writes it with every name it writes. NULL means not known (a name
-- written by another program): the search then folds that name as it reads.
ALTER TABLE members ADD COLUMN name_folded TEXT;
UPDATE members SET name_folded = circle_fold(name);

-- A trigger cannot fold (circle_fold lives in circle, and another program
-- changing a name would fail on it), but it can drop a folded name that no
-- longer matches: a name changed without it is then folded as it is read,
-- never found by its old spelling. circle writes the folded name after the
-- name, in the same transaction.
CREATE TRIGGER members_name_folded_stale AFTER UPDATE OF name ON members
WHEN NEW.name IS NOT OLD.name
BEGIN
    UPDATE members SET name_folded = NULL WHERE id = NEW.id;
END;

-- The roster's name order, now also carrying what a search compares (the
-- status and the folded name), so that searching reads the index alone.
DROP INDEX members_by_name;
CREATE INDEX members_by_name ON members(group_id, name COLLATE NOCASE, id, status, name_folded);
