-- The Cube-facing area list: area_type keeps the ONS type names of the published API ('country', 'county', …).
WITH geography AS NOT MATERIALIZED (
  SELECT * FROM marts.dim_geography
),

final AS (
  SELECT
    area_code,
    area_name,
    ons_area_type AS area_type,
    area_type AS area_level,
    org_code,
    parent_code,
    region_code,
    valid_from,
    valid_to,
    is_current
  FROM geography
)

SELECT * FROM final
