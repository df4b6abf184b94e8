import fs from 'node:fs';
import { InputError, type InputLocation } from './errors.js';

const REFERENCE = new URL('../../reference/english-areas.csv', import.meta.url);

/** ONS code of England. */
export const ENGLAND_CODE = 'E92000001';

export interface KnownArea {
  areaCode: string;
  areaName: string;
  areaType: string;
}

let cache: Map<string, KnownArea> | undefined;

/** England, its regions, and every upper- and lower-tier council code in use since 2009 (etl/reference/english-areas.csv). */
export function knownAreas(): Map<string, KnownArea> {
  if (!cache) {
    const [, ...lines] = fs.readFileSync(REFERENCE, 'utf8').trim().split('\n');
    cache = new Map(
      lines.map((line) => {
        const [areaCode, areaName, areaType] = line
          .match(/("[^"]*"|[^,]*)(,|$)/g)!
          .map((v) => v.replace(/,$/, '').replace(/^"|"$/g, ''));
        return [areaCode!, { areaCode: areaCode!, areaName: areaName!, areaType: areaType! }];
      }),
    );
  }
  return cache;
}

/** ONS entity codes of the geographies in the reference list: any such code must be listed there. */
const CHECKED_ENTITIES = /^E(06|07|08|09|10|12|92)\d{6}$/;
/** Other GSS geographies (CCGs E38, ICBs E54, NHS regions E40, Welsh and Scottish areas…) are accepted by shape. */
const GSS_CODE = /^[EWSNKJ]\d{8}$/;
/** NHS organisation codes (GP practices, PCNs, trusts, CCGs by ODS code) are accepted where the area type says so. */
const ORGANISATION_TYPE = /gp|practice|pcn|primary care network|trust|provider|hospital|ccg|icb|stp|sub-icb/i;
const ORGANISATION_CODE = /^[A-Z0-9]{3,9}$/;

/** Returns the code upper-cased, or throws naming the location when it is not a code for a known area. */
export function checkAreaCode(value: string, location: InputLocation, areaType = ''): string {
  const code = value.trim().toUpperCase();
  if (code === '') throw new InputError(location, 'the area code is blank');
  if (CHECKED_ENTITIES.test(code)) {
    if (!knownAreas().has(code)) {
      throw new InputError(
        location,
        `unknown area code '${code}' (not England, a region or a council code in etl/reference/english-areas.csv)`,
      );
    }
    return code;
  }
  if (GSS_CODE.test(code)) return code;
  if (ORGANISATION_TYPE.test(areaType) && ORGANISATION_CODE.test(code)) return code;
  throw new InputError(
    location,
    `'${value}' is not an area code (expected an ONS code such as E10000032${areaType ? '' : ', or an NHS organisation code with its area type'})`,
  );
}
