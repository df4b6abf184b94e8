-- Which areas may be added up. Each area code of marts.dim_geography with its partition: a set of areas that never
-- overlap (a person or an event is in one of them at most), so that a sum over areas of one partition counts
-- nothing twice and a sum over two partitions (England and its councils, councils and their districts, CCGs and
-- councils) would. The partition is the area's level (dim_geography.area_type), except that England, Wales, Scotland
-- and Northern Ireland make one partition, and the United Kingdom, Great Britain and England and Wales, which contain
-- them, are each a partition of their own. The Cube measures that add areas up answer only for one partition.
WITH geography AS NOT MATERIALIZED (
  SELECT * FROM marts.dim_geography
),

final AS (
  SELECT
    area_code,
    CASE
      WHEN area_code ~ '^K0[2-4]' THEN area_code
      WHEN area_code ~ '^[EWSN]92' THEN 'country'
      ELSE area_type
    END AS area_partition
  FROM geography
)

SELECT * FROM final
