-- The truck's weight from the weighbridge, entered by the biller: the real figure beside the
-- one computed from child counts (`actual_weight_kg`). Optional; null until entered.
alter table bills add column weighbridge_weight_kg numeric(12, 3)
    constraint bills_weighbridge_weight_range check (weighbridge_weight_kg between 0 and 999999);
