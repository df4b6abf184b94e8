export const ENGLAND_CODE = 'E92000001';

export type CouncilOption = { code: string; name: string; type: string };
