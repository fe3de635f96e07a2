-- Marks the file as circle's own ("circ"), so circle can tell its databases
-- from other programs' SQLite files and refuse those without a change.
PRAGMA application_id = 1667854947;
