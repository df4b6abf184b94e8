import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';

const AREA_CODE_CHANGES = new URL('../reference/area-code-changes.csv', import.meta.url);

const OLD_AREAS_VIEW = `
    CREATE VIEW marts.areas AS
    WITH population_names AS (
      SELECT DISTINCT ON (area_code)
        area_code,
        area_name,
        geography
      FROM raw.population_areas
      ORDER BY area_code, mid_year DESC
    ),

    council_names AS (
      SELECT DISTINCT ON (ons_code)
        ons_code AS area_code,
        area_name
      FROM raw.dtoc_council_codes
      ORDER BY ons_code, valid_from DESC NULLS LAST
    ),

    all_areas AS (
      SELECT
        COALESCE(p.area_code, c.area_code) AS area_code,
        COALESCE(p.area_name, c.area_name) AS area_name,
        COALESCE(lower(p.geography), 'council') AS area_type
      FROM population_names AS p
      FULL JOIN council_names AS c ON c.area_code = p.area_code
    )

    SELECT
      area_code,
      CASE WHEN area_name = upper(area_name) THEN initcap(area_name) ELSE area_name END AS area_name,
      area_type
    FROM all_areas
  `;

/**
 * Geography: the ONS lookups as loaded (raw), the code changes of English councils (reference), and the
 * dimension built from them with its hierarchy and code history; CCG population; CCG-to-council shares;
 * council populations that follow boundary changes; ages mapped to every age band.
 */
export async function up(knex: Knex): Promise<void> {
  const lookup = (name: string, columns: (table: Knex.CreateTableBuilder) => void, key: string[]) =>
    knex.schema.withSchema('raw').createTable(name, (table) => {
      table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
      table.date('vintage').notNullable().comment('1 April of the year in the column names (CCG19CD: 2019-04-01)');
      columns(table);
      table.primary(['vintage', ...key]);
    });

  await lookup(
    'lookup_lad_regions',
    (t) => {
      t.text('lad_code').notNullable();
      t.text('lad_name').notNullable();
      t.text('region_code').notNullable();
      t.text('region_name').notNullable();
    },
    ['lad_code'],
  );
  await lookup(
    'lookup_council_tiers',
    (t) => {
      t.text('lower_tier_code').notNullable();
      t.text('lower_tier_name').notNullable();
      t.text('upper_tier_code').notNullable();
      t.text('upper_tier_name').notNullable();
    },
    ['lower_tier_code'],
  );
  await lookup(
    'lookup_ccg_stps',
    (t) => {
      t.text('ccg_code').notNullable();
      t.text('ccg_ods_code');
      t.text('ccg_name').notNullable();
      t.text('stp_code').notNullable();
      t.text('stp_ods_code');
      t.text('stp_name').notNullable();
    },
    ['ccg_code'],
  );
  await lookup(
    'lookup_ccg_nhs_regions',
    (t) => {
      t.text('ccg_code').notNullable();
      t.text('ccg_ods_code');
      t.text('ccg_name').notNullable();
      t.text('local_office_code');
      t.text('local_office_ods_code');
      t.text('local_office_name');
      t.text('nhs_region_code').notNullable();
      t.text('nhs_region_ods_code');
      t.text('nhs_region_name').notNullable();
    },
    ['ccg_code'],
  );
  await lookup(
    'lookup_lsoa_ccg_lads',
    (t) => {
      t.text('lsoa_code').notNullable();
      t.text('lsoa_name');
      t.text('ccg_code').notNullable();
      t.text('ccg_ods_code');
      t.text('ccg_name').notNullable();
      t.text('lad_code').notNullable();
      t.text('lad_name').notNullable();
    },
    ['lsoa_code'],
  );
  await lookup(
    'lookup_ccg_lads',
    (t) => {
      t.text('ccg_code').notNullable();
      t.text('ccg_ods_code');
      t.text('ccg_name').notNullable();
      t.text('lad_code').notNullable();
      t.text('lad_name').notNullable();
    },
    ['ccg_code', 'lad_code'],
  );
  await lookup(
    'lookup_area_names',
    (t) => {
      t.text('area_type')
        .notNullable()
        .comment("the geography named: 'ccg', 'stp', 'lad', 'utla', 'region', 'nhs_region'");
      t.text('area_code').notNullable();
      t.text('org_code');
      t.text('area_name').notNullable();
    },
    ['area_type', 'area_code'],
  );

  await knex.schema.withSchema('raw').createTable('population_ccg_estimates', (table) => {
    table.bigInteger('load_id').notNullable().references('load_id').inTable('raw.loads').onDelete('CASCADE');
    table.smallint('mid_year').notNullable();
    table.smallint('boundary_year').notNullable().comment('year of the CCG boundaries (CCG21: 2021)');
    table.text('ccg_code').notNullable();
    table.text('ccg_name').notNullable();
    table.text('stp_code');
    table.text('stp_name');
    table.text('nhs_region_code');
    table.text('nhs_region_name');
    table.text('age_band').notNullable().comment("as published: '0-17', '18-35', …, '66+', 'All ages'");
    table.smallint('min_age').notNullable();
    table.smallint('max_age').comment('inclusive; null = and over');
    table.integer('people').notNullable();
    table.primary(['boundary_year', 'mid_year', 'ccg_code', 'age_band']);
  });

  await knex.schema.withSchema('raw').createTable('area_code_changes', (table) => {
    table.text('old_code').notNullable();
    table.text('old_name').notNullable();
    table.text('new_code').notNullable();
    table.text('new_name').notNullable();
    table.date('effective_date').notNullable();
    table
      .text('relationship')
      .notNullable()
      .comment(
        'same_area: the new code covers the old area; merged_into: the old area is wholly inside the new one; split_into: the new area is wholly inside the old one; part_to: part of the old area went into a new area that also took others',
      );
    table.text('note');
    table.primary(['old_code', 'new_code']);
  });
  await knex.raw(
    "ALTER TABLE raw.area_code_changes ADD CHECK (relationship IN ('same_area', 'merged_into', 'split_into', 'part_to'))",
  );
  const changes = parse(fs.readFileSync(AREA_CODE_CHANGES, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  await knex('raw.area_code_changes').insert(changes.map((row) => ({ ...row, note: row.note || null })));

  // Every child → parent link the lookups state, with the vintage that states it.
  await knex.raw(`
    CREATE VIEW staging.geography_links AS
    WITH ccg_population_links AS (
      SELECT DISTINCT
        make_date(boundary_year, 4, 1) AS vintage,
        ccg_code,
        stp_code,
        nhs_region_code
      FROM raw.population_ccg_estimates
    ),

    links AS (
      SELECT vintage, lad_code AS child_code, 'region' AS link, region_code AS parent_code
      FROM raw.lookup_lad_regions
      UNION ALL
      SELECT vintage, lower_tier_code, 'council', upper_tier_code
      FROM raw.lookup_council_tiers
      WHERE lower_tier_code != upper_tier_code
      UNION ALL
      SELECT vintage, ccg_code, 'stp', stp_code
      FROM raw.lookup_ccg_stps
      UNION ALL
      SELECT vintage, ccg_code, 'nhs_region', nhs_region_code
      FROM raw.lookup_ccg_nhs_regions
      UNION ALL
      SELECT vintage, ccg_code, 'nhs_local_office', local_office_code
      FROM raw.lookup_ccg_nhs_regions
      WHERE local_office_code IS NOT NULL
      UNION ALL
      SELECT DISTINCT vintage, local_office_code, 'nhs_region', nhs_region_code
      FROM raw.lookup_ccg_nhs_regions
      WHERE local_office_code IS NOT NULL
      UNION ALL
      SELECT vintage, ccg_code, 'stp', stp_code
      FROM ccg_population_links
      WHERE stp_code IS NOT NULL
      UNION ALL
      SELECT vintage, ccg_code, 'nhs_region', nhs_region_code
      FROM ccg_population_links
      WHERE nhs_region_code IS NOT NULL
    )

    SELECT * FROM links
  `);

  // Every sighting of a code with its name: lookups first (rank 1), then population files, then the reference files.
  await knex.raw(`
    CREATE VIEW staging.geography_names AS
    WITH lookup_names AS (
      SELECT vintage, 'lad' AS family, lad_code AS area_code, lad_name AS area_name, NULL AS org_code FROM raw.lookup_lad_regions
      UNION ALL SELECT vintage, 'region', region_code, region_name, NULL FROM raw.lookup_lad_regions
      UNION ALL SELECT vintage, 'lad', lower_tier_code, lower_tier_name, NULL FROM raw.lookup_council_tiers
      UNION ALL SELECT vintage, 'utla', upper_tier_code, upper_tier_name, NULL FROM raw.lookup_council_tiers
      UNION ALL SELECT vintage, 'ccg', ccg_code, ccg_name, ccg_ods_code FROM raw.lookup_ccg_stps
      UNION ALL SELECT vintage, 'stp', stp_code, stp_name, stp_ods_code FROM raw.lookup_ccg_stps
      UNION ALL SELECT vintage, 'ccg', ccg_code, ccg_name, ccg_ods_code FROM raw.lookup_ccg_nhs_regions
      UNION ALL SELECT vintage, 'nhs_local_office', local_office_code, local_office_name, local_office_ods_code FROM raw.lookup_ccg_nhs_regions WHERE local_office_code IS NOT NULL
      UNION ALL SELECT vintage, 'nhs_region', nhs_region_code, nhs_region_name, nhs_region_ods_code FROM raw.lookup_ccg_nhs_regions
      UNION ALL SELECT DISTINCT vintage, 'ccg', ccg_code, ccg_name, ccg_ods_code FROM raw.lookup_lsoa_ccg_lads
      UNION ALL SELECT DISTINCT vintage, 'lad', lad_code, lad_name, NULL FROM raw.lookup_lsoa_ccg_lads
      UNION ALL SELECT vintage, 'ccg', ccg_code, ccg_name, ccg_ods_code FROM raw.lookup_ccg_lads
      UNION ALL SELECT vintage, 'lad', lad_code, lad_name, NULL FROM raw.lookup_ccg_lads
      UNION ALL SELECT vintage, area_type, area_code, area_name, org_code FROM raw.lookup_area_names
    ),

    ccg_population_names AS (
      SELECT DISTINCT make_date(boundary_year, 4, 1) AS vintage, 'ccg' AS family, ccg_code AS area_code, ccg_name AS area_name FROM raw.population_ccg_estimates
      UNION SELECT DISTINCT make_date(boundary_year, 4, 1), 'stp', stp_code, stp_name FROM raw.population_ccg_estimates WHERE stp_code IS NOT NULL
      UNION SELECT DISTINCT make_date(boundary_year, 4, 1), 'nhs_region', nhs_region_code, nhs_region_name FROM raw.population_ccg_estimates WHERE nhs_region_code IS NOT NULL
    ),

    sightings AS (
      SELECT area_code, area_name, org_code, vintage AS seen_on, family, 1 AS source_rank FROM lookup_names
      UNION ALL
      SELECT area_code, area_name, NULL, vintage, family, 2 FROM ccg_population_names
      UNION ALL
      SELECT area_code, area_name, NULL, make_date(mid_year, 6, 30), NULL, 2 FROM raw.population_areas
      UNION ALL
      SELECT old_code, old_name, NULL, effective_date - 1, NULL, 3 FROM raw.area_code_changes
      UNION ALL
      SELECT new_code, new_name, NULL, effective_date, NULL, 3 FROM raw.area_code_changes
      UNION ALL
      SELECT ons_code, area_name, NULL, valid_from, NULL, 4 FROM raw.dtoc_council_codes
      UNION ALL
      SELECT 'E92000001', 'England', NULL, NULL, NULL, 5
    )

    SELECT * FROM sightings
  `);

  await knex.raw(AGE_BAND_AGES_VIEW);
  await knex.raw(COUNCIL_POPULATION_VIEW);
  await knex.raw(CCG_POPULATION_VIEW);
  // Share of each CCG's population living in each upper-tier council. Method in README (geography section).
  await knex.raw(CCG_COUNCIL_SHARES_VIEW);
  await knex.raw('CREATE UNIQUE INDEX ON staging.ccg_council_shares (vintage, ccg_code, council_code)');
  await knex.raw('CREATE INDEX ON staging.ccg_council_shares (ccg_ods_code, vintage)');
  await knex.raw(DIM_GEOGRAPHY_VIEW);
  await knex.raw('CREATE UNIQUE INDEX ON marts.dim_geography (area_code)');
  await knex.raw('DROP VIEW marts.areas');
  await knex.raw(AREAS_VIEW);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW marts.areas');
  await knex.raw(OLD_AREAS_VIEW);
  await knex.raw('DROP MATERIALIZED VIEW marts.dim_geography');
  await knex.raw('DROP MATERIALIZED VIEW staging.ccg_council_shares');
  await knex.raw('DROP VIEW marts.ccg_population');
  await knex.raw('DROP VIEW marts.council_population');
  await knex.raw('DROP VIEW marts.age_band_ages');
  await knex.raw('DROP VIEW staging.geography_names');
  await knex.raw('DROP VIEW staging.geography_links');
  await knex.schema.withSchema('raw').dropTable('area_code_changes');
  await knex.schema.withSchema('raw').dropTable('population_ccg_estimates');
  for (const table of [
    'lookup_area_names',
    'lookup_ccg_lads',
    'lookup_lsoa_ccg_lads',
    'lookup_ccg_nhs_regions',
    'lookup_ccg_stps',
    'lookup_council_tiers',
    'lookup_lad_regions',
  ]) {
    await knex.schema.withSchema('raw').dropTable(table);
  }
}

// Every age 0-90 (90 = 90 and over) with each band of marts.dim_age_band that contains it.
const AGE_BAND_AGES_VIEW = `
  CREATE VIEW marts.age_band_ages AS
  WITH ages AS (
    SELECT age::smallint AS age
    FROM generate_series(0, 90) AS age
  )

  SELECT
    concat_ws('|', b.age_band, a.age) AS age_band_age_id,
    a.age,
    b.age_band,
    b.band_set,
    b.min_age,
    b.max_age,
    b.sort_order
  FROM marts.dim_age_band AS b
  JOIN ages AS a ON a.age >= b.min_age AND (b.max_age IS NULL OR a.age <= b.max_age)
`;

/**
 * Populations for every ONS area and mid-year loaded, plus the areas that did not exist in that year (or no
 * longer did) where the code history allows an exact sum: a new code from a same-area predecessor or from all
 * the areas merged into it; an old code from a same-area successor or from the areas it was split into.
 */
const COUNCIL_POPULATION_VIEW = `
  CREATE VIEW marts.council_population AS
  WITH area_years AS (
    SELECT DISTINCT area_code, mid_year
    FROM raw.population_areas
  ),

  years AS (
    SELECT DISTINCT mid_year
    FROM raw.population_areas
  ),

  changes AS (
    SELECT * FROM raw.area_code_changes
  ),

  old_relationships AS (
    SELECT
      old_code,
      bool_and(relationship = 'split_into') AS is_partitioned
    FROM changes
    GROUP BY old_code
  ),

  candidates AS (
    SELECT c.new_code AS area_code, y.mid_year, array_agg(c.old_code ORDER BY c.old_code) AS derived_from, 1 AS priority
    FROM changes AS c
    CROSS JOIN years AS y
    LEFT JOIN area_years AS a ON a.area_code = c.old_code AND a.mid_year = y.mid_year
    WHERE c.relationship = 'same_area'
    GROUP BY c.new_code, y.mid_year
    HAVING bool_and(a.area_code IS NOT NULL)
    UNION ALL
    SELECT c.new_code, y.mid_year, array_agg(c.old_code ORDER BY c.old_code), 2
    FROM changes AS c
    CROSS JOIN years AS y
    LEFT JOIN area_years AS a ON a.area_code = c.old_code AND a.mid_year = y.mid_year
    WHERE c.relationship = 'merged_into'
    GROUP BY c.new_code, y.mid_year
    HAVING bool_and(a.area_code IS NOT NULL)
    UNION ALL
    SELECT c.old_code, y.mid_year, array_agg(c.new_code ORDER BY c.new_code), 1
    FROM changes AS c
    CROSS JOIN years AS y
    LEFT JOIN area_years AS a ON a.area_code = c.new_code AND a.mid_year = y.mid_year
    WHERE c.relationship = 'same_area'
    GROUP BY c.old_code, y.mid_year
    HAVING bool_and(a.area_code IS NOT NULL)
    UNION ALL
    SELECT c.old_code, y.mid_year, array_agg(c.new_code ORDER BY c.new_code), 2
    FROM changes AS c
    JOIN old_relationships AS o ON o.old_code = c.old_code AND o.is_partitioned
    CROSS JOIN years AS y
    LEFT JOIN area_years AS a ON a.area_code = c.new_code AND a.mid_year = y.mid_year
    GROUP BY c.old_code, y.mid_year
    HAVING bool_and(a.area_code IS NOT NULL)
  ),

  derivations AS (
    SELECT DISTINCT ON (c.area_code, c.mid_year)
      c.area_code,
      c.mid_year,
      c.derived_from
    FROM candidates AS c
    LEFT JOIN area_years AS a ON a.area_code = c.area_code AND a.mid_year = c.mid_year
    WHERE a.area_code IS NULL
    ORDER BY c.area_code, c.mid_year, c.priority
  ),

  derived AS (
    SELECT
      d.area_code,
      d.mid_year,
      e.sex,
      e.age,
      sum(e.people)::bigint AS people,
      d.derived_from
    FROM derivations AS d
    JOIN raw.population_estimates AS e ON e.mid_year = d.mid_year AND e.area_code = ANY (d.derived_from)
    GROUP BY d.area_code, d.mid_year, e.sex, e.age, d.derived_from
  )

  SELECT
    area_code,
    mid_year,
    sex,
    age,
    people::bigint AS people,
    FALSE AS is_derived,
    NULL::text[] AS derived_from
  FROM raw.population_estimates
  UNION ALL
  SELECT
    area_code,
    mid_year,
    sex,
    age,
    people,
    TRUE AS is_derived,
    derived_from
  FROM derived
`;

const CCG_POPULATION_VIEW = `
  CREATE VIEW marts.ccg_population AS
  SELECT
    concat_ws('|', boundary_year, mid_year, ccg_code, age_band) AS ccg_population_id,
    ccg_code AS area_code,
    mid_year,
    make_date(mid_year, 6, 30) AS mid_year_date,
    boundary_year,
    age_band,
    min_age,
    max_age,
    people
  FROM raw.population_ccg_estimates
`;

/**
 * Weights: the LSOA count of each CCG x council (LSOAs hold about 1,500 people each) where an LSOA lookup is
 * loaded for the vintage; otherwise, from CCG-LAD pairs, the LAD's population (the mid-year before the
 * vintage, or the nearest loaded) divided equally between the CCGs that share it.
 */
const CCG_COUNCIL_SHARES_VIEW = `
  CREATE MATERIALIZED VIEW staging.ccg_council_shares AS
  WITH upper_tiers AS (
    SELECT DISTINCT ON (lower_tier_code)
      lower_tier_code AS lad_code,
      upper_tier_code AS council_code
    FROM raw.lookup_council_tiers
    ORDER BY lower_tier_code, vintage DESC
  ),

  lsoa_counts AS (
    SELECT
      l.vintage,
      l.ccg_code,
      max(l.ccg_ods_code) AS ccg_ods_code,
      COALESCE(t.council_code, l.lad_code) AS council_code,
      count(*)::numeric AS weight
    FROM raw.lookup_lsoa_ccg_lads AS l
    LEFT JOIN upper_tiers AS t ON t.lad_code = l.lad_code
    WHERE l.lad_code LIKE 'E%'
    GROUP BY l.vintage, l.ccg_code, COALESCE(t.council_code, l.lad_code)
  ),

  pairs AS (
    SELECT
      p.vintage,
      p.ccg_code,
      p.ccg_ods_code,
      p.lad_code,
      count(*) OVER (PARTITION BY p.vintage, p.lad_code) AS ccgs_in_lad
    FROM raw.lookup_ccg_lads AS p
    WHERE p.lad_code LIKE 'E%'
      AND p.vintage NOT IN (SELECT vintage FROM raw.lookup_lsoa_ccg_lads)
  ),

  lad_totals AS (
    SELECT
      area_code,
      mid_year,
      sum(people) AS people
    FROM marts.council_population
    WHERE sex = 'persons'
      AND area_code IN (SELECT lad_code FROM pairs)
    GROUP BY area_code, mid_year
  ),

  lad_people AS (
    SELECT DISTINCT ON (p.vintage, p.lad_code)
      p.vintage,
      p.lad_code,
      t.people
    FROM (SELECT DISTINCT vintage, lad_code FROM pairs) AS p
    LEFT JOIN lad_totals AS t ON t.area_code = p.lad_code
    ORDER BY p.vintage, p.lad_code, abs(t.mid_year - (extract(YEAR FROM p.vintage)::int - 1)), t.mid_year DESC
  ),

  pair_weights AS (
    SELECT
      p.vintage,
      p.ccg_code,
      p.ccg_ods_code,
      COALESCE(t.council_code, p.lad_code) AS council_code,
      CASE
        WHEN bool_and(lp.people IS NOT NULL) OVER (PARTITION BY p.vintage, p.ccg_code) THEN lp.people::numeric / p.ccgs_in_lad
        ELSE 1.0 / p.ccgs_in_lad
      END AS weight
    FROM pairs AS p
    LEFT JOIN lad_people AS lp ON lp.vintage = p.vintage AND lp.lad_code = p.lad_code
    LEFT JOIN upper_tiers AS t ON t.lad_code = p.lad_code
  ),

  weights AS (
    SELECT vintage, ccg_code, ccg_ods_code, council_code, weight
    FROM lsoa_counts
    UNION ALL
    SELECT vintage, ccg_code, max(ccg_ods_code), council_code, sum(weight)
    FROM pair_weights
    GROUP BY vintage, ccg_code, council_code
  )

  SELECT
    ccg_code,
    max(ccg_ods_code) OVER (PARTITION BY vintage, ccg_code) AS ccg_ods_code,
    council_code,
    weight / sum(weight) OVER (PARTITION BY vintage, ccg_code) AS share,
    vintage
  FROM weights
`;

/**
 * Materialised (like the shares): the lookups and population sources refresh both in the load's transaction
 * (etl/src/sources/lookups/refresh.ts), so Cube's joins to areas cost an index lookup, not the whole derivation.
 *
 * One row per area code ever seen (population estimates, lookups, code history, DToC council codes), with its
 * latest name, its level, its parents as last stated by a lookup, and its code history.
 */
const DIM_GEOGRAPHY_VIEW = `
  CREATE MATERIALIZED VIEW marts.dim_geography AS
  WITH names AS (
    SELECT DISTINCT ON (area_code)
      area_code,
      area_name
    FROM staging.geography_names
    WHERE area_name IS NOT NULL
      AND area_name != ''
    ORDER BY area_code, source_rank, seen_on DESC NULLS LAST
  ),

  org_codes AS (
    SELECT DISTINCT ON (area_code)
      area_code,
      org_code
    FROM staging.geography_names
    WHERE org_code IS NOT NULL
    ORDER BY area_code, seen_on DESC
  ),

  population_types AS (
    SELECT DISTINCT ON (area_code)
      area_code,
      lower(geography) AS ons_area_type
    FROM raw.population_areas
    WHERE geography != ''
    ORDER BY area_code, mid_year DESC
  ),

  latest_links AS (
    SELECT DISTINCT ON (child_code, link)
      child_code,
      link,
      parent_code
    FROM staging.geography_links
    ORDER BY child_code, link, vintage DESC
  ),

  changes AS (
    SELECT * FROM raw.area_code_changes
  ),

  successors AS (
    SELECT
      old_code AS area_code,
      array_agg(new_code ORDER BY new_code) AS successor_codes,
      max(effective_date) - 1 AS valid_to
    FROM changes
    GROUP BY old_code
  ),

  predecessors AS (
    SELECT
      new_code AS area_code,
      array_agg(old_code ORDER BY old_code) AS predecessor_codes,
      min(effective_date) AS valid_from
    FROM changes
    GROUP BY new_code
  ),

  family_vintages AS (
    SELECT DISTINCT
      family,
      seen_on AS vintage
    FROM staging.geography_names
    WHERE source_rank = 1
  ),

  code_sightings AS (
    SELECT
      area_code,
      family,
      min(seen_on) AS first_seen,
      max(seen_on) AS last_seen
    FROM staging.geography_names
    WHERE source_rank = 1
    GROUP BY area_code, family
  ),

  -- A code missing from a complete lookup of its geography that is older (newer) than its first (last) sighting.
  inferred_validity AS (
    SELECT
      s.area_code,
      max(CASE WHEN EXISTS (SELECT 1 FROM family_vintages AS v WHERE v.family = s.family AND v.vintage < s.first_seen) THEN s.first_seen END) AS valid_from,
      min((SELECT min(v.vintage) FROM family_vintages AS v WHERE v.family = s.family AND v.vintage > s.last_seen) - 1) AS valid_to
    FROM code_sightings AS s
    GROUP BY s.area_code
  ),

  district_councils AS (
    SELECT child_code AS area_code, parent_code AS council_code
    FROM latest_links
    WHERE link = 'council'
  ),

  lad_regions AS (
    SELECT child_code AS area_code, parent_code AS region_code
    FROM latest_links
    WHERE link = 'region'
  ),

  county_regions AS (
    SELECT DISTINCT ON (d.council_code)
      d.council_code AS area_code,
      r.region_code
    FROM district_councils AS d
    JOIN lad_regions AS r ON r.area_code = d.area_code
    ORDER BY d.council_code, r.region_code
  ),

  direct_regions AS (
    SELECT area_code, region_code FROM lad_regions
    UNION ALL
    SELECT area_code, region_code FROM county_regions
    WHERE area_code NOT IN (SELECT area_code FROM lad_regions)
  ),

  -- Codes no lookup covers (older or newer than the lookups loaded) take the region of their successor or predecessor.
  related_regions AS (
    SELECT DISTINCT ON (r.area_code)
      r.area_code,
      d.region_code
    FROM (
      SELECT old_code AS area_code, new_code AS related_code FROM changes
      UNION ALL
      SELECT new_code, old_code FROM changes
    ) AS r
    JOIN direct_regions AS d ON d.area_code = r.related_code
    WHERE r.area_code NOT IN (SELECT area_code FROM direct_regions)
    ORDER BY r.area_code, d.region_code
  ),

  regions AS (
    SELECT area_code, region_code FROM direct_regions
    UNION ALL
    SELECT area_code, region_code FROM related_regions
  ),

  stp_regions AS (
    SELECT DISTINCT ON (s.parent_code)
      s.parent_code AS area_code,
      r.parent_code AS nhs_region_code
    FROM latest_links AS s
    JOIN latest_links AS r ON r.child_code = s.child_code AND r.link = 'nhs_region'
    WHERE s.link = 'stp'
    GROUP BY s.parent_code, r.parent_code
    ORDER BY s.parent_code, count(*) DESC, r.parent_code
  ),

  typed AS (
    SELECT
      n.area_code,
      CASE WHEN n.area_name = upper(n.area_name) THEN initcap(n.area_name) ELSE n.area_name END AS area_name,
      CASE
        WHEN n.area_code = 'E92000001' THEN 'england'
        WHEN n.area_code ~ '^(K0[2-4]|[WSN]92)' THEN 'country'
        WHEN n.area_code LIKE 'E12%' THEN 'region'
        WHEN n.area_code ~ '^(E0[689]|E10|W06|S12|N09)' THEN 'council'
        WHEN n.area_code LIKE 'E07%' THEN 'district'
        WHEN n.area_code LIKE 'E11%' THEN 'metropolitan_county'
        WHEN n.area_code LIKE 'E38%' THEN 'ccg'
        WHEN n.area_code LIKE 'E54%' THEN 'stp'
        WHEN n.area_code LIKE 'E40%' THEN 'nhs_region'
        WHEN n.area_code LIKE 'E39%' THEN 'nhs_local_office'
        ELSE 'other'
      END AS area_type,
      COALESCE(
        p.ons_area_type,
        CASE substr(n.area_code, 1, 3)
          WHEN 'E06' THEN 'unitary authority'
          WHEN 'W06' THEN 'unitary authority'
          WHEN 'E07' THEN 'non-metropolitan district'
          WHEN 'E08' THEN 'metropolitan district'
          WHEN 'E09' THEN 'london borough'
          WHEN 'E10' THEN 'county'
          WHEN 'E11' THEN 'metropolitan county'
          WHEN 'E12' THEN 'region'
          WHEN 'S12' THEN 'council area'
          WHEN 'N09' THEN 'local government district'
          WHEN 'E38' THEN 'ccg'
          WHEN 'E54' THEN 'stp'
          WHEN 'E40' THEN 'nhs_region'
          WHEN 'E39' THEN 'nhs_local_office'
        END,
        CASE WHEN n.area_code ~ '^(K0[2-4]|[EWSN]92)' THEN 'country' ELSE 'other' END
      ) AS ons_area_type
    FROM names AS n
    LEFT JOIN population_types AS p ON p.area_code = n.area_code
  ),

  hierarchy AS (
    SELECT
      t.*,
      o.org_code,
      CASE WHEN t.area_type IN ('council', 'district') THEN r.region_code END AS region_code,
      CASE WHEN t.area_type = 'district' THEN dc.council_code END AS council_code,
      CASE WHEN t.area_type = 'ccg' THEN cs.parent_code END AS stp_code,
      CASE
        WHEN t.area_type IN ('ccg', 'nhs_local_office') THEN COALESCE(cr.parent_code, sr_via_stp.nhs_region_code)
        WHEN t.area_type = 'stp' THEN sr.nhs_region_code
      END AS nhs_region_code
    FROM typed AS t
    LEFT JOIN org_codes AS o ON o.area_code = t.area_code
    LEFT JOIN regions AS r ON r.area_code = t.area_code
    LEFT JOIN district_councils AS dc ON dc.area_code = t.area_code
    LEFT JOIN latest_links AS cs ON cs.child_code = t.area_code AND cs.link = 'stp'
    LEFT JOIN latest_links AS cr ON cr.child_code = t.area_code AND cr.link = 'nhs_region'
    LEFT JOIN stp_regions AS sr ON sr.area_code = t.area_code
    LEFT JOIN stp_regions AS sr_via_stp ON sr_via_stp.area_code = cs.parent_code
  )

  SELECT
    h.area_code,
    h.area_name,
    h.area_type,
    h.ons_area_type,
    h.org_code,
    CASE
      WHEN h.area_type IN ('region', 'nhs_region') THEN 'E92000001'
      WHEN h.area_type = 'council' AND h.area_code LIKE 'E%' THEN h.region_code
      WHEN h.area_type = 'council' AND h.area_code LIKE 'W%' THEN 'W92000004'
      WHEN h.area_type = 'council' AND h.area_code LIKE 'S%' THEN 'S92000003'
      WHEN h.area_type = 'council' AND h.area_code LIKE 'N%' THEN 'N92000002'
      WHEN h.area_type = 'district' THEN h.council_code
      WHEN h.area_type = 'ccg' THEN h.stp_code
      WHEN h.area_type IN ('stp', 'nhs_local_office') THEN h.nhs_region_code
    END AS parent_code,
    h.region_code,
    h.council_code,
    h.stp_code,
    h.nhs_region_code,
    COALESCE(p.valid_from, i.valid_from) AS valid_from,
    COALESCE(s.valid_to, i.valid_to) AS valid_to,
    COALESCE(s.valid_to, i.valid_to) IS NULL AS is_current,
    s.successor_codes,
    p.predecessor_codes
  FROM hierarchy AS h
  LEFT JOIN successors AS s ON s.area_code = h.area_code
  LEFT JOIN predecessors AS p ON p.area_code = h.area_code
  LEFT JOIN inferred_validity AS i ON i.area_code = h.area_code
`;

// The Cube-facing area list: area_type keeps the ONS type names of the published API ('country', 'county', …).
const AREAS_VIEW = `
  CREATE VIEW marts.areas AS
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
  FROM marts.dim_geography
`;
