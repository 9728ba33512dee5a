-- Every child scan updates its parent's row (count, status). With full pages that update had
-- to go to a new page and add an entry to each of the table's ten indexes; leaving 15 % of
-- each new page free lets PostgreSQL keep the new version on the same page and skip the
-- indexes whose columns did not change (a HOT update). Applies to pages written from now on.
alter table bags set (fillfactor = 85);
