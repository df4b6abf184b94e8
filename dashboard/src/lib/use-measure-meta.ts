import { cubeApi } from './cube';
import { type MeasureMeta, readMeasureMeta } from './measure-meta';
import { type RequestState, useCubeRequest } from './use-cube-request';

const loadMeasureMeta = async (member: string): Promise<MeasureMeta> => readMeasureMeta(await cubeApi.meta(), member);

/** A measure's unit and polarity from Cube's /meta, so that pages do not hard-code them. */
export function useMeasureMeta(member: string): RequestState<MeasureMeta> {
  return useCubeRequest(member, loadMeasureMeta);
}
