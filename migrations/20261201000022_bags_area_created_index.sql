-- An area's bags of a time range (`GET /exports/bags.csv?area=…&from=…`, `GET /bags?area=…&from=…`): the
-- export an admin pulls during a shift asks for one area's last hour. Without this index it was a BitmapAnd of
-- `bags_created_at_brin` and `bags_area_list_idx`: the BRIN is lossy once scans have moved rows (a parent is
-- updated with every child), so at 1.5 M bags 76,000 rows were rechecked per export page, 125 ms alone and
-- 128–185 ms under `shift` (pg_stat_statements), the slowest statement of that mix. With `(area, created_at)`
-- the range is read from the index. `area` and `created_at` never change after a bag is made, so a scan's
-- update of its parent stays HOT.
create index bags_area_created_idx on bags (area, created_at);
