import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { type MetricDefinition, multiplierOf, readDefinitions } from '../../etl/src/metrics/definitions.js';
import { WAREHOUSE_REFRESH_KEY } from './refresh-keys.js';

/** The cube whose `metric_id` dimension carries every definition in its `meta`, for /v1/meta readers. */
const METRICS_CUBE = 'base_metrics';

/** What Cube's schema repository gives: each model file, named relative to the model folder. */
interface ModelFile {
  fileName: string;
  content: string;
}

/**
 * Cube's model files as they are on disk, with what is defined once elsewhere: every cube's refresh key
 * (WAREHOUSE_REFRESH_KEY), and the metric definitions (cube/metrics/definitions) as the `meta` of the metrics
 * cube's `metric_id` dimension, so that /cubejs-api/v1/meta shows each metric's name, unit, polarity, method
 * and source from the one file that defines it.
 */
export function modelRepository(modelDir: string, definitions: () => MetricDefinition[] = readDefinitions) {
  return {
    localPath: () => modelDir,
    async dataSchemaFiles(): Promise<ModelFile[]> {
      return modelFiles(modelDir).map((fileName) => {
        const content = fs.readFileSync(path.join(modelDir, fileName), 'utf8');
        return { fileName, content: completed(content, definitions) };
      });
    },
  };
}

function modelFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? modelFiles(dir, path.join(prefix, entry.name))
        : /\.(ya?ml|js)$/.test(entry.name)
          ? [path.join(prefix, entry.name)]
          : [],
    )
    .sort();
}

interface CubeFile {
  cubes?: { name: string; refresh_key?: unknown; dimensions?: { name: string; meta?: unknown }[] }[];
}

function completed(content: string, definitions: () => MetricDefinition[]): string {
  const model = yaml.load(content) as CubeFile;
  if (model?.cubes === undefined) return content;
  for (const cube of model.cubes) {
    cube.refresh_key ??= { ...WAREHOUSE_REFRESH_KEY };
    if (cube.name === METRICS_CUBE) addDefinitions(cube, definitions);
  }
  return yaml.dump(model, { lineWidth: -1 });
}

function addDefinitions(cube: NonNullable<CubeFile['cubes']>[number], definitions: () => MetricDefinition[]): void {
  const dimension = cube.dimensions?.find((candidate) => candidate.name === 'metric_id');
  if (dimension === undefined) return;
  dimension.meta = {
    definitions: Object.fromEntries(
      definitions().map((definition) => [
        definition.family ? `${definition.id}:*` : definition.id,
        {
          name: definition.name,
          short_name: definition.short_name,
          description: definition.description,
          method: definition.method,
          // Cube 0.32's YAML reader takes text in meta, not numbers.
          multiplier: String(multiplierOf(definition)),
          unit: definition.unit,
          polarity: definition.polarity,
          benchmark: definition.benchmark,
          grain: definition.grain,
          source: definition.source,
          file: definition.file,
        },
      ]),
    ),
  };
}
