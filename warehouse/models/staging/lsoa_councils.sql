-- Each LSOA's upper-tier council, from the latest LSOA lookup that lists it (a district rolls up to its county
-- through the latest lower → upper tier lookup; a unitary is its own council). Record-level extracts that give an
-- LSOA instead of a council are placed with it.
WITH lsoa_lookups AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_lookups_lsoa_ccg_lads
),

upper_tiers AS NOT MATERIALIZED (
  SELECT * FROM staging.lad_councils
),

latest_lsoas AS (
  SELECT DISTINCT ON (lsoa_code)
    lsoa_code,
    lad_code
  FROM lsoa_lookups
  ORDER BY lsoa_code, vintage DESC
),

final AS (
  SELECT
    l.lsoa_code,
    COALESCE(t.council_code, l.lad_code) AS council_code
  FROM latest_lsoas AS l
  LEFT JOIN upper_tiers AS t ON t.lad_code = l.lad_code
  WHERE l.lad_code LIKE 'E%'
)

SELECT * FROM final
