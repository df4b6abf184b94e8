import { dtoc } from './dtoc/index.js';
import { population } from './population/index.js';
import type { Source } from './types.js';

export const SOURCES: Record<string, Source> = { dtoc, population };
