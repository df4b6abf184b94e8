import type { Knex } from 'knex';

/**
 * Record-level admissions extracts: episodes as received (raw), and the monthly counts the ETL derives
 * from them while streaming (marts), with the population that makes them rates.
 */
export async function up(knex: Knex): Promise<void> {
  await knex('marts.dim_sex').insert({ sex: 'unknown', label: 'Not known', ons_code: 9 });

  // No indexes, keys or foreign keys (a foreign key check per row halves COPY speed): a 10-million-row
  // extract goes in at COPY speed. The loader writes load_id from the load it has just inserted, and
  // queries go through the monthly counts.
  await knex.raw(`
    CREATE TABLE raw.admission_episodes (
      load_id bigint NOT NULL,
      line_number integer NOT NULL,
      person_id text NOT NULL,
      admission_date date NOT NULL,
      discharge_date date,
      admission_method text NOT NULL,
      admission_source text,
      age smallint NOT NULL,
      sex text,
      council_code text,
      lsoa_code text,
      primary_diagnosis text NOT NULL,
      secondary_diagnoses text,
      discharge_destination text
    )
  `);

  await knex.raw(`
    CREATE TABLE marts.admission_counts (
      load_id bigint NOT NULL,
      period_month date NOT NULL,
      area_code text NOT NULL,
      age_band text NOT NULL,
      sex text NOT NULL,
      admissions integer NOT NULL DEFAULT 0,
      elective_admissions integer NOT NULL DEFAULT 0,
      emergency_admissions integer NOT NULL DEFAULT 0,
      emergency_admissions_from_care_homes integer NOT NULL DEFAULT 0,
      emergency_admissions_falls_injury integer NOT NULL DEFAULT 0,
      emergency_admissions_chronic_acsc integer NOT NULL DEFAULT 0,
      discharges integer NOT NULL DEFAULT 0,
      discharges_alive integer NOT NULL DEFAULT 0,
      discharges_to_usual_residence integer NOT NULL DEFAULT 0,
      discharges_to_care_home_from_elsewhere integer NOT NULL DEFAULT 0,
      PRIMARY KEY (load_id, period_month, area_code, age_band, sex)
    )
  `);
  await knex.raw(
    `COMMENT ON TABLE marts.admission_counts IS 'Monthly counts derived from raw.admission_episodes by etl/src/sources/admissions: admission measures by month of admission, discharge measures by month of discharge'`,
  );

  await knex.raw(`
    CREATE VIEW marts.admission_outcomes AS
    WITH counts AS (
      SELECT
        c.period_month,
        c.area_code,
        c.age_band,
        b.min_age,
        c.sex,
        c.admissions,
        c.elective_admissions,
        c.emergency_admissions,
        c.emergency_admissions_from_care_homes,
        c.emergency_admissions_falls_injury,
        c.emergency_admissions_chronic_acsc,
        c.discharges,
        c.discharges_alive,
        c.discharges_to_usual_residence,
        c.discharges_to_care_home_from_elsewhere
      FROM marts.admission_counts AS c
      INNER JOIN marts.dim_age_band AS b ON b.age_band = c.age_band
    )

    SELECT
      concat_ws('|', period_month, area_code, age_band, sex) AS admission_outcome_id,
      period_month,
      area_code,
      age_band,
      min_age >= 65 AS is_65_plus,
      sex,
      admissions,
      elective_admissions,
      emergency_admissions,
      emergency_admissions_from_care_homes,
      emergency_admissions_falls_injury,
      emergency_admissions_chronic_acsc,
      discharges,
      discharges_alive,
      discharges_to_usual_residence,
      discharges_to_care_home_from_elsewhere
    FROM counts
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP VIEW marts.admission_outcomes');
  await knex.raw('DROP TABLE marts.admission_counts');
  await knex.raw('DROP TABLE raw.admission_episodes');
  await knex('marts.dim_sex').where({ sex: 'unknown' }).delete();
}
