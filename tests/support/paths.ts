import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const SHARED_REAL = path.resolve(REPO_ROOT, '../shared/data/real');
export const sharedFile = (...parts: string[]) => path.join(SHARED_REAL, ...parts);
