-- ONS lookup: CCG to NHS England local office and region.
WITH source AS NOT MATERIALIZED (
  SELECT * FROM raw.lookup_ccg_nhs_regions
),

renamed AS (
  SELECT
    load_id,
    vintage,
    ccg_code,
    ccg_ods_code,
    ccg_name,
    local_office_code,
    local_office_ods_code,
    local_office_name,
    nhs_region_code,
    nhs_region_ods_code,
    nhs_region_name
  FROM source
)

SELECT * FROM renamed
