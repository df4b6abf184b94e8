// jstat 1.9.6 ships no types and there is no @types/jstat: only what the statistics module calls.
declare module 'jstat' {
  interface JStat {
    normal: {
      inv(p: number, mean: number, sd: number): number;
    };
    chisquare: {
      inv(p: number, degreesOfFreedom: number): number;
    };
    studentt: {
      inv(p: number, degreesOfFreedom: number): number;
    };
  }
  const jStat: JStat;
  export default jStat;
}
