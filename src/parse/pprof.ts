// Reads pprof profiles (gzipped or plain protobuf, as runtime/pprof writes them) with the
// pprof-format library into a shape with strings and frames resolved.
// Reference: github.com/google/pprof/proto/profile.proto.
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';

/** One frame of a location: innermost first when the compiler inlined calls. */
export interface PFrame {
  function: string;
  file: string;
  /** 1-based */
  line: number;
}

export interface PLocation {
  address: bigint;
  /** innermost first (the inlined callee), outermost last (the function whose code it is) */
  frames: PFrame[];
}

export interface PSample {
  /** leaf first */
  stack: PLocation[];
  values: number[];
}

export interface ParsedProfile {
  sampleTypes: { type: string; unit: string }[];
  defaultSampleType: string;
  periodType?: { type: string; unit: string };
  /** sampling period; for heap profiles the MemProfileRate (1 = every allocation recorded) */
  period: number;
  samples: PSample[];
}

export class ProfileFormatError extends Error {}

const num = (v: number | bigint | undefined): number => (v === undefined ? 0 : Number(v));

/** Decodes a profile; throws ProfileFormatError with one line for anything that is not one. */
export function parseProfile(data: Uint8Array, maxInflated = 256 << 20): ParsedProfile {
  let raw = data;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      // bounded: a small gzip bomb must not inflate to gigabytes
      raw = gunzipSync(raw, { maxOutputLength: maxInflated });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new ProfileFormatError(`gzip data inflates to more than the ${maxInflated}-byte limit (--max-profile-bytes raises it)`);
      throw new ProfileFormatError(`corrupt or truncated gzip data (${(e as Error).message})`);
    }
  }
  let p: Profile;
  try {
    p = Profile.decode(raw);
  } catch (e) {
    throw new ProfileFormatError(`not a pprof protobuf profile (${(e as Error).message})`);
  }
  const str = p.stringTable.strings;
  if (p.sampleType.length === 0 || str.length === 0 || str[0] !== '') {
    throw new ProfileFormatError('not a pprof protobuf profile (no sample types or string table)');
  }
  const s = (i: number | bigint) => {
    const k = Number(i);
    if (k < 0 || k >= str.length) throw new ProfileFormatError(`corrupt profile: string index ${k} out of range`);
    return str[k];
  };
  const fns = new Map<number, { name: string; file: string }>();
  for (const f of p.function) fns.set(num(f.id), { name: s(f.name), file: s(f.filename) });
  const locs = new Map<number, PLocation>();
  for (const l of p.location) {
    locs.set(num(l.id), {
      address: BigInt(l.address ?? 0),
      frames: l.line.map((ln) => {
        const f = fns.get(num(ln.functionId));
        return { function: f?.name ?? '?', file: f?.file ?? '?', line: num(ln.line) };
      }),
    });
  }
  const samples: PSample[] = p.sample.map((sm) => ({
    stack: sm.locationId.map((id) => {
      const l = locs.get(num(id));
      if (!l) throw new ProfileFormatError(`corrupt profile: sample refers to missing location ${id}`);
      return l;
    }),
    values: sm.value.map(num),
  }));
  const sampleTypes = p.sampleType.map((t) => ({ type: s(t.type), unit: s(t.unit) }));
  for (const sm of samples) {
    if (sm.values.length !== sampleTypes.length) throw new ProfileFormatError('corrupt profile: sample value count differs from sample types');
  }
  return {
    sampleTypes,
    defaultSampleType: num(p.defaultSampleType) ? s(p.defaultSampleType) : sampleTypes[sampleTypes.length - 1].type,
    periodType: p.periodType ? { type: s(p.periodType.type), unit: s(p.periodType.unit) } : undefined,
    period: num(p.period),
    samples,
  };
}
