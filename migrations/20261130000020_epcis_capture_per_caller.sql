-- An eventID is remembered per caller. Globally unique ids would let one partner's id answer
-- another's capture ("idempotency_conflict" with the earlier capture's time and action), and a
-- partner cannot know which ids another has used: each caller's repeats are its own.
drop index epcis_captures_event_id_key;
create unique index epcis_captures_caller_event_id_key on epcis_captures (captured_by, event_id);
