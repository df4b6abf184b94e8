-- The programme dimension: each integration pioneer with each of its member councils.
WITH pioneers AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_pioneers_pioneers
),

members AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_pioneers_members
  WHERE is_member
),

final AS (
  SELECT
    concat_ws('|', p.pioneer_name, m.council_code) AS programme_member_id,
    'Integrated Care and Support Pioneers' AS programme,
    trim(BOTH '-' FROM lower(regexp_replace(p.pioneer_name, '[^A-Za-z0-9]+', '-', 'g'))) AS pioneer_id,
    p.pioneer_name,
    p.wave,
    p.announced_date,
    p.announced_precision,
    m.council_code,
    m.council_name,
    m.coverage,
    m.footprint,
    m.note
  FROM pioneers AS p
  INNER JOIN members AS m ON m.load_id = p.load_id AND m.pioneer_name = p.pioneer_name
)

SELECT * FROM final
