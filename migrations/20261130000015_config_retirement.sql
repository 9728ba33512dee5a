-- Retiring dispatch areas and parent types (issue #17, configuration). A retired area or type
-- keeps its rows and its history (every bag, user and ticket that names it still does), but
-- nothing new may be put in it. The rule lives in the triggers below rather than in each code
-- path, so scans, manual bill entries, imports, user changes and return tickets all obey it.
alter table dispatch_areas add column retired_at timestamptz;
alter table parent_types add column retired_at timestamptz;

-- Why the checks cannot race a retirement: each reads the area or type row `for key share`,
-- and retiring takes `for update` on that row first (the two conflict). A change that read the
-- row before waits for the retirement to commit and then sees it; a retirement waits for
-- changes that already hold the row. The key-share lock is the one the foreign key takes
-- anyway, so no scan waits on another scan for it.
create function refuse_retired_area(area text) returns void language plpgsql as $$
declare
    retired timestamptz;
begin
    if area is null then
        return;
    end if;
    select d.retired_at into retired from dispatch_areas d where d.code = area for key share;
    if retired is not null then
        raise exception 'area % is retired', area
            using errcode = 'check_violation', constraint = 'dispatch_areas_not_retired', detail = area;
    end if;
end $$;

-- A new parent: its type and its area must both be in use.
create function bags_new_parent_not_retired() returns trigger language plpgsql as $$
declare
    retired timestamptz;
begin
    -- A BEFORE trigger fires before `on conflict do nothing` finds the QR taken: re-scanning an
    -- existing parent inserts nothing and must not be refused.
    if exists (select 1 from bags b where b.qr = new.qr) then
        return new;
    end if;
    select t.retired_at into retired from parent_types t where t.code = new.parent_type for key share;
    if retired is not null then
        raise exception 'parent type % is retired', new.parent_type
            using errcode = 'check_violation', constraint = 'parent_types_not_retired', detail = new.parent_type;
    end if;
    perform refuse_retired_area(new.area);
    return new;
end $$;

-- Children inherit their parent's area and are not "new bags in the area" in the sense of the
-- rule: an existing parent of a retired area keeps working. Only parents are checked.
create trigger bags_new_parent_not_retired before insert on bags
    for each row when (new.kind = 'parent')
    execute function bags_new_parent_not_retired();

create function users_area_not_retired() returns trigger language plpgsql as $$
begin
    -- Only a move into an area: a user already in a retired area may still be edited.
    if tg_op = 'INSERT' or new.area is distinct from old.area then
        perform refuse_retired_area(new.area);
    end if;
    return new;
end $$;

create trigger users_area_not_retired before insert or update of area on users
    for each row execute function users_area_not_retired();

create function return_tickets_area_not_retired() returns trigger language plpgsql as $$
begin
    perform refuse_retired_area(new.area);
    return new;
end $$;

create trigger return_tickets_area_not_retired before insert on return_tickets
    for each row execute function return_tickets_area_not_retired();

-- A type's pattern decides which QRs are its parents: changing it under existing parents would
-- silently re-classify them. The API refuses first (with the count); this is the backstop.
create function parent_types_pattern_fixed_once_used() returns trigger language plpgsql as $$
begin
    if new.qr_pattern is distinct from old.qr_pattern
       and exists (select 1 from bags where kind = 'parent' and parent_type = old.code) then
        raise exception 'parent type % is in use; its pattern cannot change', old.code
            using errcode = 'check_violation', constraint = 'parent_types_pattern_in_use', detail = old.code;
    end if;
    return new;
end $$;

create trigger parent_types_pattern_fixed_once_used before update of qr_pattern on parent_types
    for each row execute function parent_types_pattern_fixed_once_used();

-- Every API instance caches the parent types' patterns; this announcement (delivered at commit,
-- never for a rolled-back change) tells each to reload at once.
create function parent_types_announce_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('tracetrack_config', 'parent_types');
    return null;
end $$;

create trigger parent_types_announce_change after insert or update or delete on parent_types
    for each statement execute function parent_types_announce_change();
