-- A completed bill whose parents are later returned keeps its status: the parents it shipped
-- are either still linked or accounted for as returned, and the capacity invariant says so.

alter table bills add column returned_count integer not null default 0
    constraint bills_returned_count_nonnegative check (returned_count >= 0);

alter table bills drop constraint bills_completed_when_full;
alter table bills add constraint bills_completed_when_full
    check (status <> 'completed' or linked_count + returned_count = capacity);
