-- What must hold whatever happened: read by loadtest/run.sh after every run and by the
-- backup test after a dump is restored. One line per check, then `total: N`.
with checks(name, violations) as (
    select 'parents over their maximum', count(*) from bags where kind = 'parent' and child_count > max_children
    union all
    select 'parents whose count differs from their children', count(*) from bags p
     where p.kind = 'parent' and p.child_count <> (select count(*) from bags c where c.parent_id = p.id)
    union all
    select 'QRs held by more than one bag', count(*) from (select qr from bags group by qr having count(*) > 1) d
    union all
    select 'children linked to a non-parent', count(*) from bags c join bags p on p.id = c.parent_id where p.kind <> 'parent'
    union all
    select 'bills whose linked_count differs from a recount', count(*) from bills b
     where b.linked_count <> (select count(*) from bags p where p.bill_id = b.id)
    union all
    select 'bills whose child_count differs from a recount', count(*) from bills b
     where b.child_count <> (select coalesce(sum(p.child_count), 0) from bags p where p.bill_id = b.id)
    union all
    select 'bills over capacity', count(*) from bills where linked_count > capacity
    union all
    select 'dashboard children counter vs recount', abs((select coalesce(sum(value), 0) from stat_counters where metric = 'children')
                                                       - (select count(*) from bags where kind = 'child'))
    union all
    select 'dashboard parents counter vs recount', abs((select coalesce(sum(value), 0) from stat_counters where metric = 'parents')
                                                      - (select count(*) from bags where kind = 'parent'))
)
select name || ': ' || violations from checks
union all
select 'total: ' || sum(violations) from checks;
