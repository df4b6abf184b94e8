import { admissions } from './admissions/index.js';
import { ascof } from './ascof/index.js';
import { dtoc } from './dtoc/index.js';
import { indicators } from './indicators/index.js';
import { lookups } from './lookups/index.js';
import { mar } from './mar/index.js';
import { pioneers } from './pioneers/index.js';
import { plans } from './plans/index.js';
import { population } from './population/index.js';
import { sitrep } from './sitrep/index.js';
import type { Source } from './types.js';

export const SOURCES: Record<string, Source> = {
  dtoc,
  population,
  lookups,
  mar,
  sitrep,
  admissions,
  pioneers,
  indicators,
  ascof,
  plans,
};
