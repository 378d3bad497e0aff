-- When each area's latest figure of an indicator is next expected, and the last day before it is late.
-- The next release is due in the month its period starts plus the publisher's interval and usual lag
-- (seed_schedule.next_release_months); it is late only after that month ends and the source's grace
-- period passes. The risk index is due, and late, when the first of its inputs is.
with latest as (
    select indicator_id, area_code, period, period_start
    from observations
    qualify row_number() over (partition by indicator_id, area_code order by period_start desc) = 1),
dated as (
    select l.indicator_id, l.area_code, l.period, s.risk_input, s.risk_derived,
           (date_trunc('month', l.period_start) + to_months(s.next_release_months))::date as expected_next,
           s.grace_days
    from latest l
    join seed_schedule s on s.indicator_id = l.indicator_id),
due as (
    select *, (expected_next + interval 1 month - interval 1 day + to_days(grace_days))::date as late_after
    from dated),
first_input as (
    select expected_next, late_after from due
    where risk_input and expected_next is not null
    order by expected_next, late_after
    limit 1)
select d.indicator_id, d.area_code, d.period,
       case when d.risk_derived then f.expected_next else d.expected_next end as expected_next,
       case when d.risk_derived then f.late_after else d.late_after end as late_after
from due d
left join first_input f on true
