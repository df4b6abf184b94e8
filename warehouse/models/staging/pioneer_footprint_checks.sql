-- Pioneer councils whose membership needs a second look: not confirmed by the footprints, or covered in part.
WITH members AS NOT MATERIALIZED (
  SELECT * FROM staging.stg_pioneers_members
),

final AS (
  SELECT
    load_id,
    pioneer_name,
    council_code,
    council_name,
    indicative_check,
    coverage,
    is_member,
    note
  FROM members
  WHERE indicative_check != 'confirmed' OR coverage != 'whole'
)

SELECT * FROM final
