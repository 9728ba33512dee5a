-- A QR prefix search pages newest first (`GET /bags?q=SB01&kind=parent`). A short prefix matches many bags
-- (10,000 parents for `SB01` at 15 M bags, 100 at 1.5 M), and each match was read from the table only to sort
-- the matches by id for a page of 50: at 15 M the bag list's p99 grew 8.1× against 1.5 M (loadtest/NOTES.md,
-- session 11). With `kind` and `id` in the unique index, the page's ids come from the index alone (an
-- index-only scan, `storage::bag::search`) and only the page's 50 rows are read. Still one index on `qr`,
-- so a new bag writes no more index entries than before; both columns never change after a bag is made, so
-- updates stay HOT. The name stays: a unique violation on it is how a scan knows a concurrent insert won.
create unique index bags_qr_key_covering on bags (qr) include (kind, id);
drop index bags_qr_key;
alter index bags_qr_key_covering rename to bags_qr_key;
