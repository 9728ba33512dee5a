-- The two bag lists people open most, served by small partial indexes: the newest parents
-- (50,000 of 1.5 M rows, interleaved with their children, so walking the primary key
-- backwards passed hundreds of thousands of children first) and the loose children.
create index bags_parents_idx on bags (id desc) where kind = 'parent';
create index bags_loose_children_idx on bags (id desc) where kind = 'child' and parent_id is null;
